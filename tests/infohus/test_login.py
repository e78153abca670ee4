"""Logging in and out, throttling, session expiry, choosing the Infohus, the language."""

import pytest
from django.conf import settings
from django.urls import reverse

from infohus.memberships import SESSION_KEY, grant_membership
from infohus.models import Role
from tests.cast import PASSWORD, app_code, authenticator, log_in, verified_login

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_the_login_page(client, cast):
    response = client.get(reverse("concerns:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_login_page_is_danish_by_default_even_for_an_english_browser(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en").content.decode()
    assert '<html lang="da">' in page
    assert "Log ind" in page and "Adgangskode" in page


def test_english_can_be_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page and "Password" in page


def test_a_user_logs_in_with_e_mail_password_and_a_code(client, cast):
    device = authenticator(cast.municipal_coordinator.user)
    response = client.post(reverse("login"), {"username": "mette@halsnaes.dk", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("second_factor"))
    response = client.post(reverse("second_factor"), {"code": app_code(device)}, follow=True)
    page = response.content.decode()
    assert "Mette Lund" in page
    assert "Kommunal koordinator" in page and "Infohus Halsnæs" in page


def test_a_wrong_password_gets_a_danish_message(client, cast):
    response = client.post(reverse("login"), {"username": "mette@halsnaes.dk", "password": "forkert"})
    assert response.status_code == 200
    assert "forkert" in response.content.decode().lower()


def test_logins_are_blocked_after_repeated_failures(client, cast):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "mette@halsnaes.dk", "password": "forkert"})
    response = client.post(reverse("login"), {"username": "mette@halsnaes.dk", "password": PASSWORD})
    assert response.status_code == 429
    assert "blokeret" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sessions_expire_after_inactivity():
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_RENEW_SECONDS <= 60  # requests push the deadline (test_session_lifetime.py)
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_logout_needs_post_and_ends_the_session(client, cast):
    log_in(client, cast.municipal_coordinator)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_a_user_with_several_memberships_picks_the_one_they_work_in(client, cast):
    user = cast.police_coordinator.user
    gribskov = grant_membership(user=user, infohus=cast.gribskov, role=Role.POLICE_COORDINATOR)
    verified_login(client, user)
    response = client.get(reverse("home"))
    assert response.url == reverse("select_membership")
    page = client.get(reverse("select_membership")).content.decode()
    assert "Infohus Halsnæs" in page and "Infohus Gribskov" in page
    client.post(reverse("select_membership"), {"membership": gribskov.pk})
    assert client.session[SESSION_KEY] == gribskov.pk
    assert "Infohus Gribskov" in client.get(reverse("home")).content.decode()


def test_a_membership_of_someone_else_cannot_be_chosen(client, cast):
    client.force_login(cast.police_coordinator.user)
    client.post(reverse("select_membership"), {"membership": cast.other_municipal_coordinator.pk})
    assert client.session.get(SESSION_KEY) == cast.police_coordinator.pk


def test_a_user_without_membership_is_told_so(client, cast):
    from tests.cast import make_user

    verified_login(client, make_user("ny@halsnaes.dk", "Ny Bruger"))
    page = client.get(reverse("home"), follow=True).content.decode()
    assert "ingen rolle" in page.lower()


def test_a_superuser_cannot_hold_a_role(cast):
    from django.core.exceptions import ValidationError

    from infohus.models import User

    root = User.objects.create_superuser("root@infohus.dk", PASSWORD, full_name="Root")
    with pytest.raises(ValidationError):
        grant_membership(user=root, infohus=cast.halsnaes, role=Role.MUNICIPAL_COORDINATOR)
