"""Memberships: a user's roles in an Infohus, and the groups that carry object permissions.

Object permissions (django-guardian) are granted to one group per Infohus and role, so a
user's case access follows their memberships: removing a membership removes the access.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from infohus.models import Authority, Infohus, Membership, Role, User


def role_group(infohus: Infohus, role: str) -> Group:
    group, _ = Group.objects.get_or_create(name=f"infohus-{infohus.pk}-{role}")
    return group


def side_roles(infohus: Infohus, authority: Authority) -> list[str]:
    """The case roles that work on behalf of `authority` in `infohus`."""
    if authority.pk == infohus.police_district_id:
        return [Role.POLICE_COORDINATOR]
    if authority.pk == infohus.municipality_id:
        return [Role.MUNICIPAL_COORDINATOR]
    return []


@transaction.atomic
def grant_membership(*, user: User, infohus: Infohus, role: str, authority: Authority | None = None) -> Membership:
    if authority is None:
        authority = infohus.police_district if role == Role.POLICE_COORDINATOR else infohus.municipality
    membership = Membership(user=user, infohus=infohus, role=role, authority=authority)
    membership.full_clean()
    membership.save()
    sync_groups(membership)
    return membership


def sync_groups(membership: Membership) -> None:
    """Put the user in the role group while the membership is active, and out of it after."""
    group = role_group(membership.infohus, membership.role)
    if membership.is_active:
        membership.user.groups.add(group)
    else:
        membership.user.groups.remove(group)


def active_memberships(user: User):
    return (
        Membership.objects.filter(user=user, is_active=True, user__is_active=True)
        .select_related("infohus", "authority", "infohus__municipality", "infohus__police_district")
        .order_by("infohus__name", "role")
    )
