"""An S3-compatible server for the storage tests, and the evidence storage pointed at it.

moto's server mode (`python -m moto.server`) is the S3-compatible server this network offers:
no MinIO or Ceph binary can be downloaded here. It speaks the same protocol over HTTP on
127.0.0.1, conditional writes included. The fixture starts it once per session on a free
port; `S3_TEST_ENDPOINT_URL` names one already running instead. Without moto the tests skip,
and fail under CI=true.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import IN_CI

ACCESS_KEY = "evidence-test-key"
SECRET_KEY = "evidence-test-secret"  # noqa: S105 - moto accepts any key
REGION = "us-east-1"
PREFIX = "evidence"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server on port {port} exited: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the server on port {port} did not start within 30 s: {log.read_text()[-2000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of an S3-compatible server on this machine."""
    if os.environ.get("S3_TEST_ENDPOINT_URL"):
        yield os.environ["S3_TEST_ENDPOINT_URL"]
        return
    if importlib.util.find_spec("moto") is None or importlib.util.find_spec("flask") is None:
        if IN_CI:
            pytest.fail("moto[server] is required under CI (requirements-dev.txt).")
        pytest.skip("needs moto[server] (pip install -r requirements-dev.txt)")
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    try:
        wait_until_listening(port, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


@dataclass
class Bucket:
    """A fresh private bucket on the test server, and what the tests read of it."""

    endpoint: str
    name: str
    client: Any

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(entry["Key"] for entry in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def storage_options(self) -> dict[str, Any]:
        """What config/settings.py builds from the EVIDENCE_S3_* variables."""
        return {
            "bucket_name": self.name,
            "endpoint_url": self.endpoint,
            "region_name": REGION,
            "location": PREFIX,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
        }

    def environment(self) -> dict[str, str]:
        """The same, as the variables a server process reads."""
        return {
            "EVIDENCE_S3_BUCKET": self.name,
            "EVIDENCE_S3_ENDPOINT_URL": self.endpoint,
            "EVIDENCE_S3_REGION": REGION,
            "EVIDENCE_S3_PREFIX": PREFIX,
            "EVIDENCE_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "EVIDENCE_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        }


@pytest.fixture
def bucket(s3_endpoint: str) -> Bucket:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    name = f"evidence-{uuid.uuid4().hex[:16]}"
    client.create_bucket(Bucket=name)
    return Bucket(s3_endpoint, name, client)


@pytest.fixture
def evidence_in_s3(settings: Any, bucket: Bucket, tmp_path: Path) -> Bucket:
    """The evidence storage is the bucket (after the suite's autouse temporary directory)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "assessments.storage.EvidenceS3Storage",
            "OPTIONS": bucket.storage_options(),
        },
    }
    return bucket
