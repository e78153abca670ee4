"""The second login factor: every role, external participants included, passes it after
the password; set up at the first login; reset by an administrator; throttled."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from infohus.models import Membership
from infohus.second_factor import issue_recovery_codes
from tests.cast import PASSWORD, app_code, authenticator, log_in

pytestmark = pytest.mark.django_db

EVERY_ROLE = ["municipal_coordinator", "police_coordinator", "caseworker", "auditor", "admin", "external"]


@pytest.fixture
def no_throttle(settings):
    """Most tests type a wrong and then a right code at once; the back-off has its own test."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def password_login(client, membership: Membership):
    response = client.post(reverse("login"), {"username": membership.user.email, "password": PASSWORD})
    assert response.status_code == 302  # the password was right
    return response


def type_code(client, code: str, **extra):
    return client.post(reverse("second_factor"), {"code": code, **extra})


def is_locked(client) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 302 and response.url.startswith(reverse("second_factor"))


@pytest.mark.parametrize("name", EVERY_ROLE)
def test_the_password_alone_opens_no_page_but_the_second_step(client, cast, name):
    member = cast.by_name(name)
    authenticator(member.user)
    password_login(client, member)
    for url in (reverse("home"), reverse("select_membership"), reverse("members"), reverse("assessment:list")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == f"{reverse('second_factor')}?next={url}", url
    assert client.get("/teknisk-admin/").url.startswith(reverse("second_factor"))
    page = client.get(reverse("second_factor")).content.decode()
    assert 'autocomplete="one-time-code"' in page
    # No role, no menu, no Infohus before the second step.
    assert member.get_role_display() not in page and "Infohus Halsnæs" not in page


@pytest.mark.parametrize("name", EVERY_ROLE)
def test_a_code_from_the_app_opens_the_start_page(client, cast, name):
    member = cast.by_name(name)
    device = authenticator(member.user)
    password_login(client, member)
    response = type_code(client, app_code(device))
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.session["otp_device_id"] == device.persistent_id


@pytest.mark.parametrize("name", EVERY_ROLE)
def test_a_wrong_code_gets_a_danish_message_and_stays_locked(client, cast, name, no_throttle):
    member = cast.by_name(name)
    device = authenticator(member.user)
    password_login(client, member)
    wrong = f"{(int(app_code(device)) + 1) % 1_000_000:06d}"
    response = type_code(client, wrong)
    assert response.status_code == 200
    assert "Koden er forkert" in response.content.decode()
    assert is_locked(client)
    assert "otp_device_id" not in client.session


@pytest.mark.parametrize("name", EVERY_ROLE)
def test_a_recovery_code_works_once(client, cast, name, no_throttle):
    member = cast.by_name(name)
    authenticator(member.user)
    codes = issue_recovery_codes(user=member.user)
    password_login(client, member)
    # Typed as from a printout: upper case, with a space.
    response = type_code(client, f"{codes[0][:4].upper()} {codes[0][4:]}")
    assert response.status_code == 302 and not is_locked(client)
    assert StaticToken.objects.filter(device__user=member.user).count() == 9

    client.post(reverse("logout"))
    password_login(client, member)
    response = type_code(client, codes[0])
    assert "Koden er forkert" in response.content.decode()
    assert is_locked(client)
    assert type_code(client, codes[1]).status_code == 302
    assert not is_locked(client)


def test_the_step_returns_to_the_page_asked_for(client, cast):
    device = authenticator(cast.municipal_coordinator.user)
    password_login(client, cast.municipal_coordinator)
    response = type_code(client, app_code(device), next=reverse("concerns:list"))
    assert response.url == reverse("concerns:list")
    response = client.get(reverse("second_factor"), {"next": "https://evil.example/"})
    assert response.url == reverse("home")  # verified: sent on, never off the site


def test_wrong_codes_are_throttled_with_a_danish_message(client, cast, time_machine):
    time_machine.move_to("2026-11-20 10:00:00+01:00", tick=False)
    device = authenticator(cast.police_coordinator.user)
    password_login(client, cast.police_coordinator)
    type_code(client, "000000" if app_code(device) != "000000" else "111111")
    response = type_code(client, app_code(device))  # right, but too soon after a wrong one
    assert "For mange forkerte koder" in response.content.decode()
    assert is_locked(client)
    recovery = issue_recovery_codes(user=cast.police_coordinator.user)
    assert "For mange forkerte koder" in type_code(client, recovery[0]).content.decode()
    assert StaticToken.objects.filter(token=recovery[0]).exists()  # not spent while throttled
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    time_machine.shift(31)  # past the back-off, and a new code
    assert type_code(client, app_code(device)).status_code == 302
    assert not is_locked(client)


def test_a_new_user_sets_up_the_app_at_the_first_login(client, cast, no_throttle):
    member = cast.caseworker
    password_login(client, member)
    response = client.get(reverse("concerns:list"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("enrol_second_factor"))
    page = response.content.decode()
    assert "<svg" in page and 'role="img"' in page  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=member.user)
    assert not device.confirmed
    secret = page.split('id="secret">')[1].split("<")[0]
    assert secret.replace(" ", "") in device.config_url
    assert client.get(reverse("enrol_second_factor")).content.decode().count(secret) == 1  # same secret on reload

    response = client.post(reverse("enrol_second_factor"), {"code": "000000" if app_code(device) != "000000" else "1"})
    assert "Koden er forkert" in response.content.decode()
    assert is_locked(client)

    response = client.post(reverse("enrol_second_factor"), {"code": app_code(device), "next": reverse("concerns:list")})
    assert response.status_code == 200
    page = response.content.decode()
    codes = list(StaticToken.objects.filter(device__user=member.user).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in page for code in codes)  # shown now …
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("concerns:list")).status_code == 200
    later = client.get(reverse("enrol_second_factor"))
    assert later.status_code == 302 and not any(code in later.content.decode() for code in codes)  # … and never again


def test_with_an_app_set_up_the_password_cannot_set_up_another(client, cast):
    device = authenticator(cast.municipal_coordinator.user)
    password_login(client, cast.municipal_coordinator)
    response = client.get(reverse("enrol_second_factor"))
    assert response.status_code == 302 and response.url.startswith(reverse("second_factor"))
    response = client.post(reverse("enrol_second_factor"), {"code": "123456"})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=cast.municipal_coordinator.user)) == [device]


def test_an_administrator_resets_a_users_second_factor(client, cast, django_capture_on_commit_callbacks):
    user = cast.caseworker.user
    authenticator(user)
    issue_recovery_codes(user=user)
    caseworker = log_in(type(client)(), cast.caseworker)  # the caseworker's own, verified session
    log_in(client, cast.admin)
    page = client.get(reverse("members")).content.decode()
    assert reverse("reset_second_factor", args=[cast.caseworker.pk]) in page
    assert reverse("reset_second_factor", args=[cast.admin.pk]) not in page  # not one's own

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reset_second_factor", args=[cast.caseworker.pk]), follow=True)
    assert "Totrinslogin for Sara Holm er nulstillet" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Membership),
        object_pk=str(cast.caseworker.pk),
        changes__has_key="second_factor",
    )
    assert entry.actor == cast.admin.user
    assert entry.changes_dict == {"second_factor": ["set up", "reset"]}
    assert entry.additional_data["infohus_id"] == cast.halsnaes.pk
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert mail.outbox[0].subject == "Din totrinslogin til Infohus er nulstillet"
    assert "Lene Krog" in mail.outbox[0].body
    # The caseworker's session no longer counts as verified: they set the app up again.
    response = caseworker.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("enrol_second_factor"))


def test_an_administrator_cannot_reset_their_own(client, cast):
    device = authenticator(cast.admin.user)
    log_in(client, cast.admin)
    response = client.post(reverse("reset_second_factor", args=[cast.admin.pk]), follow=True)
    assert "Du kan ikke nulstille din egen" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not LogEntry.objects.filter(changes__has_key="second_factor").exists()
    assert mail.outbox == []


@pytest.mark.parametrize("name", ["municipal_coordinator", "police_coordinator", "caseworker", "auditor", "external"])
def test_no_other_role_may_reset(client, cast, name):
    device = authenticator(cast.municipal_coordinator.user)
    log_in(client, cast.by_name(name))
    response = client.post(reverse("reset_second_factor", args=[cast.municipal_coordinator.pk]))
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert mail.outbox == []


def test_a_user_of_another_infohus_cannot_be_reset(client, cast):
    device = authenticator(cast.other_municipal_coordinator.user)
    log_in(client, cast.admin)
    response = client.post(reverse("reset_second_factor", args=[cast.other_municipal_coordinator.pk]))
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
