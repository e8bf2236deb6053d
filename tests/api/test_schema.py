"""The OpenAPI 3 schema is valid, and the interactive docs load from this site alone."""

from __future__ import annotations

import re

import pytest
import yaml
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3_and_lists_the_endpoints():
    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)  # raises on an invalid document
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/platforms/",
        "/api/v1/platforms/{pk}/features/",
        "/api/v1/filings/{pk}/submit/",
        "/api/v1/assessments/{pk}/answers/{question_pk}/",
        "/api/v1/review/queue/",
    } <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"


def test_the_schema_is_generated_without_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_the_docs_page_loads_only_local_files():
    client = Client()
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert not re.search(r"https?://", html), "the docs page must not load anything from elsewhere"
    assert "<script>" not in html and "<style" not in html  # the CSP forbids inline code
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    for source in sources:
        assert source.startswith("/"), source
        assert client.get(source).status_code == 200, source
    script = client.get("/api/v1/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
    assert "'self'" in page["Content-Security-Policy"]


def test_the_schema_describes_the_errors_as_problems():
    schema = yaml.safe_load(Client().get("/api/v1/schema/").content)
    submit = schema["paths"]["/api/v1/filings/{pk}/submit/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404", "409", "422", "429"} <= set(submit)
    assert "application/problem+json" in submit["409"]["content"]
    assert set(schema["components"]["schemas"]["Problem"]["required"]) == {
        "type",
        "title",
        "status",
        "detail",
    }
