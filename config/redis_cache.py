"""Django's Redis cache backend, with one Redis client per connection pool instead of one per
operation.

django.core.cache.backends.redis builds a new `redis.Redis` for every get or set; building
one fills a table of some 170 response callbacks, which costs more than the round trip to a
Redis on the same network (profiled: ~0.2 ms of a 0.4 ms `get`). A client is thread-safe
(it takes a connection from its pool for each command), so each pool's is made once.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]  # private in Django, not in django-stubs
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(index)  # type: ignore[attr-defined]  # as above
            client = self._clients[index] = self._client(connection_pool=pool)  # type: ignore[attr-defined]  # as above
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
