"""Database functions the ORM lacks on every backend the project runs on."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS
from django.db.models import (
    Aggregate,
    CharField,
    F,
    Field,
    ForeignKey,
    JSONField,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import JSONObject
from django.utils import timezone

M = TypeVar("M", bound=Model)


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


class JSONArrayAgg(Aggregate):
    """The group's values as one JSON array: PostgreSQL's `jsonb_agg`, SQLite's
    `json_group_array` (Django 5.2's `JSONBAgg` is PostgreSQL's only). The order of the
    elements is the database's: callers must not rely on it."""

    function = "JSONB_AGG"
    output_field = JSONField()
    allow_distinct = False

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra)


def rows_as_json(queryset: QuerySet[Any], parent: str, fields: Sequence[str]) -> Subquery:
    """A subquery for the outer row: the rows of `queryset` whose `parent` (a foreign key's
    name) is that row, as a JSON array of objects with `fields`, NULL when there are none.
    A field is an attribute name (`item_id`, `size`) or a foreign key's and one of its
    model's fields (`recorded_by__username`). `instances_from_json` makes them model
    instances again, with those related objects.

    For a short list shown with each row of a page (an item's files, a filing's changes):
    the page reads the list with its parent in one query instead of two."""
    # A related object is made from its key: `recorded_by__username` reads `recorded_by_id`.
    keys = [f"{name.split('__')[0]}_id" for name in fields if "__" in name]
    named = dict.fromkeys([*fields, *keys])
    return Subquery(
        queryset.filter(**{parent: OuterRef("pk")})
        .order_by()
        .values(parent)
        .annotate(rows=JSONArrayAgg(JSONObject(**{name: F(name) for name in named})))
        .values("rows"),
        output_field=JSONField(),
    )


def instances_from_json(model: type[M], rows: list[dict[str, Any]] | None) -> list[M]:
    """`rows_as_json`'s objects as instances of `model`, in primary key order, loaded as from
    the database with the fields the JSON has (any other is deferred: reading it is a
    query). A `key__field` value loads the related object with that field: `key`'s object
    is there without a query, None when the key is empty. JSON has no dates: each value is
    parsed by its field, and a naive time (SQLite keeps UTC without a zone) made aware."""
    found = []
    for row in rows or []:
        own: dict[str, Any] = {}
        related: dict[str, dict[str, Any]] = {}
        for name, value in row.items():
            key, _, rest = name.partition("__")
            if rest:
                related.setdefault(key, {})[rest] = value
            else:
                own[name] = value
        instance = _loaded(model, own)
        for key, values in related.items():
            fk = _field(model, key)
            if not isinstance(fk, ForeignKey):
                raise TypeError(f"{model.__name__}.{key} is not a foreign key")
            target_id = getattr(instance, fk.attname)
            target = None
            if target_id is not None:
                # A resolved key's model (the "self" of an unresolved one never reaches here).
                target = _loaded(fk.remote_field.model, {"pk": target_id, **values})
            fk.set_cached_value(instance, target)
        found.append(instance)
    return sorted(found, key=lambda instance: instance.pk)


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{model.__name__}.{name} is not a field of its table")
    return field


def _loaded(model: type[M], row: dict[str, Any]) -> M:
    values = {}
    for name, raw in row.items():
        field = _field(model, name)
        value = field.to_python(raw)
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.UTC)
        values[field.attname] = value
    # from_db takes the values in the order of the model's fields.
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[n] for n in names])
