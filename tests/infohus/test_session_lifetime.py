"""A session ends SESSION_ABSOLUTE_HOURS after login, however active the user is; the idle
timeout (SESSION_IDLE_MINUTES) ends it earlier when they stop."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

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


def _logged_in(client, cast, time_machine):
    time_machine.move_to("2026-11-20 07:30:00+01:00", tick=False)
    device = authenticator(cast.municipal_coordinator.user)
    client.post(reverse("login"), {"username": "mette@halsnaes.dk", "password": PASSWORD})
    client.post(reverse("second_factor"), {"code": app_code(device)})


def _expires(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_an_idle_user_is_logged_out_after_the_idle_minutes(client, cast, time_machine):
    _logged_in(client, cast, time_machine)
    time_machine.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_each_request_moves_the_idle_deadline_on_but_saves_the_session_at_most_once_a_minute(
    client, cast, time_machine
):
    _logged_in(client, cast, time_machine)
    client.get(reverse("home"))
    first = _expires(client)
    time_machine.shift(timedelta(seconds=30))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert _expires(client) == first
    # A minute after the last save the deadline moves: idle minutes from now.
    time_machine.shift(timedelta(seconds=settings.SESSION_RENEW_SECONDS))
    client.get(reverse("home"))
    assert _expires(client) == timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    # So a page every 25 minutes keeps a user logged in for hours.
    for _ in range(8):
        time_machine.shift(timedelta(minutes=25))
        assert client.get(reverse("home")).status_code == 200
