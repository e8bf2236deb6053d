"""The deployment files: Docker is not available here, so they are checked by reading them."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_names_the_five_services():
    assert set(compose()["services"]) == {"postgres", "redis", "web", "worker", "beat"}


def test_compose_runs_web_under_gunicorn_and_a_single_beat():
    services = compose()["services"]
    assert "gunicorn config.wsgi" in " ".join(services["web"]["command"].split())
    assert services["beat"]["deploy"]["replicas"] == 1
    assert "beat" in services["beat"]["command"]
    assert "worker" in services["worker"]["command"]


def test_compose_app_services_share_database_broker_and_secret():
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://redis:6379/")
        assert "SECRET_KEY" in env
        # The cache lives in another Redis database than the broker.
        assert env["CACHE_URL"] != env["REDIS_URL"]


def test_compose_restarts_every_service_after_a_crash():
    # `unless-stopped` or `always` also come back after a reboot; `on-failure` after a crash.
    for name, service in compose()["services"].items():
        assert service.get("restart") in {"unless-stopped", "always", "on-failure"}, name


def test_compose_broker_never_evicts_messages():
    command = compose()["services"]["redis"]["command"]
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"


def test_env_example_lists_every_variable_the_settings_read():
    settings_text = (ROOT / "config" / "settings.py").read_text()
    example = (ROOT / ".env.example").read_text()
    import re

    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"', settings_text))
    listed = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", example, re.MULTILINE))
    assert read, "the settings read no variables?"
    assert read <= listed, f"missing from .env.example: {sorted(read - listed)}"
