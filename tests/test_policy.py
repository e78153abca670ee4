"""The policy is the one place that decides: it agrees with what the permission matrix
measures over HTTP, its docs page is generated from it, and nothing else compares roles."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from concerns.timeline import ACTIONS as TIMELINE_ACTIONS
from infohus import policy
from infohus.models import Role
from tests.test_permission_matrix import ACTORS, MATRIX

ROOT = Path(__file__).resolve().parents[1]

ACTOR_ROLES = {
    "municipal_coordinator": Role.MUNICIPAL_COORDINATOR,
    "police_coordinator": Role.POLICE_COORDINATOR,
    "caseworker": Role.CASEWORKER,
    "auditor": Role.AUDITOR,
    "admin": Role.ADMIN,
    "other_municipal_coordinator": Role.MUNICIPAL_COORDINATOR,
    "other_police_coordinator": Role.POLICE_COORDINATOR,
    "external": Role.PARTICIPANT,
}
assert set(ACTOR_ROLES) == set(ACTORS) - {"anonymous"}


def views_by_url_name(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from views_by_url_name(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def roles_the_matrix_lets_in() -> dict[str, set[str]]:
    """Per URL name, the roles that got a page (200) or had their POST handled (302) in
    some scenario, as own or other Infohus."""
    allowed: dict[str, set[str]] = {}
    for name, _scenario, _method, _data, expected in MATRIX:
        allowed.setdefault(name, set())
        for actor, answer in expected.items():
            if actor != "anonymous" and answer in (200, 302):
                allowed[name].add(ACTOR_ROLES[actor])
    return allowed


def test_every_role_the_matrix_lets_in_is_allowed_by_the_policy_and_nothing_more():
    views = dict(views_by_url_name())
    differences = []
    for name, roles in roles_the_matrix_lets_in().items():
        if name == "admin:index":
            continue  # the technical admin site answers every role with its own login
        action = getattr(views[name], "policy_action", None)
        # A view that names no action is open to every logged-in user (login, home, language).
        wanted = set(Role.values) if action is None else set(policy.roles_for(action))
        if roles != wanted:
            differences.append(
                f"{name} ({action or 'open'}): the matrix lets in {sorted(roles)}, policy {sorted(wanted)}"
            )
    assert differences == []


def test_every_view_of_case_data_names_its_action():
    open_pages = {
        "home",
        "login",
        "logout",
        "select_membership",
        "set_language",
        "assessment:invitation",
        "accessibility",
        "privacy",
        "second_factor",
        "enrol_second_factor",
        "healthz",  # the load balancer's check: no case data
    }
    unnamed = {name for name, view in views_by_url_name() if getattr(view, "policy_action", None) is None}
    assert unnamed == open_pages


def test_the_docs_page_is_the_policy():
    with translation.override("en"):
        generated = policy.as_markdown()
    committed = (ROOT / "docs" / "who-may-what.md").read_text(encoding="utf-8")
    assert committed == generated, "run: python manage.py policy_doc > docs/who-may-what.md"


def test_every_grant_follows_an_event_the_timeline_records():
    assert set(policy.GRANTS) <= TIMELINE_ACTIONS


def test_every_action_on_an_object_needs_one_thing_that_puts_it_in_scope():
    for action, rule in policy.RULES.items():
        in_scope_by = [thing for thing in (rule.grant, rule.scope) if thing]
        assert len(in_scope_by) == (1 if rule.on else 0), action
        assert rule.roles <= set(Role.values), action


def test_auditor_and_admin_may_read_no_case_content():
    for action, rule in policy.RULES.items():
        if rule.on:
            assert not rule.roles & {Role.AUDITOR, Role.ADMIN}, action


# A role compared, tested for membership of a set of roles, or named as a string.
ROLE_COMPARISONS = [
    re.compile(r"\.role\s*(==|!=|in\b|not\s+in\b)"),
    re.compile(r"\brole\s*(==|!=)"),
    re.compile(r"(?<!for )\brole\s+(not\s+)?in\s+[A-Z{(\[]"),
    re.compile(r"(==|!=)\s*Role\."),
    re.compile(r"\bRole\.\w+\s*(==|!=)"),
    re.compile(r"""(==|!=)\s*["'](municipal_coordinator|police_coordinator|caseworker|auditor)["']"""),
    re.compile(r"\bin\s+(CASE_ROLES|COORDINATOR_ROLES|COORDINATORS|POLICE)\b"),
    re.compile(r"\{%[^%]*\.role\b"),  # a template tag reading a role
]
SCANNED = ["infohus", "concerns", "assessment", "audit", "portal", "templates", "static/js"]


def sources():
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in {".py", ".html", ".js"} or "migrations" in path.parts:
                continue
            if path.name == "policy.py":
                continue  # the policy is where roles are named
            if path.is_relative_to(ROOT / "portal" / "seed"):
                continue  # the benchmark's data set makes memberships of every role; it decides nothing
            yield path


def test_nothing_outside_the_policy_compares_roles():
    found = []
    for path in sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(pattern.search(line) for pattern in ROLE_COMPARISONS):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


@pytest.mark.parametrize(
    "line",
    [
        "if membership.role == Role.ADMIN:",
        "if request.membership.role in CASE_ROLES:",
        '{% if membership.role == "auditor" %}',
        "    if by.role not in COORDINATORS:",
        "allowed = role != 'caseworker'",
    ],
)
def test_the_role_comparison_check_would_catch(line):
    assert any(pattern.search(line) for pattern in ROLE_COMPARISONS)


@pytest.mark.django_db
def test_grants_fetched_with_a_concern_replace_what_the_request_remembered(cast):
    from guardian.shortcuts import remove_perm

    from concerns import selectors
    from infohus.memberships import role_group
    from tests.cast import cleared_concern

    concern = cleared_concern(cast)
    municipal = cast.municipal_coordinator
    assert policy.may(municipal, "gathering.start", selectors.visible_concern(municipal, concern.pk))
    remove_perm("concerns.change_concern", role_group(cast.halsnaes.pk, Role.MUNICIPAL_COORDINATOR), concern)
    fresh = selectors.visible_concern(municipal, concern.pk)
    assert policy.decide(municipal, "gathering.start", fresh).refusal is policy.Refusal.READ_ONLY


@pytest.mark.django_db
def test_a_snapshot_is_read_only_by_a_party_to_the_exchange(cast):
    from concerns.models import Exchange
    from infohus.models import Authority
    from tests.cast import gathering_concern

    concern = gathering_concern(cast)
    psychiatry = Authority.objects.create(name="Psykiatrien", kind=Authority.Kind.PSYCHIATRY)
    # Set the scene only: no service shares with a third party yet (meetings will).
    elsewhere = Exchange.objects.create(
        concern=concern,
        from_authority=cast.police,
        to_authority=psychiatry,
        legal_basis_section=1,
        purpose="Formål",
        necessity="Nødvendigt",
        shared_by=cast.police_coordinator.user,
    )
    assert policy.may(cast.police_coordinator, "exchange.read_snapshot", elsewhere)
    assert not policy.may(cast.municipal_coordinator, "exchange.read_snapshot", elsewhere)


@pytest.mark.django_db
def test_a_grant_to_a_side_without_its_group_fails_loudly(cast):
    from django.contrib.auth.models import Group
    from django.core.exceptions import ImproperlyConfigured

    from tests.cast import draft_concern

    Group.objects.filter(name=policy.role_group_name(cast.halsnaes.pk, Role.POLICE_COORDINATOR)).delete()
    concern = draft_concern(cast.municipal_coordinator)
    with pytest.raises(ImproperlyConfigured):
        policy.apply_grants("concern.submitted", concern, by=cast.municipal_coordinator)
