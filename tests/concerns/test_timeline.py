"""The timeline is a public API: every service that changes case data records a stable
dotted action, and a line about what one side holds alone is not shown to the other."""

from datetime import date

import pytest
from django.urls import reverse

from concerns import selectors, services, timeline
from tests.cast import draft_concern, gathering_concern, log_in, municipal_item, police_item, share_police_item

pytestmark = pytest.mark.django_db


def actions(concern):
    return list(concern.timeline.order_by("at", "pk").values_list("action", flat=True))


def test_every_service_that_changes_a_case_records_its_action(cast):
    mc, pc = cast.municipal_coordinator, cast.police_coordinator
    concern = draft_concern(mc)
    services.update_concern(concern=concern, by=mc, concern_data={"description": "Ny tekst."}, person_data={})
    services.submit_concern(concern=concern, by=mc)
    services.decide_police_check(concern=concern, by=pc, outcome="cleared", reason="Ingen hindringer.")
    services.start_gathering(concern=concern, by=mc)
    school = services.request_information(concern=concern, by=mc, source="education", asked_for="Fravær")
    jobcenter = services.request_information(concern=concern, by=mc, source="jobcenter", asked_for="Fremmøde")
    services.add_information_item(
        concern=concern,
        by=mc,
        source="education",
        text="Fravær 22 %.",
        information_date=date(2026, 10, 1),
        request=school,
    )
    services.mark_request_received(request=jobcenter, by=pc)
    exchange = share_police_item(cast, concern, police_item(cast, concern))
    services.revoke_exchange(exchange=exchange, by=pc, reason="Ikke længere nødvendigt")
    services.finish_gathering(concern=concern, by=mc)
    assert actions(concern) == [
        "concern.created",
        "concern.edited",
        "concern.completed",
        "concern.submitted",
        "police_check.cleared",
        "gathering.started",
        "request.made",
        "request.made",
        "item.recorded",
        "request.answered",
        "request.answered",
        "item.recorded",
        "exchange.shared",
        "exchange.revoked",
        "gathering.finished",
    ]
    assert set(actions(concern)) <= timeline.ACTIONS
    answered = concern.timeline.filter(action="request.answered").latest("pk")
    assert (answered.actor, answered.details["source"]) == (pc.user, "jobcenter")


def test_a_line_about_an_unshared_police_item_is_kept_from_the_municipality(client, cast):
    concern = gathering_concern(cast)
    municipal_item(cast, concern)
    police_item(cast, concern, text="Hemmelig politioplysning")
    police_line = concern.timeline.get(action="item.recorded", actor=cast.police_coordinator.user)
    assert police_line.visible_to == cast.police
    assert police_line not in selectors.timeline_of(cast.municipal_coordinator, concern)
    assert police_line in selectors.timeline_of(cast.police_coordinator, concern)

    log_in(client, cast.municipal_coordinator)
    page = client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert "registrerede oplysninger fra Skole/uddannelse" in page  # its own line
    assert "fra Politi" not in page
    log_in(client, cast.police_coordinator)
    page = client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert "registrerede oplysninger fra Politi" in page


def test_an_unknown_action_is_refused(cast):
    concern = draft_concern(cast.municipal_coordinator)
    with pytest.raises(ValueError, match="concern.exploded"):
        timeline.record(concern, "concern.exploded", by=cast.municipal_coordinator)
