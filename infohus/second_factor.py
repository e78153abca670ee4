"""The second login factor and the session's absolute lifetime.

Every role, external meeting participants included, proves a second factor after the
password: a code from an authenticator app (TOTP) or one of ten single-use recovery codes
(django-otp's `otp_totp` and `otp_static`). A session is verified when it holds the device
that proved it under django-otp's session key, exactly as `django_otp.login` leaves it; the
pages check it through django-otp's middleware (`request.user.is_verified()`), a WebSocket
through `session_is_verified`, so both ask the same question of the same session.

A user without a confirmed authenticator sets one up at their next login (`start_enrolment`,
`confirm_enrolment`). An administrator of the Infohus can reset it (`reset_second_factor`):
the devices are deleted, the reset is written to the audit log and the user is told by e-mail.
"""

import time
from base64 import b32encode

import qrcode
from auditlog.models import LogEntry
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathImage

from infohus import policy
from infohus.errors import NotPermitted, UserError
from infohus.models import Membership, User

RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Authenticator"
RECOVERY_DEVICE_NAME = "Recovery codes"

# The session key holding when the user logged in (Unix time): the absolute lifetime counts
# from it, whatever the user does after.
AUTHENTICATED_AT = "authenticated_at"


class WrongCode(UserError):
    pass


# --- Reading --------------------------------------------------------------------------


def confirmed_authenticator(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def second_factor_set_up() -> Exists:
    """For a list of memberships: whether the user has a confirmed authenticator."""
    return Exists(TOTPDevice.objects.filter(user=OuterRef("user_id"), confirmed=True))


def session_is_verified(user, session) -> bool:
    """Whether `session` proved the second factor for `user`: the same test django-otp's
    middleware makes for a page (the device in the session is this user's and confirmed).
    For a WebSocket, whose scope has no `is_verified()`."""
    if user is None or not user.is_authenticated:
        return False
    persistent_id = session.get(DEVICE_ID_SESSION_KEY)
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    return device is not None and device.user_id == user.pk and device.confirmed


def mark_authenticated_now(session) -> None:
    session[AUTHENTICATED_AT] = int(time.time())


def session_outlived(session) -> bool:
    """Whether the session is older than SESSION_ABSOLUTE_HOURS since login.

    A session that does not yet say when it logged in (a login path other than the login
    page) starts counting now."""
    started = session.get(AUTHENTICATED_AT)
    if started is None:
        mark_authenticated_now(session)
        return False
    return time.time() - started > settings.SESSION_ABSOLUTE_AGE.total_seconds()


def secret_in_groups(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it by hand: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG, drawn here: the secret goes to no other service."""
    image = qrcode.make(device.config_url, image_factory=SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    label = _("QR code for your authenticator app")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="ih-qr" ', 1)
    return mark_safe(svg)  # noqa: S308 – drawn by qrcode from our own link, no user input


def _wait_message(device) -> str | None:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    seconds = max(1, int((info["locked_until"] - timezone.now()).total_seconds() + 0.999))
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second and try again.",
        "Too many wrong codes. Wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def _normalised(code: str) -> str:
    """Codes are read as typed from a phone or a printout: spaces and dashes do not count,
    and recovery codes are stored in lower case."""
    return "".join(code.split()).replace("-", "").lower()


# --- Logging in with the second factor -------------------------------------------------


def verify_second_factor(*, user: User, code: str) -> Device:
    """The device that accepts `code` (an authenticator code or an unused recovery code).

    Wrong codes are throttled on the authenticator (1, 2, 4 … seconds, django-otp's
    back-off), whichever kind was tried, so switching kinds does not speed up guessing.
    """
    code = _normalised(code)
    with transaction.atomic():
        authenticator = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if authenticator is None:
            raise WrongCode(_("You have not set up a second factor yet."))
        recovery = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        refusal = next(filter(None, (_wait_message(d) for d in (authenticator, recovery) if d is not None)), None)
        if refusal is None:
            if code.isdigit() and len(code) == authenticator.digits:
                device = authenticator
                verified = authenticator.verify_token(code)  # counts a failure itself
            else:
                device = recovery
                verified = recovery is not None and recovery.verify_token(code)  # deletes the code it accepts
                if not verified:
                    authenticator.throttle_increment()
            if verified:
                # Proven: neither kind stays throttled from earlier wrong guesses.
                for other in (authenticator, recovery):
                    if other is not None and other is not device and other.throttling_failure_count:
                        other.throttle_reset()
                return device
    # Raised outside the transaction, so the failure just counted stays counted.
    raise WrongCode(
        refusal
        or _("The code is wrong or has expired. Type the six digits your app shows now, or one of your recovery codes.")
    )


# --- Setting it up at the first login ---------------------------------------------------


def start_enrolment(*, user: User) -> TOTPDevice:
    """The authenticator being set up: unconfirmed until the user types a code from it.

    Kept while the user comes back to the page, so a reload does not change the QR code."""
    if has_second_factor(user):
        raise NotPermitted(_("You have already set up a second factor."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def confirm_enrolment(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator with a code from it, and make the recovery codes (shown
    once, by the page that calls this)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None or has_second_factor(user):
            raise NotPermitted(_("You have already set up a second factor."))
        if message := _wait_message(device):
            verified = False
        else:
            verified = device.verify_token(_normalised(code))
        if verified:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = issue_recovery_codes(user=user)
            return device, codes
    raise WrongCode(
        message or _("The code is wrong or has expired. Type the six digits your app shows now, without spaces.")
    )


def issue_recovery_codes(*, user: User) -> list[str]:
    """Ten new single-use recovery codes, replacing any the user had."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


# --- The administrator's reset -----------------------------------------------------------


def reset_second_factor(*, member: Membership, by: Membership) -> None:
    """Delete `member`'s authenticator and recovery codes: they set up new ones at their
    next login. Written to the audit log; the user is told by e-mail."""
    policy.require(by, "members.reset_second_factor")
    if member.infohus_id != by.infohus_id:
        raise NotPermitted()
    if member.user_id == by.user_id:
        # Four eyes: whoever has lost their own factor asks another administrator.
        raise NotPermitted(_("You cannot reset your own second factor. Ask another administrator of the Infohus."))
    user = member.user
    with transaction.atomic():
        had_one = has_second_factor(user)
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        LogEntry.objects.log_create(
            member,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={"second_factor": ["set up" if had_one else "not set up", "reset"]},
            actor=by.user,
            actor_email=by.user.email,
        )
        subject = _("Your second login factor for Infohus was reset")
        body = _(
            "%(admin)s, administrator of %(infohus)s, has reset your second login factor. "
            "The next time you log in, you set up your authenticator app again and get new recovery codes.\n\n"
            "If you did not ask for this, contact %(admin)s or your IT support at once."
        ) % {"admin": by.user.full_name, "infohus": by.infohus.name}
        recipient = user.email
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=True)
        )
