"""Owner and application roles on PostgreSQL: the application's database role must not be
able to rewrite the log.

The append-only triggers (`audit_guard`) stop UPDATE, DELETE and TRUNCATE from any role, but
the table's owner can `ALTER TABLE … DISABLE TRIGGER`, replace the trigger function or drop
the table, and a superuser can also `SET session_replication_role = replica` (triggers do
not fire). So in production the migrations run as an OWNER role and the application as an
APP role that owns nothing and holds only SELECT and INSERT on the log tables
(README, "Owner and application roles"):

- `grant_statements(app_role)`: what `manage.py grant_app_role` runs as the owner after
  every `migrate`.
- `rewrite_risks()`: what `manage.py audit_guard_check` reports for the connected role.
"""

from dataclasses import dataclass

from django.db import connection

# The log tables: the audit log itself and the auditor's own searches of it (they are logged
# too). The case timeline is not among them: it is case data, erased with its case.
LOG_TABLES = ("auditlog_logentry", "infohus_auditquery")
LOG_PRIVILEGES = "SELECT, INSERT"
DATA_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
# What would let a role change or empty a table it may write to.
REWRITING_PRIVILEGES = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER")
# The trigger function of audit_guard: whoever owns it can replace it by one that lets everything through.
TRIGGER_FUNCTION = "infohus_audit_append_only"


@dataclass(frozen=True)
class Risk:
    what: str  # one line: how the role could rewrite the log
    fix: str  # what the operator does about it


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _one(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def log_table_owner() -> str:
    """The role owning the audit log (the role the migrations ran as)."""
    row = _one("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = to_regclass(%s)", [LOG_TABLES[0]])
    if row is None:
        raise LookupError(f"{LOG_TABLES[0]} does not exist: run migrate first")
    return row[0]


def grant_statements(app_role: str) -> list[str]:
    """GRANTs and REVOKEs that give `app_role` normal DML on every table and only SELECT and
    INSERT on the log tables, now and (default privileges) for tables later migrations add.

    Run as the owner of the tables. A later migration adding a log table must add it to
    LOG_TABLES; `audit_guard_check` then fails until the grants are run again.
    """
    app, owner = _quote(app_role), _quote(log_table_owner())
    database = _one("SELECT current_database(), current_schema()")
    db, schema = _quote(database[0]), _quote(database[1])
    statements = [
        f"GRANT CONNECT ON DATABASE {db} TO {app}",
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        # Nothing else, in particular no REFERENCES/TRIGGER and no TRUNCATE anywhere.
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app}",
        f"GRANT {DATA_PRIVILEGES} ON ALL TABLES IN SCHEMA {schema} TO {app}",
        # USAGE allows nextval (inserting); setval needs UPDATE, which it does not get.
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT {DATA_PRIVILEGES} ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT USAGE ON SEQUENCES TO {app}",
    ]
    for table in LOG_TABLES:
        statements += [
            f"REVOKE ALL ON TABLE {_quote(table)} FROM {app}",
            f"GRANT {LOG_PRIVILEGES} ON TABLE {_quote(table)} TO {app}",
        ]
    return statements


def grant_refusal(app_role: str) -> str:
    """Why grants to `app_role` would protect nothing (empty when they would)."""
    row = _one("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [app_role])
    if row is None:
        return f"The role {app_role} does not exist: CREATE ROLE {app_role} LOGIN PASSWORD '…' first."
    if row[0]:
        return f"The role {app_role} is a superuser: grants do not limit it."
    owner = log_table_owner()
    if app_role == owner or _one("SELECT pg_has_role(%s, %s, 'MEMBER')", [app_role, owner])[0]:
        return f"The role {app_role} is (a member of) {owner}, the owner of the tables: it could lift the trigger."
    return ""


def grant_app_role(app_role: str) -> list[str]:
    statements = grant_statements(app_role)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements


def rewrite_risks() -> list[Risk]:
    """Every way the connected role could change or remove what the log holds."""
    if connection.vendor != "postgresql":
        return [
            Risk(
                f"{connection.vendor} has no database roles: whoever can write the database file can rewrite the log.",
                "Run production on PostgreSQL with an owner and an application role.",
            )
        ]
    db_role, superuser, createrole = _one(
        "SELECT current_user, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user"
    )
    if superuser:
        return [
            Risk(
                f"{db_role} is a superuser: it can disable the trigger, SET session_replication_role = replica, "
                "or drop the table.",
                "Run the application as a role without SUPERUSER (README: Owner and application roles).",
            )
        ]
    risks = []
    version = int(_one("SHOW server_version_num")[0])
    if createrole and version < 160000:
        risks.append(
            Risk(
                f"{db_role} has CREATEROLE: before PostgreSQL 16 it can grant itself membership of the owner role.",
                f"ALTER ROLE {db_role} NOCREATEROLE",
            )
        )
    if version >= 150000 and _one("SELECT has_parameter_privilege(current_user, 'session_replication_role', 'SET')")[0]:
        risks.append(
            Risk(
                f"{db_role} may SET session_replication_role (triggers then do not fire).",
                f"REVOKE SET ON PARAMETER session_replication_role FROM {db_role}",
            )
        )
    for table in LOG_TABLES:
        risks += _table_risks(db_role, table)
    risks += _function_risks(db_role)
    return risks


def _owned(db_role: str, owner: str) -> bool:
    return db_role == owner or _one("SELECT pg_has_role(current_user, %s, 'MEMBER')", [owner])[0]


def _table_risks(db_role: str, table: str) -> list[Risk]:
    row = _one(
        "SELECT pg_get_userbyid(c.relowner), pg_get_userbyid(n.nspowner) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(%s)",
        [table],
    )
    if row is None:
        return [Risk(f"{table} does not exist.", "Run migrate (as the owner role) against this database.")]
    owner, schema_owner = row
    risks = []
    if _owned(db_role, owner):
        risks.append(
            Risk(
                f"{db_role} owns {table}"
                + ("" if db_role == owner else f" (it is a member of {owner})")
                + ": it can ALTER TABLE … DISABLE TRIGGER, drop the table or grant itself anything.",
                "Run the application as another role than the one that runs the migrations.",
            )
        )
    elif _owned(db_role, schema_owner):
        risks.append(
            Risk(
                f"{db_role} owns the schema of {table} (as {schema_owner}): a schema's owner may drop its tables.",
                "Let the owner role, not the application role, own the database and its schema.",
            )
        )
    held = [
        privilege
        for privilege in REWRITING_PRIVILEGES
        if _one(
            "SELECT has_any_column_privilege(current_user, %s, %s)"
            if privilege == "UPDATE"
            else "SELECT has_table_privilege(current_user, %s, %s)",
            [table, privilege],
        )[0]
    ]
    if held and not _owned(db_role, owner):
        risks.append(
            Risk(
                f"{db_role} holds {', '.join(held)} on {table}.",
                f"manage.py grant_app_role {db_role} (as the owner), or REVOKE {', '.join(held)} ON {table} FROM {db_role}",
            )
        )
    if table == LOG_TABLES[0]:
        enabled = _one(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal "
            "AND tgname LIKE 'infohus_audit_%%' AND tgenabled IN ('O', 'A')",
            [table],
        )[0]
        if enabled < 2:
            risks.append(
                Risk(
                    f"The append-only triggers on {table} are missing or disabled.",
                    f"ALTER TABLE {table} ENABLE TRIGGER ALL (as the owner), or migrate infohus again.",
                )
            )
    return risks


def _function_risks(db_role: str) -> list[Risk]:
    row = _one("SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = %s", [TRIGGER_FUNCTION])
    if row is None or not _owned(db_role, row[0]):
        return []
    return [
        Risk(
            f"{db_role} owns the trigger function {TRIGGER_FUNCTION}(): it can replace it by one that allows everything.",
            "Run the application as another role than the one that runs the migrations.",
        )
    ]
