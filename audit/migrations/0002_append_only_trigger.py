"""On PostgreSQL the audit table refuses UPDATE and DELETE, whoever sends them.

A row-level trigger raises on every UPDATE or DELETE of audit_auditevent. TRUNCATE is a
statement of its own that row triggers never see: the test suite's transactional tests empty
the table with it, and a database owner who truncates the trail is outside what a trigger can
stop anyway (the chain then starts again, and the missing history shows in backups). A
superuser can also switch triggers off (`session_replication_role = replica`); the hash chain
is what catches an edit made that way. On SQLite this migration does nothing.
"""

from django.db import migrations

INSTALL = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
"""

REMOVE = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_append_only();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
