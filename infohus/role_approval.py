"""Two administrators for a role that reads case content.

A staff account could otherwise give itself (or an accomplice) a coordinator's role in any
Infohus through the technical admin site and read every case. So a membership created or
changed there that grants a role reading case content (`policy.reads_case_content`), or any
role for the administrator themself, is saved inactive and awaiting approval; a second
administrator, neither the one who asked nor the person it is for, makes it active. The
request and the approval are changes of the membership, so auditlog records them (with the
Infohus, for its data-protection officer); the Infohus's coordinators are told by e-mail
when the role becomes active.

Trusted data loading (`memberships.grant_membership`: the demo data, the tests, a meeting's
invitation of an outside participant, which grants no case access) does not pass here.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from infohus.errors import NotPermitted
from infohus.memberships import sync_groups
from infohus.models import Membership, User
from infohus.policy import COORDINATORS, reads_case_content

security = logging.getLogger("infohus.security")

# What decides what a membership lets its holder read: changing any of them is a new grant.
GRANTING_FIELDS = ("user_id", "infohus_id", "role", "authority_id", "department")


def needs_approval(membership: Membership, *, before: Membership | None, by: User) -> bool:
    if not membership.is_active:
        return False  # taking a role away, or leaving it inactive, needs nobody else
    if not (reads_case_content(membership.role) or membership.user_id == by.pk):
        return False
    if before is None or not before.is_active:
        return True  # a new role, or one switched on again
    return any(getattr(before, field) != getattr(membership, field) for field in GRANTING_FIELDS)


def refuse_own(membership: Membership, *, by: User) -> None:
    """Nobody changes their own roles: they ask for a new one and another administrator decides."""
    if membership.pk and membership.user_id == by.pk:
        raise NotPermitted(_("You cannot change your own roles; ask another administrator."))


@transaction.atomic
def save_membership(*, membership: Membership, by: User) -> Membership:
    """Save a membership an administrator created or changed (the admin site), holding back
    what needs a second administrator. Returns it; `awaiting_approval` says whether it waits."""
    before = Membership.objects.select_for_update().filter(pk=membership.pk).first() if membership.pk else None
    refuse_own(before or membership, by=by)
    if needs_approval(membership, before=before, by=by) or (
        membership.awaiting_approval
        and before is not None
        and any(getattr(before, field) != getattr(membership, field) for field in GRANTING_FIELDS)
    ):
        membership.is_active = False
        membership.awaiting_approval = True
        membership.requested_by = by
        membership.requested_at = timezone.now()
        membership.approved_by = None
        membership.approved_at = None
    membership.save()
    sync_groups(membership)
    if membership.awaiting_approval:
        security.info(
            "membership %s (user %s, infohus %s, role %s) requested by user %s, awaiting a second administrator",
            membership.pk,
            membership.user_id,
            membership.infohus_id,
            membership.role,
            by.pk,
        )
    return membership


@transaction.atomic
def approve_membership(*, membership: Membership, by: User) -> Membership:
    """A second administrator makes a requested role active; the coordinators are told."""
    membership = Membership.objects.select_for_update().select_related("user", "infohus").get(pk=membership.pk)
    if not membership.awaiting_approval:
        raise NotPermitted(_("This role is not awaiting approval."))
    if by.pk == membership.requested_by_id:
        raise NotPermitted(_("Another administrator must approve a role you asked for."))
    if by.pk == membership.user_id:
        raise NotPermitted(_("You cannot approve a role for yourself."))
    if not (by.is_active and by.is_staff):
        raise NotPermitted()
    membership.full_clean()  # a superuser still may never hold a role
    membership.is_active = True
    membership.awaiting_approval = False
    membership.approved_by = by
    membership.approved_at = timezone.now()
    membership.save(update_fields=["is_active", "awaiting_approval", "approved_by", "approved_at"])
    sync_groups(membership)
    security.info(
        "membership %s (user %s, infohus %s, role %s) requested by user %s approved by user %s",
        membership.pk,
        membership.user_id,
        membership.infohus_id,
        membership.role,
        membership.requested_by_id,
        by.pk,
    )
    notify_coordinators(membership)
    return membership


def notify_coordinators(membership: Membership) -> None:
    """Tell the Infohus's coordinators, after commit, that someone now holds a role in it."""
    recipients = list(
        Membership.objects.filter(
            infohus_id=membership.infohus_id, role__in=COORDINATORS, is_active=True, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    if not recipients:
        return
    requested_by = User.objects.filter(pk=membership.requested_by_id).first()
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New role in %(infohus)s") % {"infohus": membership.infohus.name}
        body = _(
            "%(user)s now holds the role %(role)s in %(infohus)s. It was asked for by %(requested_by)s "
            "and approved by %(approved_by)s. If you did not expect this, tell your data-protection officer."
        ) % {
            "user": membership.user,
            "role": membership.get_role_display(),
            "infohus": membership.infohus.name,
            "requested_by": requested_by or "-",
            "approved_by": membership.approved_by,
        }
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True))
