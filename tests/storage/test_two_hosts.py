"""Two web hosts that share nothing but PostgreSQL and the bucket: a file uploaded through one
is downloaded through the other.

Each host is a gunicorn process of its own with its own VAR_DIR and EVIDENCE_ROOT; both use
the test database (PostgreSQL: a skip on SQLite locally, a failure under CI=true) and the
moto S3 server. The officer logs in over HTTP like a browser (a cookie jar, the CSRF token
from the login form), as a load balancer would send one person's requests to either host.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from django.utils.crypto import get_random_string

from assessments.models import Evidence, Question
from tests.builders import plan_feature

from .conftest import PREFIX, Bucket, free_port, stop, wait_until_listening

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "two-hosts-pass-2026"  # noqa: S105 - a test user's
PDF = b"%PDF-1.4\n% two hosts\n" + bytes(range(256)) * 2000 + b"\n%%EOF\n"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def start_host(
    transactional_db: Any, postgres: Any, bucket: Bucket, tmp_path: Path
) -> Iterator[Callable[[str], str]]:
    """start_host(name) runs one web host and returns its base URL. Torn down before the
    test database is flushed (the fixture asks for transactional_db)."""
    started: list[subprocess.Popen[bytes]] = []

    def start(name: str) -> str:
        var_dir = tmp_path / name
        var_dir.mkdir()
        port = free_port()
        environ = {
            **{k: v for k, v in os.environ.items() if k != "CI" and not k.startswith("EVIDENCE_")},
            "DATABASE_URL": database_url(),
            "DEBUG": "true",  # plain HTTP: no TLS redirect, no Secure-only cookies
            "SECRET_KEY": "two-hosts-share-one-secret-key-as-production-does-0123456789",
            "VAR_DIR": str(var_dir),
            "EVIDENCE_ROOT": str(var_dir / "evidence"),
            "CONN_MAX_AGE": "0",
            **bucket.environment(),
        }
        environ.pop("CACHE_URL", None)
        log = var_dir / "gunicorn.log"
        process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=environ,
            stdout=subprocess.DEVNULL,
            stderr=log.open("wb"),
        )
        started.append(process)
        wait_until_listening(port, process, log)
        return f"http://127.0.0.1:{port}"

    yield start
    for process in started:
        stop(process)


def can_log_in_over_http(user: Any) -> Any:
    """The suite hashes passwords with MD5, which the servers do not accept (config/settings)."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, get_random_string(22), iterations=1000)
    user.save(update_fields=["password"])
    return user


def log_in(session: requests.Session, host: str, username: str) -> None:
    url = host + reverse("accounts:login")
    form = session.get(url, timeout=30)
    token = CSRF_FIELD.search(form.text)
    assert form.status_code == 200 and token, form.text[:500]
    response = session.post(
        url,
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]


def csrf_token(session: requests.Session, page: str) -> str:
    token = CSRF_FIELD.search(session.get(page, timeout=30).text)
    assert token, f"no CSRF token on {page}"
    return token[1]


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_a_file_uploaded_through_one_host_is_downloaded_through_the_other(
    start_host, bucket: Bucket, douyin, douyin_officer, wechat_officer, tmp_path
):
    assessment = next(
        f for f in plan_feature(douyin, douyin_officer) if f.regime.code == "cn-security-assessment"
    ).assessment
    can_log_in_over_http(douyin_officer)
    can_log_in_over_http(wechat_officer)
    question = Question.objects.get(section__template=assessment.template, code="A8")
    one, two = start_host("one"), start_host("two")

    officer = requests.Session()
    log_in(officer, one, "douyin_officer")
    section = one + reverse("assessments:section", args=[assessment.pk, question.section.code])
    upload = one + reverse("assessments:upload_evidence", args=[assessment.pk, question.pk])
    response = officer.post(
        upload,
        data={
            "csrfmiddlewaretoken": csrf_token(officer, section),
            f"q{question.pk}-classification": "confidential",
        },
        files={f"q{question.pk}-file": ("self-assessment 自评估.pdf", PDF, "application/pdf")},
        headers={"Referer": section},
        allow_redirects=False,
        timeout=60,
    )
    assert response.status_code == 302, response.text[:1000]

    evidence = Evidence.objects.get()
    assert bucket.keys() == [f"{PREFIX}/{evidence.file.name}"]
    assert files_under(tmp_path / "one" / "evidence") == []

    download = two + reverse("assessments:download_evidence", args=[evidence.pk])
    response = officer.get(download, stream=True, timeout=60)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    received = b"".join(response.iter_content(64 * 1024))
    assert received == PDF
    assert hashlib.sha256(received).hexdigest() == evidence.sha256
    assert files_under(tmp_path / "two" / "evidence") == []

    outsider = requests.Session()
    log_in(outsider, two, "wechat_officer")
    assert outsider.get(download, timeout=30).status_code == 404
