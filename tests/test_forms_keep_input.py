"""Every form that fails validation comes back with what was typed, the DKFDS error summary
linking to the field, and the error at the field; nothing is saved. (The share and intake
forms are tested in tests/concerns/test_exchanges.py and test_intake.py.)"""

import pytest
from django.urls import reverse

from assessment import services as meeting_services
from assessment.models import FollowUp, Recommendation
from concerns.models import Concern, Exchange, InformationItem, InformationRequest
from tests.cast import (
    analysed_concern,
    draft_concern,
    gathering_concern,
    log_in,
    meeting_item,
    police_item,
    recommended_concern,
    share_police_item,
    submitted_concern,
)

pytestmark = pytest.mark.django_db

MARKUP = "Skrevet med <b>fed</b>"  # refused as markup, and must come back as text
KEPT = "Skrevet med &lt;b&gt;fed&lt;/b&gt;"


def _recommendation(cast):
    concern = recommended_concern(cast)
    return concern, Recommendation.objects.get(version__assessment__concern=concern)


def _acknowledged(cast):
    concern, item = _recommendation(cast)
    meeting_services.acknowledge(recommendation=item, by=cast.caseworker)
    return Concern.objects.get(pk=concern.pk), item


def request_case(cast):
    concern = gathering_concern(cast)
    data = {"request-source": "psychiatry", "request-asked_for": "Journal 2025", "request-due_on": "2020-01-01"}
    return (
        "municipal_coordinator",
        reverse("concerns:request_add", args=[concern.pk]),
        data,
        "Journal 2025",
        "id_request-due_on",
        lambda: not InformationRequest.objects.exists(),
    )


def item_case(cast):
    concern = gathering_concern(cast)
    data = {"item-source": "education", "item-source_name": "Hundested Skole", "item-text": MARKUP}
    return (
        "municipal_coordinator",
        reverse("concerns:item_add", args=[concern.pk]),
        data,
        KEPT,
        "id_item-text",
        lambda: not InformationItem.objects.exists(),
    )


def withdraw_case(cast):
    concern = draft_concern(cast.municipal_coordinator)
    return (
        "municipal_coordinator",
        reverse("concerns:withdraw", args=[concern.pk]),
        {"reason": MARKUP},
        KEPT,
        "id_reason",
        lambda: Concern.objects.get(pk=concern.pk).state == "draft",
    )


def send_back_case(cast):
    concern = analysed_concern(cast)
    return (
        "municipal_coordinator",
        reverse("concerns:send_back", args=[concern.pk]),
        {"missing": MARKUP},
        KEPT,
        "id_missing",
        lambda: Concern.objects.get(pk=concern.pk).state == "analysed",
    )


def revoke_case(cast):
    concern = gathering_concern(cast)
    exchange = share_police_item(cast, concern, police_item(cast, concern))
    prefix = f"revoke{exchange.pk}"
    url = reverse("concerns:exchange_revoke", args=[concern.pk, exchange.pk])
    return (
        "police_coordinator",
        url,
        {f"{prefix}-reason": MARKUP},
        KEPT,
        f"id_{prefix}-reason",
        lambda: Exchange.objects.get(pk=exchange.pk).is_active,
    )


def police_decision_case(cast):
    concern = submitted_concern(cast.municipal_coordinator)
    url = reverse("concerns:police_decision", args=[concern.pk])
    return (
        "police_coordinator",
        url,
        {"reason": "Ingen verserende efterforskning"},
        "Ingen verserende efterforskning",
        "id_outcome_0",
        lambda: Concern.objects.get(pk=concern.pk).state == "with_police",
    )


def acknowledge_case(cast):
    concern, item = _recommendation(cast)
    url = reverse("assessment:acknowledge", args=[concern.pk, item.pk])
    return (
        "caseworker",
        url,
        {f"a{item.pk}-next_follow_up_on": "31.02.2027"},
        'value="31.02.2027"',
        f"id_a{item.pk}-next_follow_up_on",
        lambda: not FollowUp.objects.exists(),
    )


def follow_up_case(cast):
    concern, item = _acknowledged(cast)
    url = reverse("assessment:follow_up", args=[concern.pk, item.pk])
    data = {f"f{item.pk}-intervention": MARKUP, f"f{item.pk}-next_follow_up_on": "2027-03-01"}
    return (
        "caseworker",
        url,
        data,
        KEPT,
        f"id_f{item.pk}-intervention",
        lambda: FollowUp.objects.get().intervention == "",
    )


def close_case(cast):
    concern, _item = _acknowledged(cast)
    return (
        "municipal_coordinator",
        reverse("assessment:close_concern", args=[concern.pk]),
        {"reason": MARKUP},
        KEPT,
        "id_reason",
        lambda: Concern.objects.get(pk=concern.pk).state == "follow_up",
    )


def invite_external_case(cast):
    meeting = meeting_item(cast, open_it=False, invite=()).meeting
    data = {"full_name": "Karen Bach", "email": "ikke-en-adresse", "authority": cast.psychiatry.pk}
    return (
        "municipal_coordinator",
        reverse("assessment:invite_external", args=[meeting.pk]),
        data,
        'value="Karen Bach"',
        "id_email",
        lambda: meeting.participants.filter(user__full_name="Karen Bach").count() == 0,
    )


def minutes_case(cast):
    meeting = meeting_item(cast, open_it=False, invite=()).meeting
    return (
        "municipal_coordinator",
        reverse("assessment:minutes", args=[meeting.pk]),
        {"minutes": MARKUP},
        KEPT,
        "id_minutes",
        lambda: not type(meeting).objects.get(pk=meeting.pk).minutes,
    )


CASES = [
    request_case,
    item_case,
    withdraw_case,
    send_back_case,
    revoke_case,
    police_decision_case,
    acknowledge_case,
    follow_up_case,
    close_case,
    invite_external_case,
    minutes_case,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_a_form_that_fails_keeps_the_input_and_shows_the_error_summary(client, cast, case):
    who, url, data, kept, anchor, nothing_saved = case(cast)
    log_in(client, cast.by_name(who))
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-module="error-summary"' in page
    assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page  # the summary links to the field
    assert 'class="form-error-message"' in page  # and the error stands at the field too
    assert kept in page
    assert nothing_saved()
