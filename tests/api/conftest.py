"""API clients for the personas: each holds a token for its own organisation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from api.models import Scope
from api.services import create_token


class ApiClient:
    """Django's test client with a bearer token and JSON bodies."""

    def __init__(self, raw_token: str | None, token: Any = None) -> None:
        self.client = Client()
        self.raw = raw_token
        self.token = token

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.raw}"} if self.raw else {}
        for name, value in (extra or {}).items():
            headers["HTTP_" + name.upper().replace("-", "_")] = value
        return headers

    def get(self, url: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
        return self.client.get(url, params or None, **self._headers(headers))

    def send(
        self,
        method: str,
        url: str,
        body: Any = None,
        *,
        raw: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return getattr(self.client, method)(
            url, data, content_type="application/json", **self._headers(headers)
        )

    def post(self, url: str, body: Any = None, **kwargs: Any) -> Any:
        return self.send("post", url, body, **kwargs)

    def put(self, url: str, body: Any = None, **kwargs: Any) -> Any:
        return self.send("put", url, body, **kwargs)


def client_for(user: Any, scope: str = Scope.WRITE, days: int = 30) -> ApiClient:
    token, raw = create_token(owner=user, name="CI", scope=scope, days=days)
    return ApiClient(raw, token)


@pytest.fixture
def douyin_api(douyin_officer: Any, douyin: Any) -> ApiClient:
    return client_for(douyin_officer)


@pytest.fixture
def douyin_reader(douyin_officer: Any, douyin: Any) -> ApiClient:
    return client_for(douyin_officer, Scope.READ)


@pytest.fixture
def wechat_api(wechat_officer: Any, wechat: Any) -> ApiClient:
    return client_for(wechat_officer)


@pytest.fixture
def beijing_api(beijing_reviewer: Any) -> ApiClient:
    return client_for(beijing_reviewer, Scope.READ)


@pytest.fixture
def shanghai_api(shanghai_reviewer: Any) -> ApiClient:
    return client_for(shanghai_reviewer, Scope.READ)


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("/api/v1/problems/")
    assert body["title"] and "detail" in body
    return body
