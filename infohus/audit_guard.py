"""The audit log is append-only at the database: triggers refuse UPDATE, DELETE and
(on PostgreSQL) TRUNCATE of auditlog_logentry, whatever code or console sends them.

Installed by migration infohus.0003; deactivate users instead of deleting them, since
auditlog would otherwise try to null the actor of their entries.
"""

TABLE = "auditlog_logentry"

POSTGRESQL_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION infohus_audit_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'auditlog_logentry is append-only: % refused', TG_OP;
    END;
    $$ LANGUAGE plpgsql
    """,
    f"DROP TRIGGER IF EXISTS infohus_audit_append_only ON {TABLE}",
    f"""CREATE TRIGGER infohus_audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION infohus_audit_append_only()""",
    f"DROP TRIGGER IF EXISTS infohus_audit_no_truncate ON {TABLE}",
    f"""CREATE TRIGGER infohus_audit_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION infohus_audit_append_only()""",
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS infohus_audit_append_only ON {TABLE}",
    f"DROP TRIGGER IF EXISTS infohus_audit_no_truncate ON {TABLE}",
]

SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS infohus_audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'auditlog_logentry is append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS infohus_audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'auditlog_logentry is append-only: DELETE refused'); END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS infohus_audit_no_update",
    "DROP TRIGGER IF EXISTS infohus_audit_no_delete",
]

# The auditor searches by object and time, and by actor and time (auditlog ships
# single-column indexes only).
INDEXES = [
    f"CREATE INDEX IF NOT EXISTS infohus_audit_object_time ON {TABLE} (content_type_id, object_pk, timestamp)",
    f"CREATE INDEX IF NOT EXISTS infohus_audit_actor_time ON {TABLE} (actor_id, timestamp)",
]
DROP_INDEXES = ["DROP INDEX IF EXISTS infohus_audit_object_time", "DROP INDEX IF EXISTS infohus_audit_actor_time"]


def _run(connection, statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection) -> None:
    if connection.vendor == "postgresql":
        _run(connection, POSTGRESQL_INSTALL)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_INSTALL)
    else:
        raise NotImplementedError(f"No append-only trigger for {connection.vendor}")


def remove(connection) -> None:
    _run(connection, POSTGRESQL_REMOVE if connection.vendor == "postgresql" else SQLITE_REMOVE)
