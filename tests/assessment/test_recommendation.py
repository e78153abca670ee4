"""Redskab 4: the holistic assessment in versions approved by both sides, the not-current
path, the caseworker's grant, and the follow-up to closing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment import selectors, services
from assessment.models import AssessmentVersion, FollowUp
from concerns.errors import NotPermitted, TransitionNotAllowed, UserError
from concerns.models import Concern, State
from infohus import policy
from infohus.memberships import grant_membership
from infohus.models import Department, Role
from tests.cast import (
    analysed_concern,
    log_in,
    make_user,
    recommended_concern,
    to_children_and_family,
)

pytestmark = pytest.mark.django_db


def write(cast, concern, by="municipal_coordinator", **overrides):
    data = {
        "problems": "Voldsparathed.",
        "resources": "Familien.",
        "conclusion": "Indsats anbefales.",
        "outcome": "recommend",
        "recommendations": [to_children_and_family()],
    }
    data.update(overrides)
    return services.write_assessment(concern=concern, by=cast.by_name(by), **data)


def approve(cast, concern, version, *names):
    for name in names:
        version = services.approve_version(concern=concern, by=cast.by_name(name), version=version)
    return version


def test_the_assessment_is_prefilled_from_the_analysis(cast):
    concern = analysed_concern(cast)
    state = selectors.board_of_analysis(cast.municipal_coordinator, selectors.latest_closed_analysis(concern))
    draft = selectors.prefill(state)
    assert "2. Voldsparathed (2): Begrundelse 2" in draft["problems"]
    assert "7. Familie (2): Begrundelse 7" in draft["resources"]
    assert "Voldsparathed" not in draft["resources"]


def test_both_sides_approve_and_the_caseworkers_of_the_department_get_the_concern(cast):
    concern = analysed_concern(cast)
    version = write(cast, concern)
    assert not policy.may(cast.caseworker, "concern.read", concern)
    version = approve(cast, concern, version, "municipal_coordinator")
    assert not version.is_approved
    assert Concern.objects.get(pk=concern.pk).state == State.ANALYSED
    version = approve(cast, concern, version, "police_coordinator")
    assert version.is_approved
    concern = Concern.objects.get(pk=concern.pk)
    assert concern.state == State.RECOMMENDED
    policy.forget_all(cast.caseworker)  # what the caseworker may read is decided afresh (a new request)
    assert policy.may(cast.caseworker, "concern.read", concern)
    assert [
        a for a in concern.timeline.values_list("action", flat=True) if a.startswith(("assessment", "recommendation"))
    ] == [
        "assessment.written",
        "assessment.approved",
        "assessment.approved",
        "recommendation.approved",
    ]


def test_a_caseworker_of_another_department_gets_nothing(cast):
    jobcenter = grant_membership(
        user=make_user("jo@halsnaes.dk", "Jo Berg"),
        infohus=cast.halsnaes,
        role=Role.CASEWORKER,
        department=Department.JOBCENTER,
    )
    concern = recommended_concern(cast)
    assert not policy.may(jobcenter, "concern.read", concern)
    assert list(selectors.recommendations_for(jobcenter)) == []
    assert [r.department for r in selectors.recommendations_for(cast.caseworker)] == [Department.CHILDREN_FAMILY]


def test_one_side_cannot_approve_twice_and_the_other_side_approves_its_own(cast):
    concern = analysed_concern(cast)
    version = approve(cast, concern, write(cast, concern), "police_coordinator")
    with pytest.raises(TransitionNotAllowed):
        approve(cast, concern, version, "police_coordinator")
    assert version.police_approved_by == cast.police_coordinator.user and version.municipal_approved_at is None


def test_a_change_after_an_approval_makes_a_new_version_and_the_old_one_stays(cast, client):
    concern = analysed_concern(cast)
    first = approve(cast, concern, write(cast, concern), "municipal_coordinator")
    second = write(cast, concern, by="police_coordinator", conclusion="Indsats anbefales straks.")
    assert (first.number, second.number) == (1, 2)
    assert AssessmentVersion.objects.get(pk=first.pk).conclusion == "Indsats anbefales."
    assert second.municipal_approved_at is None  # nobody approves a text changed after reading it
    with pytest.raises(TransitionNotAllowed):
        approve(cast, concern, first, "police_coordinator")  # only the newest counts
    draft_again = write(cast, concern, conclusion="Rettet kladde.")
    assert draft_again.pk == second.pk  # a draft nobody approved is changed in place
    log_in(client, cast.police_coordinator)
    page = client.get(reverse("assessment:recommendation", args=[concern.pk])).content.decode()
    assert "Hvad er ændret siden version 1" in page and "Rettet kladde." in page and "Indsats anbefales." in page


def test_not_current_closes_the_concern_with_the_reason(cast):
    concern = analysed_concern(cast)
    with pytest.raises(UserError):
        write(cast, concern, outcome="not_current")
    version = write(cast, concern, outcome="not_current", not_current_reason="Ingen tegn på radikalisering.")
    assert list(version.recommendations.all()) == []
    approve(cast, concern, version, "municipal_coordinator", "police_coordinator")
    concern = Concern.objects.get(pk=concern.pk)
    assert concern.state == State.CLOSED
    assert concern.timeline.filter(action="concern.not_current", reason="Ingen tegn på radikalisering.").exists()


def test_a_recommendation_to_the_municipality_names_a_department(cast):
    concern = analysed_concern(cast)
    with pytest.raises(UserError, match="afdeling"):
        write(cast, concern, recommendations=[to_children_and_family(department="")])
    with pytest.raises(UserError):
        write(cast, concern, recommendations=[to_children_and_family(addressee="psychiatry")])
    version = write(
        cast,
        concern,
        recommendations=[to_children_and_family(addressee="psychiatry", department="", addressee_name="Psykiatrien")],
    )
    assert version.recommendations.get().to == "Psykiatri, Psykiatrien"


def test_only_coordinators_write_and_approve(cast):
    concern = recommended_concern(cast)
    with pytest.raises(NotPermitted):
        write(cast, concern, by="caseworker")
    assert not policy.may(cast.caseworker, "recommendation.approve_version", concern)


def test_the_caseworker_acknowledges_follows_up_and_closes(cast, client):
    concern = recommended_concern(cast)
    recommendation = selectors.recommendations_for(cast.caseworker)[0]
    follow_up = services.acknowledge(recommendation=recommendation, by=cast.caseworker)
    assert Concern.objects.get(pk=concern.pk).state == State.FOLLOW_UP
    with pytest.raises(UserError):
        services.acknowledge(recommendation=recommendation, by=cast.caseworker)
    today = timezone.localdate()
    follow_up = services.record_follow_up(
        follow_up=follow_up,
        by=cast.caseworker,
        intervention="Mentorforløb via SSP",
        started_on=today - timedelta(days=30),
        ended_on=today.replace(day=1),
        next_follow_up_on=today + timedelta(days=14),
        note="Mødt stabilt op.",
    )
    assert follow_up.review_6_on.month == (today.month + 5) % 12 + 1  # 6 months after the end, by default
    assert follow_up.notes.get().text == "Mødt stabilt op."
    log_in(client, cast.caseworker)
    page = client.get(reverse("assessment:recommendation", args=[concern.pk])).content.decode()
    assert "Mentorforløb via SSP" in page and "Mødt stabilt op." in page
    services.close_concern(concern=concern, by=cast.caseworker, reason="Indsatsen er gennemført.")
    concern = Concern.objects.get(pk=concern.pk)
    assert concern.state == State.CLOSED
    assert concern.timeline.latest("pk").reason == "Indsatsen er gennemført."


def test_coordinators_see_overdue_follow_ups(cast):
    concern = recommended_concern(cast)
    recommendation = selectors.recommendations_for(cast.caseworker)[0]
    services.acknowledge(
        recommendation=recommendation, by=cast.caseworker, next_follow_up_on=timezone.localdate() - timedelta(days=1)
    )
    assert [f.concern_id for f in selectors.overdue_follow_ups(cast.municipal_coordinator)] == [concern.pk]
    assert FollowUp.objects.get().is_overdue


def test_a_new_concern_about_the_same_person_can_be_opened_from_a_closed_one(cast, client):
    concern = analysed_concern(cast)
    version = write(cast, concern, outcome="not_current", not_current_reason="Ikke aktuel.")
    approve(cast, concern, version, "municipal_coordinator", "police_coordinator")
    log_in(client, cast.municipal_coordinator)
    detail = client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert f"?fra={concern.pk}" in detail
    form = client.get(reverse("concerns:create") + f"?fra={concern.pk}").content.decode()
    assert concern.person.full_name in form and concern.person.formatted_cpr in form
