"""Redskab 1: a coordinator records a concern in the browser, saves a draft, submits it."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from concerns.models import Concern, State, TimelineEvent
from tests.cast import draft_concern, log_in

pytestmark = pytest.mark.django_db


def intake_post(**overrides):
    data = {
        "concern-received_via": "phone",
        "concern-received_at": "2026-11-20T09:30",
        "concern-reporter_name": "Hanne Dahl",
        "concern-reporter_organisation": "Frederiksværk Skole",
        "concern-reporter_contact": "hd@skole.dk",
        "concern-reporter_informed": "yes",
        "concern-description": "Eleven viser voldsforherligende videoer.",
        "concern-observed_on": "2026-11-18",
        "concern-observation": "first_hand",
        "concern-extremism_kind": "right_wing",
        "person-full_name": "Mikkel Sørensen",
        "person-cpr": "150909-4123",
        "person-address": "Nørregade 4",
        "custody-TOTAL_FORMS": "2",
        "custody-INITIAL_FORMS": "0",
        "custody-MIN_NUM_FORMS": "0",
        "custody-MAX_NUM_FORMS": "4",
        "custody-0-full_name": "Lone Sørensen",
        "custody-0-relation": "Mor",
        "custody-0-contact": "",
        "custody-1-full_name": "",
        "custody-1-relation": "",
        "custody-1-contact": "",
        "save": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_it_saves_a_draft_with_a_case_number_and_derived_person_data(client, cast):
    log_in(client, cast.municipal_coordinator)
    response = client.post(reverse("concerns:create"), intake_post())
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("concerns:edit", args=[concern.pk])
    assert re.fullmatch(r"IH-\d{4}-0001", concern.case_number)
    assert concern.state == State.DRAFT
    assert concern.owning_authority == cast.halsnaes.municipality
    person = concern.person
    assert (person.cpr, str(person.birth_date), person.gender) == ("1509094123", "2009-09-15", "male")
    assert person.is_minor
    assert [h.full_name for h in person.custody_holders.all()] == ["Lone Sørensen"]
    assert TimelineEvent.objects.get(concern=concern).action == "concern.created"


def test_case_numbers_run_per_infohus_and_year(cast):
    first = draft_concern(cast.municipal_coordinator)
    second = draft_concern(cast.police_coordinator)
    other = draft_concern(cast.other_municipal_coordinator)
    assert [first.case_number[-4:], second.case_number[-4:]] == ["0001", "0002"]
    assert other.case_number[-4:] == "0001"
    assert first.case_number[:7] == f"IH-{first.created_at.year}"


def test_submitting_asks_first_then_sends_it_to_the_police_and_notifies_them(
    client, cast, django_capture_on_commit_callbacks
):
    log_in(client, cast.municipal_coordinator)
    response = client.post(reverse("concerns:create"), intake_post(save=None, submit=""), follow=True)
    concern = Concern.objects.get()
    page = response.content.decode()
    assert concern.state == State.DRAFT  # saved, but not sent before the user confirms
    assert "Send bekymringen til politiet?" in page
    assert "Nordsjællands Politi" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("concerns:submit", args=[concern.pk]), {"confirmed": "yes"}, follow=True)
    concern.refresh_from_db()
    assert concern.state == State.WITH_POLICE
    assert concern.submitted_at is not None
    assert "sendt til politiets koordinator" in response.content.decode()
    assert [(e.action, e.from_state, e.to_state) for e in concern.timeline.exclude(action="concern.created")] == [
        ("concern.completed", State.DRAFT, State.RECEIVED),
        ("concern.submitted", State.RECEIVED, State.WITH_POLICE),
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cast.police_coordinator.user.email]
    assert concern.case_number in mail.outbox[0].body
    assert "Mikkel" not in mail.outbox[0].body  # no personal data in e-mails


def test_sending_an_incomplete_concern_keeps_the_input_and_shows_each_gap_at_its_field(client, cast):
    log_in(client, cast.municipal_coordinator)
    response = client.post(
        reverse("concerns:create"),
        intake_post(save=None, submit="", **{"concern-description": "", "concern-reporter_informed": ""}),
    )
    assert response.status_code == 200
    assert not Concern.objects.exists()  # nothing saved, nothing sent
    page = response.content.decode()
    assert 'data-module="error-summary"' in page
    assert 'href="#id_concern-description"' in page and "beskrivelse af, hvad der er observeret" in page
    assert 'href="#id_concern-reporter_informed"' in page
    assert 'value="Hanne Dahl"' in page and 'value="Nørregade 4"' in page  # what was typed stays


@pytest.mark.parametrize(
    ("cpr", "message"),
    [("310209-1234", "ikke med en gyldig dato"), ("12345", "DDMMÅÅ-SSSS"), ("010150-5001", "i fremtiden")],
)
def test_an_invalid_cpr_is_refused_with_a_danish_message_and_nothing_is_saved(client, cast, cpr, message):
    log_in(client, cast.municipal_coordinator)
    response = client.post(reverse("concerns:create"), intake_post(**{"person-cpr": cpr}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Concern.objects.exists()


def test_html_in_free_text_is_refused_and_nothing_is_saved(client, cast):
    log_in(client, cast.municipal_coordinator)
    response = client.post(
        reverse("concerns:create"), intake_post(**{"concern-description": "Se <script>alert(1)</script>"})
    )
    assert response.status_code == 200
    assert "må ikke indeholde HTML" in response.content.decode()
    assert not Concern.objects.exists()


def test_a_birth_date_that_contradicts_the_cpr_is_refused(client, cast):
    log_in(client, cast.municipal_coordinator)
    response = client.post(reverse("concerns:create"), intake_post(**{"person-birth_date": "2009-09-16"}))
    assert "passer ikke med CPR-nummeret" in response.content.decode()
    assert not Concern.objects.exists()


def test_acute_danger_shows_the_call_the_police_warning_and_marks_the_case_urgent(client, cast):
    log_in(client, cast.municipal_coordinator)
    form_page = client.get(reverse("concerns:create")).content.decode()
    assert "112" in form_page  # the warning is on the form, shown as soon as the box is ticked
    client.post(reverse("concerns:create"), intake_post(**{"concern-acute_danger": "on"}))
    concern = Concern.objects.get()
    assert concern.is_urgent
    page = client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert "Akut fare" in page and "112" in page


def test_an_edit_is_recorded_on_the_timeline_with_the_fields_changed(client, cast):
    log_in(client, cast.municipal_coordinator)
    client.post(reverse("concerns:create"), intake_post())
    concern = Concern.objects.get()
    client.post(
        reverse("concerns:edit", args=[concern.pk]),
        intake_post(**{"concern-description": "Ny beskrivelse.", "person-address": "Havnegade 1"}),
    )
    concern.refresh_from_db()
    assert concern.description == "Ny beskrivelse."
    event = concern.timeline.get(action="concern.edited")
    assert event.actor == cast.municipal_coordinator.user
    assert set(event.changed_fields) == {"description", "person.address"}
    page = client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert "hvad der er observeret, adresse" in page


def test_saving_an_unchanged_draft_records_no_edit(client, cast):
    log_in(client, cast.municipal_coordinator)
    client.post(reverse("concerns:create"), intake_post())
    concern = Concern.objects.get()
    client.post(reverse("concerns:edit", args=[concern.pk]), intake_post())
    assert not concern.timeline.filter(action="concern.edited").exists()


def test_a_submitted_concern_can_no_longer_be_edited(client, cast):
    concern = draft_concern(cast.municipal_coordinator)
    log_in(client, cast.municipal_coordinator)
    client.post(reverse("concerns:submit", args=[concern.pk]), {"confirmed": "yes"})
    response = client.post(reverse("concerns:edit", args=[concern.pk]), intake_post(**{"concern-description": "x"}))
    concern.refresh_from_db()
    assert concern.description != "x"
    assert response.status_code == 302


def test_a_draft_can_be_saved_without_the_fields_needed_for_sending(client, cast):
    log_in(client, cast.municipal_coordinator)
    response = client.post(reverse("concerns:create"), intake_post(**{"concern-description": ""}))
    concern = Concern.objects.get()
    assert response.url == reverse("concerns:edit", args=[concern.pk])
    assert concern.state == State.DRAFT
    page = client.get(response.url).content.decode()
    assert "Felter markeret med * skal udfyldes" in page
