"""Two administrators for a role that reads case content: what one staff account does in the
technical admin site waits, inactive, for a second one (infohus/role_approval.py)."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from infohus import policy
from infohus.memberships import active_memberships
from infohus.models import Membership, Role
from tests.cast import PASSWORD, draft_concern, log_in, make_user, verified_login

pytestmark = pytest.mark.django_db

ADMIN_PERMS = ["view_membership", "add_membership", "change_membership", "view_user", "change_user"]


def staff(email, name):
    user = make_user(email, name)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="infohus", codename__in=ADMIN_PERMS))
    return user


@pytest.fixture
def it_admin():
    return staff("ole@it.halsnaes.dk", "Ole IT")


@pytest.fixture
def second_admin():
    return staff("rita@it.halsnaes.dk", "Rita IT")


def ask_for(client, cast, user, role=Role.MUNICIPAL_COORDINATOR):
    return client.post(
        reverse("admin:infohus_membership_add"),
        {
            "user": user.pk,
            "infohus": cast.halsnaes.pk,
            "role": role,
            "authority": cast.halsnaes.municipality_id,
            "department": "",
            "is_active": "on",
            "created_at_0": "2026-11-01",
            "created_at_1": "10:00:00",
        },
    )


def approve(client, membership):
    return client.post(
        reverse("admin:infohus_membership_changelist"),
        {"action": "approve", "_selected_action": [membership.pk]},
        follow=True,
    )


def requested(user) -> Membership:
    return Membership.objects.get(user=user, role=Role.MUNICIPAL_COORDINATOR)


@pytest.fixture
def own_request(client, cast, it_admin):
    verified_login(client, it_admin)
    response = ask_for(client, cast, it_admin)
    assert response.status_code == 302, response.content.decode()[:2000]
    return requested(it_admin)


def test_a_case_role_is_read_from_the_policy():
    assert {role for role in Role.values if policy.reads_case_content(role)} == {
        Role.MUNICIPAL_COORDINATOR,
        Role.POLICE_COORDINATOR,
        Role.CASEWORKER,
    }


def test_a_coordinator_role_an_administrator_gives_themself_stays_inactive(client, cast, it_admin, own_request):
    assert not own_request.is_active
    assert own_request.awaiting_approval
    assert own_request.requested_by == it_admin
    assert list(active_memberships(it_admin)) == []
    assert not it_admin.groups.filter(name=policy.group_of(own_request)).exists()
    concern = draft_concern(cast.municipal_coordinator)
    log_in(client, own_request)  # even with the waiting role chosen in the session
    response = client.get(reverse("concerns:detail", args=[concern.pk]))
    assert (response.status_code, response.url) == (302, reverse("select_membership"))


def test_the_request_is_in_the_audit_log(cast, it_admin, own_request):
    entry = LogEntry.objects.get_for_object(own_request).get(action=LogEntry.Action.CREATE)
    assert entry.actor == it_admin
    assert entry.additional_data["infohus_id"] == cast.halsnaes.pk
    assert entry.changes_dict["awaiting_approval"] == ["None", "True"]


def test_a_second_administrator_makes_it_active_and_the_coordinators_hear_of_it(
    client, cast, it_admin, second_admin, own_request, django_capture_on_commit_callbacks
):
    verified_login(client, second_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = approve(client, own_request)
    assert response.status_code == 200
    own_request.refresh_from_db()
    assert own_request.is_active and not own_request.awaiting_approval
    assert own_request.approved_by == second_admin
    assert it_admin.groups.filter(name=policy.group_of(own_request)).exists()
    (notice,) = mail.outbox
    assert {cast.municipal_coordinator.user.email, cast.police_coordinator.user.email} <= set(notice.to)
    assert cast.other_municipal_coordinator.user.email not in notice.to
    assert "Ole IT" in notice.body and "Rita IT" in notice.body
    entry = LogEntry.objects.get_for_object(own_request).filter(action=LogEntry.Action.UPDATE).latest("pk")
    assert entry.actor == second_admin
    assert entry.changes_dict["is_active"] == ["False", "True"]
    concern = draft_concern(cast.municipal_coordinator)
    log_in(client, own_request)
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 200


def test_the_one_who_asked_cannot_approve_it(client, it_admin, own_request):
    response = approve(client, own_request)
    assert "Another administrator must approve" in response.content.decode() or "anden administrator" in (
        response.content.decode()
    )
    own_request.refresh_from_db()
    assert not own_request.is_active and own_request.awaiting_approval
    assert mail.outbox == []


def test_nobody_approves_a_role_for_themself(client, cast, it_admin, second_admin):
    verified_login(client, second_admin)
    assert ask_for(client, cast, it_admin).status_code == 302  # Rita asks for Ole
    verified_login(client, it_admin)
    approve(client, requested(it_admin))
    membership = requested(it_admin)
    assert not membership.is_active and membership.awaiting_approval
    assert membership.approved_by is None


def test_switching_a_requested_role_on_by_hand_keeps_it_waiting(client, cast, it_admin, second_admin, own_request):
    verified_login(client, second_admin)
    response = client.post(
        reverse("admin:infohus_membership_change", args=[own_request.pk]),
        {
            "user": it_admin.pk,
            "infohus": cast.halsnaes.pk,
            "role": Role.MUNICIPAL_COORDINATOR,
            "authority": cast.halsnaes.municipality_id,
            "department": "",
            "is_active": "on",
            "created_at_0": "2026-11-01",
            "created_at_1": "10:00:00",
        },
    )
    assert response.status_code == 302
    own_request.refresh_from_db()
    assert not own_request.is_active and own_request.awaiting_approval
    assert own_request.requested_by == second_admin  # so Ole, not Rita, may now approve it


def test_a_role_without_case_content_for_someone_else_needs_no_second_administrator(client, cast, it_admin):
    verified_login(client, it_admin)
    other = make_user("kim@halsnaes.dk", "Kim Dahl")
    assert ask_for(client, cast, other, role=Role.AUDITOR).status_code == 302
    membership = Membership.objects.get(user=other)
    assert membership.is_active and not membership.awaiting_approval


def test_an_administrator_cannot_change_their_own_roles(client, cast, it_admin, second_admin):
    verified_login(client, second_admin)
    ask_for(client, cast, it_admin, role=Role.AUDITOR)  # not case content: active at once
    membership = Membership.objects.get(user=it_admin)
    assert membership.is_active
    verified_login(client, it_admin)
    response = client.post(
        reverse("admin:infohus_membership_change", args=[membership.pk]),
        {
            "user": it_admin.pk,
            "infohus": cast.halsnaes.pk,
            "role": Role.MUNICIPAL_COORDINATOR,
            "authority": cast.halsnaes.municipality_id,
            "department": "",
            "is_active": "on",
            "created_at_0": "2026-11-01",
            "created_at_1": "10:00:00",
        },
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.AUDITOR


def test_an_administrator_cannot_change_their_own_staff_status(client, it_admin):
    verified_login(client, it_admin)
    page = client.get(reverse("admin:infohus_user_change", args=[it_admin.pk])).content.decode()
    assert 'name="is_staff"' not in page and 'name="is_active"' not in page


def test_a_coordinators_password_cannot_be_set_in_the_admin(client, cast, it_admin):
    verified_login(client, it_admin)
    coordinator = cast.municipal_coordinator.user
    response = client.post(
        reverse("admin:auth_user_password_change", args=[coordinator.pk]),
        {"password1": "a-new-long-password-9", "password2": "a-new-long-password-9"},
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(PASSWORD)


def test_nor_ones_own_password(client, it_admin):
    verified_login(client, it_admin)
    client.post(
        reverse("admin:auth_user_password_change", args=[it_admin.pk]),
        {"password1": "a-new-long-password-9", "password2": "a-new-long-password-9"},
    )
    it_admin.refresh_from_db()
    assert it_admin.check_password(PASSWORD)


def test_a_password_set_in_the_admin_is_logged_with_who_set_it(client, cast, it_admin):
    verified_login(client, it_admin)
    participant = cast.external.user  # a meeting participant: no case content by role
    response = client.post(
        reverse("admin:auth_user_password_change", args=[participant.pk]),
        {"password1": "a-new-long-password-9", "password2": "a-new-long-password-9"},
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password("a-new-long-password-9")
    entry = LogEntry.objects.get_for_object(participant).get()
    assert entry.actor == it_admin
    assert entry.changes_dict == {"password": ["***", "***"]}
