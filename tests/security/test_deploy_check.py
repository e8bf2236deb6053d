"""The production environment of .env.example passes `check --deploy` at warning level, and
turns on what the security baseline promises (Argon2, the second factor, the CSP)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_env() -> dict[str, str]:
    example = (ROOT / ".env.example").read_text()
    values = dict(re.findall(r"^([A-Z_][A-Z0-9_]*)=(.*)$", example, re.MULTILINE))
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return {**base, **values, "PYTHONDONTWRITEBYTECODE": "1"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_the_production_example():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_turn_on_the_security_baseline():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.PASSWORD_HASHERS[0]); print(s.REQUIRE_2FA); print(s.SESSION_COOKIE_SECURE); "
        "print(s.CSRF_COOKIE_SECURE); print(s.SECURE_HSTS_SECONDS); "
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'])"
    )
    result = run(
        "-c", f"import os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; {script}"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert lines[1:4] == ["True", "True", "True"]
    assert int(lines[4]) >= 31536000
    assert lines[5] == "[\"'self'\"]"
