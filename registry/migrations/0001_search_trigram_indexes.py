"""Trigram indexes for the public register's search; on SQLite this migration does nothing.

`registry.selectors.published(text)` filters with `icontains`, which Django writes on PostgreSQL
as `UPPER("column"::text) LIKE UPPER('%text%')`. A trigram index on the bare column is never
used for that expression, so each index is on `UPPER(column::text)`, exactly as Django writes it.
pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without being
a superuser. Going back drops the indexes and leaves the extension, which other objects may use.
"""

from django.db import migrations

# (index, table, column): the texts the register searches.
INDEXES = [
    ("registry_platform_name_zh_trgm", "platforms_platform", "name_zh"),
    ("registry_platform_name_en_trgm", "platforms_platform", "name_en"),
    ("registry_operator_name_zh_trgm", "platforms_operator", "name_zh"),
    ("registry_operator_name_en_trgm", "platforms_operator", "name_en"),
    ("registry_feature_title_trgm", "platforms_plannedfeature", "title"),
    ("registry_filing_number_trgm", "filings_filing", "filing_number"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
    for index, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)',
            params=None,
        )
    # Statistics on the indexed expressions exist only once ANALYZE has run, and autovacuum
    # analyzes a table only after enough of it has changed: until then the planner guesses
    # how many rows a search matches.
    for table in sorted({table for _index, table, _column in INDEXES}):
        schema_editor.execute(f'ANALYZE "{table}"', params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index}"', params=None)


class Migration(migrations.Migration):
    # The indexes need only the tables and columns, all there since each app's first
    # migration: depending on no later one keeps this independent of those apps' index work.
    dependencies = [
        ("platforms", "0001_initial"),
        ("filings", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
