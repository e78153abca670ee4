"""A session ends SESSION_ABSOLUTE_HOURS after login, however active the user is; the idle
timeout (SESSION_IDLE_MINUTES) ends it earlier when they stop."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from tests.cast import PASSWORD, app_code, authenticator

pytestmark = pytest.mark.django_db


def test_the_absolute_lifetime_is_ten_hours_by_default():
    assert settings.SESSION_ABSOLUTE_AGE == timedelta(hours=10)
    assert settings.SESSION_COOKIE_AGE < settings.SESSION_ABSOLUTE_AGE.total_seconds()


def test_an_active_user_is_logged_out_ten_hours_after_login(client, cast, time_machine):
    time_machine.move_to("2026-11-20 07:30:00+01:00", tick=False)
    device = authenticator(cast.municipal_coordinator.user)
    client.post(reverse("login"), {"username": "mette@halsnaes.dk", "password": PASSWORD})
    client.post(reverse("second_factor"), {"code": app_code(device)})
    # A page every 20 minutes (well inside the idle timeout) for almost ten hours …
    for _ in range(29):
        time_machine.shift(timedelta(minutes=20))
        assert client.get(reverse("home")).status_code == 200
    # … and then the ten hours since login are up.
    time_machine.shift(timedelta(minutes=20, seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert "otp_device_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "logget ud" in page


def test_a_login_starts_the_clock_again(client, cast, time_machine):
    time_machine.move_to("2026-11-20 07:30:00+01:00", tick=False)
    device = authenticator(cast.municipal_coordinator.user)
    client.post(reverse("login"), {"username": "mette@halsnaes.dk", "password": PASSWORD})
    client.post(reverse("second_factor"), {"code": app_code(device)})
    time_machine.shift(timedelta(hours=9, minutes=50))
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "mette@halsnaes.dk", "password": PASSWORD})
    client.post(reverse("second_factor"), {"code": app_code(device)})
    time_machine.shift(timedelta(minutes=20))
    assert client.get(reverse("home")).status_code == 200
