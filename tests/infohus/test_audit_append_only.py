"""The audit table refuses UPDATE and DELETE at the database, whatever sends them."""

import pytest
from auditlog.models import LogEntry
from django.db import DatabaseError, connection, transaction

from tests.cast import draft_concern

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(cast):
    draft_concern(cast.municipal_coordinator)
    return LogEntry.objects.latest("pk")


def test_a_raw_update_is_refused(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE auditlog_logentry SET object_repr = 'forged' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.object_repr != "forged"


def test_a_raw_delete_is_refused(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM auditlog_logentry WHERE id = %s", [entry.pk])
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_the_orm_cannot_delete_entries_either(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_emptying_the_table_is_refused(entry):
    statement = "TRUNCATE auditlog_logentry" if connection.vendor == "postgresql" else "DELETE FROM auditlog_logentry"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The test's own inserts leave deferred FK checks pending; run them first so
                # PostgreSQL reaches the TRUNCATE trigger.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(statement)
    assert LogEntry.objects.filter(pk=entry.pk).exists()
