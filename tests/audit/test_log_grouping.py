"""A sitting with a case is one row of the log page: one user's reads of one case within
ten minutes, with nothing else done to the case in between. The row opens to each read."""

import re
from datetime import timedelta

import pytest
import time_machine
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from concerns import services
from tests.audit.log_page import result_rows
from tests.cast import log_in, police_item

pytestmark = pytest.mark.django_db


def view_case(client, membership, concern, *minutes_from_now):
    """The coordinator opens the case's gathering page (each view reads many rows)."""
    start = timezone.now()
    log_in(client, membership)
    for minutes in minutes_from_now:
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            client.get(reverse("concerns:gathering", args=[concern.pk]))


def reads(membership, concern) -> int:
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor=membership.user, additional_data__case_number=concern.case_number
    ).count()


def test_a_sitting_with_a_case_is_one_row_that_opens_to_each_read(client, cast, shared_case, search):
    concern, _, _ = shared_case
    view_case(client, cast.municipal_coordinator, concern, 1, 3, 7)
    count = reads(cast.municipal_coordinator, concern)
    assert count > 10
    rows = result_rows(search(action="access", user=cast.municipal_coordinator.user.pk))
    assert len(rows) == 1
    row = rows[0]
    summary = re.search(r"<summary>(.*)</summary>", row).group(1)
    assert summary.startswith(f"Læste sag {concern.case_number} ({count} opslag: 3 bekymringer, ")
    assert "oplysninger" in summary and "anmodninger om oplysninger" in summary
    assert row.count("<li>") == count
    assert re.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d</time>–<time[^>]*>\d\d:\d\d</time>", row)


def test_reads_more_than_ten_minutes_apart_are_two_rows(client, cast, shared_case, search):
    concern, _, _ = shared_case
    view_case(client, cast.municipal_coordinator, concern, 1, 15)
    rows = result_rows(search(action="access", user=cast.municipal_coordinator.user.pk))
    assert len(rows) == 2
    assert all(f"Læste sag {concern.case_number}" in row for row in rows)


def test_a_change_between_reads_splits_them(client, cast, shared_case, search):
    concern, _, _ = shared_case
    view_case(client, cast.municipal_coordinator, concern, 1)
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        with set_actor(cast.municipal_coordinator.user):
            services.request_information(
                concern=concern, by=cast.municipal_coordinator, source="psychiatry", asked_for="Kendt?"
            )
    view_case(client, cast.municipal_coordinator, concern, 3)
    rows = result_rows(search(case_number=concern.case_number, user=cast.municipal_coordinator.user.pk))
    described = [re.sub(r"<[^>]+>", "", row) for row in rows]
    first_create = next(i for i, text in enumerate(described) if "Oprettede anmodning om oplysninger" in text)
    reads_before = [i for i, text in enumerate(described) if "Læste sag" in text]
    assert reads_before[0] < first_create < reads_before[1]


def test_two_users_reading_the_same_case_are_two_rows(client, cast, shared_case, search):
    concern, _, _ = shared_case
    view_case(client, cast.municipal_coordinator, concern, 1)
    view_case(client, cast.police_coordinator, concern, 2)
    rows = result_rows(search(action="access", case_number=concern.case_number))
    assert len(rows) == 2
    assert "Jonas Brandt" in rows[0] and "Mette Lund" in rows[1]


def test_an_exchange_is_one_row_with_its_items(cast, shared_case, search):
    concern, _, _ = shared_case
    with set_actor(cast.police_coordinator.user):
        items = [police_item(cast, concern, text=f"Oplysning {n}") for n in range(2)]
        services.share_information(
            concern=concern,
            by=cast.police_coordinator,
            items=items,
            to_authority=cast.halsnaes.municipality,
            legal_basis_section=1,
            legal_basis_number=3,
            purpose="Formål",
            necessity="Nødvendigt",
        )
    rows = result_rows(search(action="exchange", case_number=concern.case_number))
    assert len(rows) == 2  # this exchange and the one the case began with
    newest = rows[0]
    assert "<summary>Delte 2 oplysninger med Halsnæs Kommune (retsplejelovens § 115, stk. 1, nr. 3)</summary>" in newest
    assert newest.count("Delte en oplysning med Halsnæs Kommune") == 2


def test_the_auditors_own_searches_within_minutes_are_one_row_and_exports_another(client, cast, search):
    for _ in range(3):
        search(action="access")
    client.post(reverse("audit_log_export"), {"action": "access"})
    rows = result_rows(search(action="create", user=cast.auditor.user.pk))
    assert len(rows) == 2
    assert "<summary>Eksporterede fra loggen</summary>" not in rows[0] and "Eksporterede fra loggen" in rows[0]
    assert "<summary>Søgte i loggen (3 gange)</summary>" in rows[1]
