"""Walking Django's URL resolver: every pattern of config.urls, with its full name
(namespaces joined by ':') and the names and types of the values it takes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

# Converters that take an object's id: Django's `int`, and the API's (which takes any
# segment so that a malformed id is a 400 problem, not Django's HTML 404).
ID_CONVERTERS = frozenset({IntConverter.__name__, "ApiIdConverter"})


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    converters: dict[str, str]  # parameter name -> converter class name

    @property
    def int_params(self) -> list[str]:
        return [k for k, v in self.converters.items() if v in ID_CONVERTERS]

    @property
    def is_api(self) -> bool:
        """An endpoint of the token-authenticated API (api/urls.py), not a page."""
        return self.name.startswith("api:")

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")


def walk(resolver: URLResolver | None = None, prefix: str = "", ns: str = "") -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        converters = {
            k: type(v).__name__ for k, v in getattr(pattern.pattern, "converters", {}).items()
        }
        if isinstance(pattern, URLResolver):
            namespace = ns
            if pattern.namespace:
                namespace = f"{ns}:{pattern.namespace}" if ns else pattern.namespace
            for inner in walk(pattern, prefix + str(pattern.pattern), namespace):
                yield Route(inner.name, inner.route, {**converters, **inner.converters})
        elif isinstance(pattern, URLPattern):
            name = f"{ns}:{pattern.name}" if ns and pattern.name else (pattern.name or "")
            yield Route(
                name or f"<unnamed {prefix}{pattern.pattern}>",
                prefix + str(pattern.pattern),
                converters,
            )


def id_routes() -> list[Route]:
    """Every route that takes an integer id, the admin's included."""
    return [r for r in walk() if r.int_params]
