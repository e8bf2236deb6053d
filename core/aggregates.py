"""Database functions the ORM lacks on every backend the project runs on."""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, CharField


class GroupConcat(Aggregate):
    """The text values of a group joined by commas: SQLite's `group_concat`, PostgreSQL's
    `string_agg` (Django 5.2's `StringAgg` is PostgreSQL's only). The order of the parts is
    the database's: callers must not rely on it."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = CharField()
    allow_distinct = False

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s((%(expressions)s)::text, ',')",
            **extra,
        )
