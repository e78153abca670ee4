"""Memberships: a user's roles in an Infohus, and the groups that carry object permissions.

Object permissions (django-guardian) are granted to one group per Infohus and role, so a
user's case access follows their memberships: removing a membership removes the access.
The groups are made with the Infohus (`create_role_groups`), so reading never creates
anything: a read path only names a group (`role_group_name`).
"""

from typing import NamedTuple

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from infohus.models import Authority, Department, Infohus, Membership, Role, User
from infohus.policy import authority_of_role, needs_department, role_group_name
from infohus.second_factor import session_is_verified, session_outlived

# The session key holding the membership a user works in now.
SESSION_KEY = "active_membership_id"


def create_role_groups(infohus: Infohus) -> None:
    """One group per role, and per department for the caseworkers, made when the Infohus is
    (see InfohusConfig.ready)."""
    for role in Role.values:
        Group.objects.get_or_create(name=role_group_name(infohus.pk, role))
        if needs_department(role):
            for department in Department.values:
                Group.objects.get_or_create(name=role_group_name(infohus.pk, role, department))


def role_group(infohus_id: int, role: str, department: str = "") -> Group:
    """The group of a role in an Infohus, for writing grants and group membership."""
    return Group.objects.get(name=role_group_name(infohus_id, role, department))


@transaction.atomic
def grant_membership(
    *, user: User, infohus: Infohus, role: str, authority: Authority | None = None, department: str = ""
) -> Membership:
    if authority is None:
        authority = authority_of_role(infohus, role)
    membership = Membership(user=user, infohus=infohus, role=role, authority=authority, department=department)
    membership.full_clean()
    membership.save()
    sync_groups(membership)
    return membership


def sync_groups(membership: Membership) -> None:
    """Put the user in the role group while the membership is active, and out of it after."""
    group = role_group(membership.infohus_id, membership.role, membership.department)
    if membership.is_active:
        membership.user.groups.add(group)
    else:
        membership.user.groups.remove(group)


def active_memberships(user: User):
    return (
        Membership.objects.filter(user=user, is_active=True, user__is_active=True)
        .select_related("user", "infohus", "authority", "infohus__municipality", "infohus__police_district")
        .order_by("infohus__name", "role")
    )


class ActiveMembership(NamedTuple):
    membership: Membership | None
    count: int  # how many memberships the user could work in


def resolve_active_membership(user, session) -> ActiveMembership:
    """The membership a user works in now: the one chosen in the session, or the only one.

    Called by the HTTP middleware and by the Channels middleware, so a page and a
    WebSocket of the same session always act as the same Infohus and role.
    """
    if user is None or not user.is_authenticated:
        return ActiveMembership(None, 0)
    memberships = list(active_memberships(user))
    chosen = session.get(SESSION_KEY)
    membership = next((m for m in memberships if m.pk == chosen), None)
    if membership is None and len(memberships) == 1:
        membership = memberships[0]
        session[SESSION_KEY] = membership.pk
    return ActiveMembership(membership, len(memberships))


def resolve_connection_membership(user, session) -> ActiveMembership:
    """For a WebSocket, at the handshake and at every re-check: as for a page, a session
    past its absolute lifetime, or one that has not passed the second factor, works in no
    membership (a page's middleware refuses such a session before the view runs)."""
    if session_outlived(session) or not session_is_verified(user, session):
        return ActiveMembership(None, 0)
    return resolve_active_membership(user, session)


def mark_shared_seen(membership: Membership) -> None:
    """The user has seen what was shared with their authority up to now (start page)."""
    Membership.objects.filter(pk=membership.pk).update(shared_seen_at=timezone.now())
