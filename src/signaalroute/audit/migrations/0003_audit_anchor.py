"""The anchor of a pruned audit chain. On PostgreSQL the append-only trigger now lets a DELETE
through only for entries at or before the newest anchor (pruning under retention writes the
anchor first, in the same transaction); UPDATE stays refused. Anchors are append-only too."""

import uuid

from django.db import migrations, models

CREATE = """
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
CREATE OR REPLACE FUNCTION audit_auditanchor_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditanchor is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_auditanchor_append_only ON audit_auditanchor;
CREATE TRIGGER audit_auditanchor_append_only
    BEFORE UPDATE OR DELETE ON audit_auditanchor
    FOR EACH ROW EXECUTE FUNCTION audit_auditanchor_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditanchor_append_only ON audit_auditanchor;
DROP FUNCTION IF EXISTS audit_auditanchor_append_only();
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
BEGIN
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
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [
        migrations.CreateModel(
            name="AuditAnchor",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("position", models.PositiveBigIntegerField(unique=True)),
                ("entry_hash", models.CharField(max_length=64)),
                ("removed", models.PositiveIntegerField()),
                ("before", models.DateTimeField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"ordering": ["-position"]},
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
