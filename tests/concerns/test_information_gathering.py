"""Redskab 2: requests to authorities, information items and their attachments."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concerns import selectors, services
from concerns.errors import TransitionNotAllowed, UserError
from concerns.models import InformationItem, InformationRequest, State
from tests.cast import (
    PDF_BYTES,
    cleared_concern,
    gathering_concern,
    log_in,
    municipal_item,
    pdf_upload,
    police_item,
)

pytestmark = pytest.mark.django_db


def test_requests_form_an_overview_and_overdue_ones_stand_out(client, cast):
    concern = gathering_concern(cast)
    overdue = services.request_information(
        concern=concern,
        by=cast.municipal_coordinator,
        source="education",
        source_name="Frederiksværk Skole",
        asked_for="Fravær og trivsel",
        due_on=timezone.localdate() - timedelta(days=2),
    )
    services.request_information(
        concern=concern,
        by=cast.police_coordinator,
        source="police",
        asked_for="Opslag i registre",
        due_on=timezone.localdate() + timedelta(days=5),
    )
    assert overdue.is_overdue and overdue.requested_by == cast.municipal_coordinator.user
    log_in(client, cast.municipal_coordinator)
    page = client.get(reverse("concerns:gathering", args=[concern.pk])).content.decode()
    assert "Frederiksværk Skole" in page and "Opslag i registre" in page
    assert page.count("ih-overdue") == 1
    assert "Overskredet" in page


def test_an_item_answering_a_request_marks_it_arrived(cast):
    concern = gathering_concern(cast)
    request = services.request_information(
        concern=concern, by=cast.municipal_coordinator, source="jobcenter", asked_for="x"
    )
    services.add_information_item(
        concern=concern,
        by=cast.municipal_coordinator,
        source="jobcenter",
        text="Fremmøde 40 %.",
        information_date=date(2026, 11, 1),
        request=request,
    )
    request.refresh_from_db()
    assert request.received_at is not None and not request.is_open


def test_an_item_is_owned_by_the_recording_authority_and_seen_only_by_it(cast):
    concern = gathering_concern(cast)
    police = police_item(cast, concern)
    municipal = municipal_item(cast, concern)
    assert police.owning_authority == cast.police
    assert list(selectors.items_visible_to(cast.police_coordinator, concern)) == [police]
    assert list(selectors.items_visible_to(cast.municipal_coordinator, concern)) == [municipal]
    assert not selectors.items_visible_to(cast.caseworker, concern).exists()
    assert not selectors.items_visible_to(cast.other_police_coordinator, concern).exists()


def test_the_municipality_never_sees_a_police_item_on_the_gathering_page(client, cast):
    concern = gathering_concern(cast)
    police_item(cast, concern, text="Hemmelig politioplysning", attachment=True)
    log_in(client, cast.municipal_coordinator)
    page = client.get(reverse("concerns:gathering", args=[concern.pk])).content.decode()
    assert "Hemmelig politioplysning" not in page and "politirapport.pdf" not in page
    detail = client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert "Hemmelig politioplysning" not in detail


def test_an_attachment_is_stored_outside_the_web_root_and_served_only_through_the_view(client, cast, settings):
    concern = gathering_concern(cast)
    item = municipal_item(cast, concern, attachment=True)
    assert item.attachment_type == "application/pdf" and item.attachment_name == "rapport.pdf"
    assert item.attachment.path.startswith(str(settings.MEDIA_ROOT))
    assert "rapport" not in item.attachment.name  # no personal data in the stored name
    with pytest.raises(NotImplementedError):
        _ = item.attachment.url  # no public URL exists for an attachment
    log_in(client, cast.municipal_coordinator)
    response = client.get(reverse("concerns:item_attachment", args=[concern.pk, item.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_over_the_limit_is_refused_and_nothing_is_saved(client, cast, settings):
    settings.UPLOAD_MAX_BYTES = 50
    concern = gathering_concern(cast)
    log_in(client, cast.municipal_coordinator)
    response = client.post(
        reverse("concerns:item_add", args=[concern.pk]),
        {
            "item-source": "education",
            "item-information_date": "2026-10-01",
            "item-text": "Notat",
            "item-attachment": pdf_upload(content=PDF_BYTES * 3),
        },
        follow=True,
    )
    assert "for stor" in response.content.decode()
    assert not InformationItem.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("rapport.pdf", b"<html><script>alert(1)</script></html>"), ("rapport.pdf", b"MZ\x90\x00\x03" + b"\x00" * 60)],
)
def test_a_forbidden_type_is_refused_whatever_its_name(client, cast, name, content):
    concern = gathering_concern(cast)
    log_in(client, cast.municipal_coordinator)
    response = client.post(
        reverse("concerns:item_add", args=[concern.pk]),
        {
            "item-source": "education",
            "item-information_date": "2026-10-01",
            "item-text": "Notat",
            "item-attachment": pdf_upload(name, content),
        },
        follow=True,
    )
    assert "Filtypen er ikke tilladt" in response.content.decode()
    assert not InformationItem.objects.exists()


def test_html_in_an_item_is_refused(client, cast):
    concern = gathering_concern(cast)
    log_in(client, cast.municipal_coordinator)
    response = client.post(
        reverse("concerns:item_add", args=[concern.pk]),
        {"item-source": "education", "item-information_date": "2026-10-01", "item-text": "<b>fed</b>"},
        follow=True,
    )
    assert "må ikke indeholde HTML" in response.content.decode()
    assert not InformationItem.objects.exists()


def test_information_cannot_be_gathered_before_the_case_is_in_gathering(cast):
    concern = cleared_concern(cast)
    with pytest.raises(TransitionNotAllowed):
        municipal_item(cast, concern)
    with pytest.raises(TransitionNotAllowed):
        services.request_information(concern=concern, by=cast.municipal_coordinator, source="police", asked_for="x")


def test_a_request_needs_to_say_what_is_asked_for(cast):
    with pytest.raises(UserError):
        services.request_information(
            concern=gathering_concern(cast), by=cast.municipal_coordinator, source="police", asked_for=" "
        )
    assert not InformationRequest.objects.exists()


def test_finishing_gathering_warns_about_open_requests_but_does_not_block(client, cast):
    concern = gathering_concern(cast)
    services.request_information(
        concern=concern,
        by=cast.municipal_coordinator,
        source="psychiatry",
        source_name="Psykiatrien Nord",
        asked_for="x",
    )
    log_in(client, cast.municipal_coordinator)
    url = reverse("concerns:finish_gathering", args=[concern.pk])
    question = client.post(url).content.decode()  # first the question, naming what is unanswered
    concern.refresh_from_db()
    assert concern.state == State.GATHERING
    assert "Afslut indsamlingen af oplysninger?" in question and "Psykiatrien Nord" in question
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    concern.refresh_from_db()
    assert concern.state == State.READY_FOR_MEETING
    page = response.content.decode()
    assert "Psykiatrien Nord" in page and "ikke besvaret" in page
    transition = concern.timeline.latest("pk")
    assert (transition.from_state, transition.to_state) == (State.GATHERING, State.READY_FOR_MEETING)


def test_an_unshared_police_answer_does_not_mark_a_municipal_request_arrived(cast):
    concern = gathering_concern(cast)
    request = services.request_information(
        concern=concern, by=cast.municipal_coordinator, source="police", asked_for="Opslag i registre"
    )
    services.add_information_item(
        concern=concern,
        by=cast.police_coordinator,
        source="police",
        text="Svar",
        information_date=date(2026, 11, 1),
        request=request,
    )
    request.refresh_from_db()
    assert request.is_open  # the municipality must not learn that the police hold an answer


def test_the_gathering_page_logs_every_row_in_one_go_and_keeps_its_query_count(
    client, cast, django_assert_max_num_queries
):
    from auditlog.models import LogEntry

    concern = gathering_concern(cast)
    for n in range(8):
        municipal_item(cast, concern, text=f"Oplysning {n}")
        services.request_information(concern=concern, by=cast.municipal_coordinator, source="education", asked_for="x")
    log_in(client, cast.municipal_coordinator)
    with django_assert_max_num_queries(30):
        client.get(reverse("concerns:gathering", args=[concern.pk]))
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=cast.municipal_coordinator.user)
    assert reads.filter(content_type__model="informationitem").count() == 8
    assert reads.filter(content_type__model="informationrequest").count() == 8


def test_a_request_is_reached_only_through_its_own_case(client, cast):
    concern = gathering_concern(cast)
    other = gathering_concern(cast)
    request = services.request_information(
        concern=other, by=cast.municipal_coordinator, source="education", asked_for="Fravær"
    )
    log_in(client, cast.municipal_coordinator)
    response = client.post(reverse("concerns:request_received", args=[concern.pk, request.pk]))
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.received_at is None
    assert client.post(reverse("concerns:request_received", args=[other.pk, request.pk])).status_code == 302
    request.refresh_from_db()
    assert request.received_at is not None
