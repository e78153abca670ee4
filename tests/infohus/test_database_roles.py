"""Production's two database roles: migrations run as an owner, the application as a role
that owns nothing and may only read and insert into the log, so it cannot lift the
append-only trigger (README, "Owner and application roles").

Built as the README says, in a scratch database: `migrate` as the owner, `grant_app_role`,
then the application role tries every way round the trigger.
"""

import os
import subprocess  # noqa: S404 – the documented commands, run as the operator would
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DB = settings.DATABASES["default"]

pytestmark = pytest.mark.skipif(not DB["ENGINE"].endswith("postgresql"), reason="database roles are PostgreSQL's")

NAME = f"ih_roles_{os.getpid()}"
OWNER, APP = f"{NAME}_owner", f"{NAME}_app"


def conninfo(user: str, dbname: str) -> str:
    return psycopg.conninfo.make_conninfo(
        host=DB["HOST"] or "127.0.0.1", port=DB["PORT"] or 5432, user=user, password=DB["PASSWORD"], dbname=dbname
    )


def url(user: str) -> str:
    host, port = DB["HOST"] or "127.0.0.1", DB["PORT"] or 5432
    password = f":{DB['PASSWORD']}" if DB["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{NAME}"


def manage(*args: str, as_user: str) -> subprocess.CompletedProcess:
    # The superuser's password (if any) stands in for the scratch roles' (they have none).
    env = {**os.environ, "DATABASE_URL": url(as_user), "DB_POOL_MAX": "0"}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def superuser_run(*statements: str) -> None:
    with psycopg.connect(conninfo(DB["USER"], "postgres"), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def drop_all() -> None:
    superuser_run(
        f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)",
        f"DROP ROLE IF EXISTS {APP}",
        f"DROP ROLE IF EXISTS {OWNER}",
    )


@pytest.fixture(scope="module")
def roles():
    drop_all()
    superuser_run(
        f"CREATE ROLE {OWNER} LOGIN",
        f"CREATE ROLE {APP} LOGIN",
        f"CREATE DATABASE {NAME} OWNER {OWNER}",
    )
    try:
        for args in (("migrate", "--noinput", "-v0"), ("grant_app_role", APP)):
            done = manage(*args, as_user=OWNER)
            assert done.returncode == 0, done.stderr
        yield
    finally:
        drop_all()


@pytest.fixture
def app(roles):
    with psycopg.connect(conninfo(APP, NAME), autocommit=True) as conn:
        yield conn


def an_entry(conn) -> int:
    content_type = conn.execute("SELECT id FROM django_content_type ORDER BY id LIMIT 1").fetchone()[0]
    return conn.execute(
        "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_repr, action, changes_text, "
        "timestamp, additional_data, cid, actor_email) "
        "VALUES (%s, '1', 'x', 3, '', now(), '{}', 'test', 'a@b.dk') RETURNING id",
        [content_type],
    ).fetchone()[0]


def test_the_application_role_can_write_the_log(app):
    entry = an_entry(app)
    assert app.execute("SELECT object_repr FROM auditlog_logentry WHERE id = %s", [entry]).fetchone() == ("x",)


def test_it_cannot_change_an_entry(app):
    entry = an_entry(app)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("UPDATE auditlog_logentry SET object_repr = 'forged' WHERE id = %s", [entry])


def test_it_cannot_delete_entries(app):
    entry = an_entry(app)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("DELETE FROM auditlog_logentry WHERE id = %s", [entry])
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("TRUNCATE auditlog_logentry")
    assert app.execute("SELECT count(*) FROM auditlog_logentry WHERE id = %s", [entry]).fetchone() == (1,)


def test_it_cannot_disable_the_trigger(app):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("ALTER TABLE auditlog_logentry DISABLE TRIGGER infohus_audit_append_only")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("ALTER TABLE auditlog_logentry DISABLE TRIGGER ALL")


def test_it_cannot_switch_triggers_off_for_its_session(app):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("SET session_replication_role = replica")


def test_it_cannot_replace_the_trigger_function(app):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute(
            "CREATE OR REPLACE FUNCTION infohus_audit_append_only() RETURNS trigger AS $$ "
            "BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql"
        )


def test_it_cannot_change_the_auditors_searches_either(app):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("UPDATE infohus_auditquery SET result_count = 0")


def test_it_keeps_normal_rights_on_the_other_tables(app):
    app.execute("UPDATE infohus_user SET full_name = full_name WHERE false")
    app.execute("DELETE FROM django_session WHERE false")


def test_the_check_passes_for_the_application_role(roles):
    done = manage("audit_guard_check", as_user=APP)
    assert done.returncode == 0, done.stderr
    assert "cannot disable the append-only trigger" in done.stdout


def test_the_check_fails_for_the_owner(roles):
    done = manage("audit_guard_check", as_user=OWNER)
    assert done.returncode != 0
    assert f"{OWNER} owns auditlog_logentry" in done.stderr
    assert "DISABLE TRIGGER" in done.stderr


def test_the_check_fails_for_a_superuser(roles):
    done = manage("audit_guard_check", as_user=DB["USER"])
    assert done.returncode != 0
    assert "is a superuser" in done.stderr


def test_the_check_fails_when_the_application_may_delete(roles):
    superuser_run_in_scratch(f"GRANT DELETE ON auditlog_logentry TO {APP}")
    try:
        done = manage("audit_guard_check", as_user=APP)
        assert done.returncode != 0
        assert f"{APP} holds DELETE on auditlog_logentry" in done.stderr
    finally:
        superuser_run_in_scratch(f"REVOKE DELETE ON auditlog_logentry FROM {APP}")


def test_granting_to_the_owner_itself_is_refused(roles):
    done = manage("grant_app_role", OWNER, as_user=OWNER)
    assert done.returncode != 0
    assert "owner of the tables" in done.stderr


def superuser_run_in_scratch(statement: str) -> None:
    with psycopg.connect(conninfo(DB["USER"], NAME), autocommit=True) as conn:
        conn.execute(statement)
