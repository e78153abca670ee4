"""Passwords set through the technical admin site.

Setting someone's password lets the administrator log in as them. For a person holding
(or awaiting) a role that reads case content, and for another administrator (whose account
approves roles: infohus/role_approval.py), that would get round the two-person rule, so the
admin site refuses it; such a person changes their own password, or an operator runs
`manage.py changepassword` on the server. Every password the admin site does set is logged:
who changed whose.
"""

import logging

from auditlog.models import LogEntry
from django.utils.translation import gettext as _

from infohus.models import Membership, User
from infohus.policy import reads_case_content

security = logging.getLogger("infohus.security")


def password_refusal(*, user: User, by: User) -> str:
    """Why `by` may not set `user`'s password in the admin site (empty when they may)."""
    if user.pk == by.pk:
        return _("Change your own password on the password change page, with your current password.")
    if user.is_staff or user.is_superuser:
        return _("Another administrator's password cannot be set here: they change it themselves.")
    roles = Membership.objects.filter(user=user).filter(is_active=True) | Membership.objects.filter(
        user=user, awaiting_approval=True
    )
    if any(reads_case_content(role) for role in roles.values_list("role", flat=True)):
        return _("This person reads case content: they change their password themselves.")
    return ""


def record_password_change(*, user: User, by: User) -> None:
    """Log that an administrator set a user's password (never the password itself)."""
    LogEntry.objects.log_create(
        user,
        action=LogEntry.Action.UPDATE,
        changes={"password": ["***", "***"]},
        actor=by,
        actor_email=by.email,
        additional_data={"password_set_by_admin": by.pk},
    )
    security.info("password of user %s set through the admin site by user %s", user.pk, by.pk)
