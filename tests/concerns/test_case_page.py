"""The case page: data, state, timeline; reading it is logged; other scopes get 404."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from concerns import services
from concerns.models import Concern
from tests.cast import cleared_concern, draft_concern, log_in, submitted_concern

pytestmark = pytest.mark.django_db


def access_entries(concern):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Concern),
        object_pk=str(concern.pk),
        action=LogEntry.Action.ACCESS,
    )


def test_the_case_page_shows_data_state_and_timeline(client, cast):
    concern = cleared_concern(cast)
    log_in(client, cast.municipal_coordinator)
    page = client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert concern.case_number in page
    assert "Mikkel Sørensen" in page and "150909-4123" in page
    assert "Afklaret til Infohus" in page
    for who in ("Mette Lund", "Jonas Brandt"):
        assert who in page
    assert "Ingen hindringer." in page


def test_viewing_a_case_writes_an_access_entry_with_the_actor(client, cast):
    concern = submitted_concern(cast.municipal_coordinator)
    log_in(client, cast.police_coordinator)
    client.get(reverse("concerns:detail", args=[concern.pk]), REMOTE_ADDR="10.0.0.7")
    entry = access_entries(concern).get()
    assert entry.actor == cast.police_coordinator.user
    assert entry.remote_addr == "10.0.0.7"
    assert entry.additional_data == {
        "infohus_id": cast.halsnaes.pk,
        "case_number": concern.case_number,
        "owner_authority_id": cast.halsnaes.municipality_id,
    }


def test_creating_and_editing_are_in_the_audit_log_with_the_actor(client, cast):
    log_in(client, cast.municipal_coordinator)
    concern = draft_concern(cast.municipal_coordinator)
    entries = LogEntry.objects.get_for_object(concern)
    assert entries.filter(action=LogEntry.Action.CREATE).exists()
    from auditlog.context import set_actor

    with set_actor(cast.municipal_coordinator.user):
        services.update_concern(
            concern=concern,
            by=cast.municipal_coordinator,
            concern_data={"description": "Ændret."},
            person_data={},
            custody_holders=[],
        )
    update = LogEntry.objects.get_for_object(concern).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert update.actor == cast.municipal_coordinator.user
    assert "description" in update.changes_dict


def test_a_user_of_another_infohus_gets_404(client, cast):
    concern = submitted_concern(cast.municipal_coordinator)
    for member in (cast.other_municipal_coordinator, cast.other_police_coordinator):
        log_in(client, member)
        assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 404
    assert not access_entries(concern).exists()


@pytest.mark.parametrize("member", ["auditor", "admin"])
def test_auditor_and_admin_cannot_read_case_content(client, cast, member):
    concern = cleared_concern(cast)
    log_in(client, cast.by_name(member))
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 404
    assert client.get(reverse("concerns:list")).status_code == 404
    home = client.get(reverse("home")).content.decode()
    assert concern.case_number not in home and "Mikkel" not in home


def test_a_municipal_draft_is_not_visible_to_the_police_until_submitted(client, cast):
    concern = draft_concern(cast.municipal_coordinator)
    log_in(client, cast.police_coordinator)
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 404
    services.submit_concern(concern=concern, by=cast.municipal_coordinator)
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 200


def test_a_police_concern_is_not_visible_to_the_municipality_before_it_is_cleared(client, cast):
    concern = submitted_concern(cast.police_coordinator)
    log_in(client, cast.municipal_coordinator)
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 404
    assert concern.case_number not in client.get(reverse("concerns:list")).content.decode()
    services.decide_police_check(concern=concern, by=cast.police_coordinator, outcome="cleared", reason="Ok")
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 200


def test_the_list_filters_on_state_urgency_and_date(client, cast, django_assert_max_num_queries):
    draft = draft_concern(cast.municipal_coordinator)
    urgent = submitted_concern(cast.municipal_coordinator, concern={"acute_danger": True})
    log_in(client, cast.municipal_coordinator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("concerns:list"), {"state": "draft"}).content.decode()
    assert draft.case_number in page and urgent.case_number not in page
    page = client.get(reverse("concerns:list"), {"urgent": "yes"}).content.decode()
    assert urgent.case_number in page and draft.case_number not in page
    page = client.get(
        reverse("concerns:list"), {"received_from": "2000-01-01", "received_to": "2000-01-02"}
    ).content.decode()
    assert draft.case_number not in page and urgent.case_number not in page


def test_withdrawing_needs_a_reason(client, cast):
    concern = draft_concern(cast.municipal_coordinator)
    log_in(client, cast.municipal_coordinator)
    client.post(reverse("concerns:withdraw", args=[concern.pk]), {"reason": ""})
    concern.refresh_from_db()
    assert concern.state == "draft"
    client.post(reverse("concerns:withdraw", args=[concern.pk]), {"reason": "Fejlregistrering"})
    concern.refresh_from_db()
    assert concern.state == "withdrawn"
    assert concern.timeline.latest("pk").reason == "Fejlregistrering"


def test_lists_log_a_read_of_every_case_they_show(client, cast):
    shown = [submitted_concern(cast.municipal_coordinator) for _ in range(3)]
    log_in(client, cast.police_coordinator)
    for name in ("concerns:list", "concerns:police_queue", "home"):
        before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
        client.get(reverse(name))
        # One entry naming every case the list showed (tests/audit/test_list_reads.py).
        assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() - before == 1, name
        read = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
        assert set(read.additional_data["cases"]) == {c.case_number for c in shown}, name
        assert read.actor == cast.police_coordinator.user, name


def test_a_forged_forwarded_address_is_ignored_when_not_behind_a_proxy(client, cast):
    concern = submitted_concern(cast.municipal_coordinator)
    log_in(client, cast.police_coordinator)
    client.get(reverse("concerns:detail", args=[concern.pk]), REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert access_entries(concern).get().remote_addr == "10.0.0.7"
