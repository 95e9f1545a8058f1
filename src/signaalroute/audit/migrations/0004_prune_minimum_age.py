"""On PostgreSQL the append-only trigger lets a DELETE through only for an entry that an anchor
covers **and** that is at least 180 days old. Whoever holds the application's database
credentials could otherwise write an anchor of their own and delete yesterday's history; now
only history the retention table may remove (the audit log's rule allows no fewer than six
months) can go. UPDATE stays refused."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
        AND OLD.timestamp < now() - interval '180 days'
        AND OLD.position <= (SELECT COALESCE(MAX(position), 0) FROM audit_auditanchor)
    THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_auditentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

PREVIOUS = """
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.position <= (
        SELECT COALESCE(MAX(position), 0) FROM audit_auditanchor
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_auditentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_audit_anchor")]
    operations = [migrations.RunPython(forwards, backwards)]
