"""How the schema describes the bearer token (Swagger UI's "Authorize" button)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token made on the “API tokens” page: flt_…",
        }


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details (docs/api.md, “Errors”).",
    "properties": {
        "type": {"type": "string", "example": "/api/v1/problems/not-found"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "One row per refused field (validation errors only).",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}

_READ_PROBLEMS = {
    "400": "Invalid input: an id that is not a whole number, a bad filter or cursor.",
    "401": "No token, or one that is unknown, revoked, expired or no longer usable.",
    "403": "A read token writing, or a token of the other side.",
    "404": "Not found, or not visible to the token (they look the same).",
    "406": "An Accept header that excludes JSON: the API answers in JSON only.",
    "429": "Past the token's rate limit: see Retry-After.",
}
_WRITE_PROBLEMS = {
    "409": "The workflow refuses the step in the present state.",
    "413": "Too large: a JSON body past 5 MB, an evidence file past the size limit (20 MB).",
    "415": "Not JSON.",
    "422": "The Idempotency-Key was first used with another request.",
}


def add_problem_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: every operation's error answers, as problems."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    for path, operations in result.get("paths", {}).items():
        if path.endswith(("/schema/", "/docs/")):
            continue
        for method, operation in operations.items():
            problems = dict(_READ_PROBLEMS)
            if method in ("post", "put", "patch", "delete"):
                problems.update(_WRITE_PROBLEMS)
            responses = operation.setdefault("responses", {})
            for code, description in problems.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/problem+json": {"schema": ref}},
                    },
                )
    return result
