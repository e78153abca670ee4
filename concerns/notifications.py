"""Notices by e-mail that a case needs someone: the case number and a link, never personal
data (an e-mail is not a safe channel for it)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from concerns.models import Concern
from infohus import policy
from infohus.models import Authority


def notify_side(concern: Concern, authority: Authority, subject: str) -> None:
    """Tell a side's users who may see the case, after the transaction commits.

    Only a side that may see the case hears of it: a notice about a police-only case
    would reveal that it exists.
    """
    users = policy.users_granted(concern, "concerns.view_concern", infohus=concern.infohus, authority=authority)
    recipients = list(users.values_list("email", flat=True))
    if not recipients:
        return
    link = settings.SITE_URL + reverse("concerns:detail", args=[concern.pk])
    body = _("Case %(number)s in %(infohus)s needs your attention: %(path)s") % {
        "number": concern.case_number,
        "infohus": concern.infohus.name,
        "path": link,
    }
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True))
