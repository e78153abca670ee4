"""Every URL × every role × own/other authority × own/other Infohus, against one table.

The URL conf is walked, so a view added without a row here fails the test.
Answers: 200 page, 302 done (redirect after a successful POST), "login" (anonymous
sent to log in), 404 (outside the user's scope: nothing reveals that the object exists),
405 (method not allowed).
"""

import pytest
from django.db import transaction
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.cast import (
    cleared_concern,
    confirmed,
    draft_concern,
    gathering_concern,
    log_in,
    meeting_item,
    municipal_item,
    police_item,
    recommended_concern,
    share_police_item,
    submitted_concern,
    verified_login,
)

pytestmark = pytest.mark.django_db

ACTORS = [
    "anonymous",
    "municipal_coordinator",
    "police_coordinator",
    "caseworker",
    "auditor",
    "admin",
    "other_municipal_coordinator",  # other Infohus, other authority
    "other_police_coordinator",  # other Infohus, same police district as ours
    "external",  # a psychiatrist who takes part in Halsnæs's meetings, no role in any case
]

# Objects the rows are requested against. "Own authority" for a municipal concern is the
# municipality; the police coordinator of the same Infohus is the other authority.
SCENARIOS = {
    "none": lambda cast: {},
    # Users in the administrator's list: the caseworker, the administrator themself, and a
    # coordinator of the other Infohus.
    "member": lambda cast: {"pk": cast.caseworker.pk},
    "own_member": lambda cast: {"pk": cast.admin.pk},
    "other_member": lambda cast: {"pk": cast.other_municipal_coordinator.pk},
    "municipal_draft": lambda cast: {"pk": draft_concern(cast.municipal_coordinator).pk},
    "municipal_with_police": lambda cast: {"pk": submitted_concern(cast.municipal_coordinator).pk},
    "police_draft": lambda cast: {"pk": draft_concern(cast.police_coordinator).pk},
    "police_with_police": lambda cast: {"pk": submitted_concern(cast.police_coordinator).pk},
    "cleared": lambda cast: {"pk": cleared_concern(cast).pk},
    "gathering": lambda cast: {"pk": gathering_concern(cast).pk},
    "police_item": lambda cast: police_item_scenario(cast),
    "municipal_item": lambda cast: municipal_item_scenario(cast),
    "request": lambda cast: request_scenario(cast),
    "police_exchange": lambda cast: exchange_scenario(cast),
    "analysed": lambda cast: {"pk": analysed_scenario(cast)},
    "meeting": lambda cast: meeting_scenario(cast, open_it=False),
    "open_meeting": lambda cast: meeting_scenario(cast, open_it=True),
    "closed_meeting": lambda cast: meeting_scenario(cast, open_it=True, close_it=True),
    "invitation": lambda cast: {"uidb64": "MQ", "token": "no-such-token"},
    "recommended": lambda cast: recommended_scenario(cast),
    "following_up": lambda cast: recommended_scenario(cast, acknowledge=True),
}


def recommended_scenario(cast, *, acknowledge=False):
    """A recommendation to Children and Family approved by both sides (the caseworker's
    department); acknowledged by the caseworker when `acknowledge`."""
    from assessment import selectors as assessment_selectors
    from assessment import services as assessment_services

    concern = recommended_concern(cast)
    version = assessment_selectors.approved_version(assessment_selectors.assessment_of(concern))
    recommendation = version.recommendations.get()
    if acknowledge:
        assessment_services.acknowledge(recommendation=recommendation, by=cast.caseworker)
    return {"pk": concern.pk, "version_pk": version.pk, "recommendation_pk": recommendation.pk}


def meeting_scenario(cast, *, open_it, close_it=False):
    """A Halsnæs meeting with one concern; caseworker and external invited. Once open,
    everyone invited has confirmed the confidentiality statement."""
    from assessment import services as meeting_services

    item = meeting_item(cast, open_it=open_it)
    if open_it:
        confirmed(cast, item, "municipal_coordinator", "police_coordinator", "caseworker", "external")
    if close_it:
        meeting_services.close_meeting(meeting=item.meeting, by=cast.municipal_coordinator)
    external = item.meeting.participants.get(user=cast.external.user)
    return {"pk": item.meeting_id, "item_pk": item.pk, "participant_pk": external.pk}


def analysed_scenario(cast):
    from assessment import services as meeting_services

    item = meeting_item(cast, invite=())
    confirmed(cast, item, "municipal_coordinator")
    for number in range(1, 10):
        meeting_services.record_agreed_score(
            item=item, by=cast.municipal_coordinator, dimension=number, status="unknown", version=0
        )
    meeting_services.close_analysis(item=item, by=cast.municipal_coordinator)
    return item.analysis.concern_id


def police_item_scenario(cast):
    concern = gathering_concern(cast)
    return {"pk": concern.pk, "item_pk": police_item(cast, concern, attachment=True).pk}


def municipal_item_scenario(cast):
    concern = gathering_concern(cast)
    return {"pk": concern.pk, "item_pk": municipal_item(cast, concern, attachment=True).pk}


def request_scenario(cast):
    from concerns import services

    concern = gathering_concern(cast)
    request = services.request_information(
        concern=concern, by=cast.municipal_coordinator, source="education", asked_for="Fravær og trivsel"
    )
    return {"pk": concern.pk, "request_pk": request.pk}


def exchange_scenario(cast):
    concern = gathering_concern(cast)
    exchange = share_police_item(cast, concern, police_item(cast, concern))
    return {"pk": concern.pk, "exchange_pk": exchange.pk}


DECISION = {"outcome": "cleared", "reason": "Ingen hindringer."}
NEW_ITEM = {
    "item-source": "police",
    "item-information_date": "2026-10-01",
    "item-text": "Kendt for trusler.",
}
NEW_REQUEST = {"request-source": "jobcenter", "request-asked_for": "Fremmøde og aktivering"}
SEARCH = {"case_number": "IH-2026-0001"}


def row(name, scenario, method, answers, data=None):
    """`answers` maps actor → expected status, in ACTORS order."""
    assert len(answers) == len(ACTORS), name
    return (name, scenario, method, data or {}, dict(zip(ACTORS, answers, strict=True)))


L = "login"
# fmt: off
#                                                                    anon  mc   pc   cw   aud  adm  omc  opc  ext
MATRIX = [
    row("home", "none", "GET",                                       [L,   200, 200, 200, 200, 200, 200, 200, 200]),
    # "Mark as seen" on the start page's list of what was shared with one's authority.
    row("shared_seen", "none", "POST",                               [L,   302, 302, 404, 404, 404, 302, 302, 404]),
    row("login", "none", "GET",                                      [200, 302, 302, 302, 302, 302, 302, 302, 302]),
    row("logout", "none", "POST",                                    [L,   302, 302, 302, 302, 302, 302, 302, 302]),
    row("select_membership", "none", "GET",                          [L,   200, 200, 200, 200, 200, 200, 200, 200]),
    row("members", "none", "GET",                                    [L,   404, 404, 404, 404, 200, 404, 404, 404]),
    # The second factor after the password: a verified session is sent on to the start page.
    row("second_factor", "none", "GET",                              [L,   302, 302, 302, 302, 302, 302, 302, 302]),
    row("enrol_second_factor", "none", "GET",                        [L,   302, 302, 302, 302, 302, 302, 302, 302]),
    # The administrator resets another user's second factor of the own Infohus; their own
    # is refused (back to the list with a message); another Infohus's user does not exist.
    row("reset_second_factor", "member", "GET",                      [L,   404, 404, 404, 404, 200, 404, 404, 404]),
    row("reset_second_factor", "member", "POST",                     [L,   404, 404, 404, 404, 302, 404, 404, 404]),
    row("reset_second_factor", "own_member", "GET",                  [L,   404, 404, 404, 404, 302, 404, 404, 404]),
    row("reset_second_factor", "own_member", "POST",                 [L,   404, 404, 404, 404, 302, 404, 404, 404]),
    row("reset_second_factor", "other_member", "POST",               [L,   404, 404, 404, 404, 404, 404, 404, 404]),
    row("set_language", "none", "POST",                              [302, 302, 302, 302, 302, 302, 302, 302, 302],
        {"language": "da"}),
    row("admin:index", "none", "GET",                                [302, 302, 302, 302, 302, 302, 302, 302, 302]),
    # The accessibility statement and the privacy notice are public.
    row("accessibility", "none", "GET",                              [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row("privacy", "none", "GET",                                    [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    # The load balancer's health check: public, for everyone.
    row("healthz", "none", "GET",                                    [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row("concerns:list", "none", "GET",                              [L,   200, 200, 200, 404, 404, 200, 200, 404]),
    # A search is posted (a name or CPR number never stands in a URL) and redirects to the list.
    row("concerns:list", "none", "POST",                             [L,   302, 302, 302, 404, 404, 302, 302, 404],
        {"q": "150909-4123"}),
    row("concerns:create", "none", "GET",                            [L,   200, 200, 404, 404, 404, 200, 200, 404]),
    row("concerns:police_queue", "none", "GET",                      [L,   404, 200, 404, 404, 404, 404, 200, 404]),
    row("concerns:police_queue", "none", "POST",                     [L,   404, 302, 404, 404, 404, 404, 302, 404],
        {"q": "Mikkel"}),
    # A municipal draft: only the recording side sees it.
    row("concerns:detail", "municipal_draft", "GET",                 [L,   200, 404, 404, 404, 404, 404, 404, 404]),
    row("concerns:edit", "municipal_draft", "GET",                   [L,   200, 404, 404, 404, 404, 404, 404, 404]),
    row("concerns:submit", "municipal_draft", "GET",                 [L,   200, 404, 404, 404, 404, 404, 404, 404]),
    row("concerns:submit", "municipal_draft", "POST",                [L,   302, 404, 404, 404, 404, 404, 404, 404],
        {"confirmed": "yes"}),
    row("concerns:withdraw", "municipal_draft", "POST",              [L,   302, 404, 404, 404, 404, 404, 404, 404],
        {"reason": "Fejl"}),
    row("concerns:start_gathering", "municipal_draft", "POST",       [L,   302, 404, 404, 404, 404, 404, 404, 404]),
    # A police draft: the police alone.
    row("concerns:detail", "police_draft", "GET",                    [L,   404, 200, 404, 404, 404, 404, 404, 404]),
    row("concerns:submit", "police_draft", "POST",                   [L,   404, 302, 404, 404, 404, 404, 404, 404],
        {"confirmed": "yes"}),
    # Sent to the police: both coordinators of this Infohus, nobody else.
    row("concerns:detail", "municipal_with_police", "GET",           [L,   200, 200, 404, 404, 404, 404, 404, 404]),
    row("concerns:police_decision", "municipal_with_police", "GET",  [L,   404, 200, 404, 404, 404, 404, 404, 404]),
    row("concerns:police_decision", "municipal_with_police", "POST", [L,   404, 302, 404, 404, 404, 404, 404, 404],
        DECISION),
    row("concerns:edit", "municipal_with_police", "GET",             [L,   302, 302, 404, 404, 404, 404, 404, 404]),
    # Withdrawing as a mistake is the recording side's act: the police may not, though they hold it.
    row("concerns:withdraw", "municipal_with_police", "POST",        [L,   302, 403, 404, 404, 404, 404, 404, 404],
        {"reason": "Fejl"}),
    # A concern the police recorded: police only until they clear it.
    row("concerns:detail", "police_with_police", "GET",              [L,   404, 200, 404, 404, 404, 404, 404, 404]),
    row("concerns:edit", "police_with_police", "GET",                [L,   404, 302, 404, 404, 404, 404, 404, 404]),
    # Asking before sending: a case already with the police goes back to its page.
    row("concerns:submit", "police_with_police", "GET",              [L,   404, 302, 404, 404, 404, 404, 404, 404]),
    row("concerns:police_decision", "police_with_police", "POST",    [L,   404, 302, 404, 404, 404, 404, 404, 404],
        DECISION),
    row("concerns:withdraw", "police_with_police", "POST",           [L,   404, 302, 404, 404, 404, 404, 404, 404],
        {"reason": "Fejl"}),
    # Redskab 2: the coordinators of this Infohus, nobody else. Before it has started,
    # the gathering page sends a coordinator back to the case page with a message.
    row("concerns:gathering", "municipal_with_police", "GET",         [L,   302, 302, 404, 404, 404, 404, 404, 404]),
    row("concerns:start_gathering", "cleared", "POST",                [L,   302, 302, 404, 404, 404, 404, 404, 404]),
    row("concerns:gathering", "gathering", "GET",                     [L,   200, 200, 404, 404, 404, 404, 404, 404]),
    row("concerns:request_add", "gathering", "POST",                  [L,   302, 302, 404, 404, 404, 404, 404, 404],
        NEW_REQUEST),
    row("concerns:request_received", "request", "POST",               [L,   302, 302, 404, 404, 404, 404, 404, 404]),
    row("concerns:item_add", "gathering", "POST",                     [L,   302, 302, 404, 404, 404, 404, 404, 404],
        NEW_ITEM),
    row("concerns:exchanges", "gathering", "GET",                     [L,   200, 200, 404, 404, 404, 404, 404, 404]),
    row("concerns:finish_gathering", "gathering", "POST",             [L,   302, 302, 404, 404, 404, 404, 404, 404],
        {"confirmed": "yes"}),
    # A police item is the police's alone: the municipal coordinator gets 404 on every path.
    row("concerns:item", "police_item", "GET",                        [L,   404, 200, 404, 404, 404, 404, 404, 404]),
    row("concerns:item_attachment", "police_item", "GET",             [L,   404, 200, 404, 404, 404, 404, 404, 404]),
    row("concerns:item", "municipal_item", "GET",                     [L,   200, 404, 404, 404, 404, 404, 404, 404]),
    row("concerns:item_attachment", "municipal_item", "GET",          [L,   200, 404, 404, 404, 404, 404, 404, 404]),
    # Sharing: only the owner's items can be chosen; a refused share shows the page again
    # with the errors (200), and tests/concerns/test_exchanges.py checks nothing was shared.
    row("concerns:share", "police_item", "POST",                      [L,   200, 200, 404, 404, 404, 404, 404, 404],
        lambda kw: {"share-items": [kw["item_pk"]], "share-to_authority": "", "share-legal_basis_section": "1",
                    "share-purpose": "Formål", "share-necessity": "Nødvendigt", "confirmed": "yes"}),
    row("concerns:exchange_revoke", "police_exchange", "POST",        [L,   302, 302, 404, 404, 404, 404, 404, 404],
        lambda kw: {f"revoke{kw['exchange_pk']}-reason": "Ikke længere nødvendigt"}),
    # Step D: an analysed concern goes back to gathering.
    row("concerns:send_back", "analysed", "POST",                     [L,   302, 302, 404, 404, 404, 404, 404, 404],
        {"missing": "Oplysninger fra psykiatrien"}),
    # The analysis meeting (Redskab 3). The coordinators arrange it; the invited (the
    # caseworker and the external participant too) take part only while it is open.
    row("assessment:list", "none", "GET",                             [L,   200, 200, 200, 404, 404, 200, 200, 200]),
    row("assessment:schedule", "none", "POST",                        [L,   302, 302, 404, 404, 404, 302, 302, 404],
        {"starts_at": "2026-12-09T13:00", "location": "Rådhuset"}),
    row("assessment:detail", "meeting", "GET",                        [L,   200, 200, 404, 404, 404, 404, 404, 404]),
    # Sent without a valid choice: the page comes back with the form's errors (200).
    row("assessment:agenda_add", "meeting", "POST",                   [L,   200, 200, 404, 404, 404, 404, 404, 404]),
    row("assessment:agenda_move", "meeting", "POST",                  [L,   302, 302, 404, 404, 404, 404, 404, 404],
        {"direction": "up"}),
    row("assessment:agenda_remove", "meeting", "POST",                [L,   302, 302, 404, 404, 404, 404, 404, 404]),
    row("assessment:share", "meeting", "GET",                         [L,   200, 200, 404, 404, 404, 404, 404, 404]),
    row("assessment:invite_user", "meeting", "POST",                  [L,   200, 200, 404, 404, 404, 404, 404, 404]),
    row("assessment:invite_external", "meeting", "POST",              [L,   200, 200, 404, 404, 404, 404, 404, 404],
        {"full_name": "Lars Holt", "email": "lars@kf.dk", "authority": ""}),
    row("assessment:uninvite", "meeting", "POST",                     [L,   302, 302, 404, 404, 404, 404, 404, 404]),
    row("assessment:open", "meeting", "POST",                         [L,   302, 302, 404, 404, 404, 404, 404, 404]),
    row("assessment:enter", "meeting", "GET",                         [L,   302, 302, 302, 404, 404, 404, 404, 302]),
    row("assessment:enter", "open_meeting", "GET",                    [L,   200, 200, 200, 404, 404, 404, 404, 200]),
    row("assessment:room", "open_meeting", "GET",                     [L,   200, 200, 200, 404, 404, 404, 404, 200]),
    row("assessment:score", "open_meeting", "POST",                   [L,   302, 302, 404, 404, 404, 404, 404, 404],
        {"dimension": "2", "d2-dimension": "2", "d2-version": "0", "d2-score": "3"}),
    row("assessment:own_score", "open_meeting", "POST",               [L,   302, 302, 302, 404, 404, 404, 404, 302],
        {"dimension": "2", "o2-dimension": "2", "o2-score": "unknown"}),
    row("assessment:note", "open_meeting", "POST",                    [L,   302, 302, 302, 404, 404, 404, 404, 302],
        {"dimension": "2", "n2-dimension": "2", "n2-text": "Note"}),
    row("assessment:close_analysis", "open_meeting", "POST",          [L,   302, 302, 404, 404, 404, 404, 404, 404]),
    row("assessment:minutes", "open_meeting", "POST",                 [L,   302, 302, 404, 404, 404, 404, 404, 404],
        {"minutes": "Referat"}),
    row("assessment:close", "open_meeting", "POST",                   [L,   302, 302, 404, 404, 404, 404, 404, 404]),
    # Closed: what was said is the record's; the room is gone for everyone.
    row("assessment:room", "closed_meeting", "GET",                   [L,   302, 302, 302, 404, 404, 404, 404, 302]),
    row("assessment:enter", "closed_meeting", "GET",                  [L,   302, 302, 302, 404, 404, 404, 404, 302]),
    row("assessment:detail", "closed_meeting", "GET",                 [L,   200, 200, 404, 404, 404, 404, 404, 404]),
    row("assessment:invitation", "invitation", "GET",                 [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    # Redskab 4: the coordinators write and approve; on approval the caseworkers of the
    # addressed department (Children and Family: ours) read, download and follow up.
    row("assessment:recommendation", "analysed", "GET",              [L,   200, 200, 404, 404, 404, 404, 404, 404]),
    row("assessment:recommendation_write", "analysed", "GET",        [L,   200, 200, 404, 404, 404, 404, 404, 404]),
    row("concerns:detail", "recommended", "GET",                     [L,   200, 200, 200, 404, 404, 404, 404, 404]),
    row("assessment:recommendation", "recommended", "GET",           [L,   200, 200, 200, 404, 404, 404, 404, 404]),
    row("assessment:recommendation_pdf", "recommended", "GET",       [L,   200, 200, 200, 404, 404, 404, 404, 404]),
    row("assessment:recommendation_approve", "recommended", "POST",  [L,   302, 302, 404, 404, 404, 404, 404, 404]),
    row("assessment:acknowledge", "recommended", "POST",             [L,   302, 404, 302, 404, 404, 404, 404, 404],
        lambda kw: {f"a{kw['recommendation_pk']}-next_follow_up_on": "2027-01-15"}),
    row("assessment:follow_up", "following_up", "POST",              [L,   302, 404, 302, 404, 404, 404, 404, 404],
        lambda kw: {f"f{kw['recommendation_pk']}-intervention": "Mentor",
                    f"f{kw['recommendation_pk']}-next_follow_up_on": "2027-01-15"}),
    row("assessment:close_concern", "following_up", "POST",          [L,   302, 404, 302, 404, 404, 404, 404, 404],
        {"reason": "Indsatsen er gennemført"}),
    # The police withdraw a concern from the Infohus until the recommendation is approved.
    row("assessment:take_over", "gathering", "GET",                  [L,   404, 200, 404, 404, 404, 404, 404, 404]),
    # The data-protection officer's pages.
    row("audit_log", "none", "GET",                                   [L,   404, 404, 404, 200, 404, 404, 404, 404]),
    row("audit_log", "none", "POST",                                  [L,   404, 404, 404, 200, 404, 404, 404, 404],
        SEARCH),
    row("audit_log_export", "none", "POST",                           [L,   404, 404, 404, 200, 404, 404, 404, 404],
        SEARCH),
    row("audit_exchanges", "none", "GET",                             [L,   404, 404, 404, 200, 404, 404, 404, 404]),
    # A data subject's access request: the CPR number is posted; the answer is a file.
    row("audit_access_request", "none", "GET",                        [L,   404, 404, 404, 200, 404, 404, 404, 404]),
    row("audit_access_request", "none", "POST",                       [L,   404, 404, 404, 200, 404, 404, 404, 404],
        {"cpr": "150909-4123", "format": "csv"}),
    # The yearly statistics: counts only, for the coordinators and the data-protection officer.
    row("statistics", "none", "GET",                                  [L,   200, 200, 404, 200, 404, 200, 200, 404]),
    row("statistics_csv", "none", "GET",                              [L,   200, 200, 404, 200, 404, 200, 200, 404]),
]
# fmt: on


def url_names(patterns=None, namespace=""):
    """Every named URL in the URL conf, with its namespace."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                yield "admin:index"  # the admin site is checked as a whole below
                continue
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_row():
    missing = set(url_names()) - {name for name, *_ in MATRIX}
    assert missing == set(), f"add rows to MATRIX for {sorted(missing)}"


def url_for(name, kwargs):
    """The URL of `name`, taking from the scenario only the arguments the URL has."""
    from itertools import combinations

    for size in range(len(kwargs), -1, -1):
        for keys in combinations(kwargs, size):
            try:
                return reverse(name, kwargs={key: kwargs[key] for key in keys})
            except NoReverseMatch:
                continue
    raise NoReverseMatch(name)


def answer(client, method, url, data):
    response = client.post(url, data) if method == "POST" else client.get(url)
    if response.status_code == 302 and "/log-ind/" in response.url and "next=" in response.url:
        return "login"
    return response.status_code


@pytest.mark.parametrize(
    ("name", "scenario", "method", "data", "expected"), MATRIX, ids=lambda v: v if isinstance(v, str) else ""
)
def test_matrix(client, cast, name, scenario, method, data, expected):
    differences = []
    for actor in ACTORS:
        with transaction.atomic():
            kwargs = SCENARIOS[scenario](cast)
            url = url_for(name, kwargs)
            payload = data(kwargs) if callable(data) else data
            client.logout()
            if actor != "anonymous":
                log_in(client, cast.by_name(actor))
            got = answer(client, method, url, payload)
            transaction.set_rollback(True)  # each actor meets the scenario untouched
        if got != expected[actor]:
            differences.append(f"{method} {name} [{scenario}] as {actor}: expected {expected[actor]}, got {got}")
    assert differences == []


def test_no_case_model_is_reachable_through_the_admin_site():
    from django.contrib import admin

    registered = {model._meta.app_label for model in admin.site._registry}
    # auditlog's own admin would show every change's values: case content of both sides.
    assert registered.isdisjoint({"concerns", "assessment", "auditlog", "guardian"})


def test_even_a_superuser_finds_no_case_data_in_the_admin(client, cast):
    from infohus.models import User

    root = User.objects.create_superuser("root@infohus.dk", "x" * 16, full_name="Root")
    verified_login(client, root)
    assert client.get("/teknisk-admin/").status_code == 200
    for path in ("/teknisk-admin/auditlog/logentry/", "/teknisk-admin/concerns/concern/"):
        assert client.get(path).status_code == 404, path
