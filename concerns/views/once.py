"""One-time form tokens: a form sent twice is stored once.

A form that creates a record (a concern, an information item, a request, a § 115
exchange) carries a hidden `form_token` (`{% form_token "item" %}`), minted when the
form is drawn and kept when it is drawn again after an error, or re-posted by a
confirmation page. The view claims the token in the transaction that stores the record;
the token's row is unique, so a second sending, even one arriving at the same moment,
waits for the first, is refused, stores nothing and is led to what the first one made.

A sending without a token (a page from before this change) is not checked.
"""

import re
import secrets
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from concerns.models import FormSubmission

FIELD = "form_token"
TOKEN = re.compile(r"^[a-z_]{1,20}\.[A-Za-z0-9_-]{20,50}$")
KEPT = timedelta(days=2)  # long enough for a page left open overnight and sent again


def token_for(request, form: str) -> str:
    """The token a form is drawn with: the one it was sent with (shown again after an
    error), or a new one. Each form on a page has its own, named for the form."""
    sent = request.POST.get(FIELD, "") if request.method == "POST" else ""
    if TOKEN.match(sent) and sent.startswith(f"{form}."):
        return sent
    return f"{form}.{secrets.token_urlsafe(24)}"


def _first_sending(request, token: str):
    first = FormSubmission.objects.filter(token=token, user=request.user).first()
    messages.info(request, _("The form had already been sent; nothing was stored twice."))
    return redirect(first.result_url if first is not None and first.result_url else "home")


def sent_before(request):
    """Without claiming: a redirect to what an earlier sending of this form made, if any.
    For a view whose form would no longer validate the second time (an item already shared)."""
    token = request.POST.get(FIELD, "")
    if TOKEN.match(token) and FormSubmission.objects.filter(token=token, user=request.user).exists():
        return _first_sending(request, token)
    return None


def already_sent(request):
    """Claim the sending's token; a redirect to what the first sending made when it was used.

    Call inside the transaction that stores the record, before storing it: if that
    transaction rolls back (an error the user can fix), the token is free again.
    """
    token = request.POST.get(FIELD, "")
    if not TOKEN.match(token):
        return None
    FormSubmission.objects.filter(user=request.user, submitted_at__lt=timezone.now() - KEPT).delete()
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user=request.user)
    except IntegrityError:
        return _first_sending(request, token)
    return None


def sent(request, url: str) -> None:
    """Remember where the record the token made is shown, for a second sending."""
    token = request.POST.get(FIELD, "")
    if TOKEN.match(token):
        FormSubmission.objects.filter(token=token, user=request.user).update(result_url=url)
