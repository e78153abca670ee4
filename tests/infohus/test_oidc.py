"""Single sign-on with the organisation's login (OpenID Connect), against a real provider:
django-oauth-toolkit in a process of its own (tests/oidc_provider), with its own database and
accounts, as a broker would be. The app (the relying party) is driven by the test client; it
calls the provider's token, JWKS and userinfo endpoints over HTTP, as in production."""

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
from django.conf import settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from jwcrypto.jwk import JWK

from infohus.models import Membership, User
from infohus.second_factor import AUTHENTICATED_AT
from tests.asgi_server import free_port
from tests.cast import app_code, authenticator
from tests.infohus import oidc_urls  # imports infohus.urls now, with OIDC off as configured
from tests.oidc_provider import UNVERIFIED

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "infohus-test"
CLIENT_SECRET = "a-client-secret-for-the-test-provider"  # noqa: S105
CALLBACK = "http://testserver/oidc/callback/"
OP_PASSWORD = "provider-password-1"  # noqa: S105

# The provider's own accounts. Their e-mail addresses are what the broker vouches for; the
# app finds its users by them, case-insensitively.
PROVIDER_ACCOUNTS = [
    {"username": "mette", "email": "Mette@Halsnaes.DK"},  # the municipal coordinator
    {"username": "stranger", "email": "ukendt@halsnaes.dk"},  # no Infohus user
    {"username": "sara", "email": "sara@halsnaes.dk"},  # the caseworker (deactivated in a test)
    {"username": "jonas", "email": "jonas@politi.dk", "first_name": UNVERIFIED},
]


@contextmanager
def provider_process(tmp_path: Path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    key = JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None).decode()
    config = {
        "port": port,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": CALLBACK,
        "users": [{**account, "password": OP_PASSWORD} for account in PROVIDER_ACCOUNTS],
    }
    env = {
        **os.environ,
        "OP_CONFIG": json.dumps(config),
        "OP_DATABASE": str(tmp_path / "provider.sqlite3"),
        "OP_PRIVATE_KEY": key,
        "OP_ISSUER": f"{base}/o",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.strip() == "ready", line + process.stdout.read()
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with provider_process(tmp_path_factory.mktemp("provider")) as base:
        yield base


@pytest.fixture
def sso(settings, provider):
    """OIDC switched on, as the environment variables in the README switch it on."""
    settings.OIDC_ENABLED = True
    settings.ROOT_URLCONF = oidc_urls.__name__
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "infohus.oidc.OrganisationLoginBackend"]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_OP_ISSUER = f"{provider}/o"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/o/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/o/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/o/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/o/.well-known/jwks.json"
    return provider


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def log_in_at_the_provider(client, provider: str, username: str, *, start=None):
    """Press the button, log in at the provider as `username`, come back: the answer to the
    app's callback. The browser's side of the provider is a `requests` session."""
    start = start or client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302 and start.url.startswith(f"{provider}/o/authorize/")
    browser = requests.Session()
    url = start.url
    for _step in range(10):
        answer = browser.get(url, allow_redirects=False, timeout=10)
        if answer.status_code == 200:  # the provider's login form
            assert "csrfmiddlewaretoken" in answer.text
            answer = browser.post(
                url,
                data={
                    "username": username,
                    "password": OP_PASSWORD,
                    "csrfmiddlewaretoken": browser.cookies["csrftoken"],
                    "next": parse_qs(urlparse(url).query)["next"][0],
                },
                headers={"Referer": url},
                allow_redirects=False,
                timeout=10,
            )
        assert answer.status_code == 302, answer.text[:500]
        url = urljoin(url, answer.headers["Location"])
        if url.startswith(CALLBACK):
            callback = urlparse(url)
            return client.get(f"{callback.path}?{callback.query}")
    raise AssertionError("the provider never sent the browser back")


def test_an_existing_user_logs_in_and_is_asked_for_the_second_factor(client, cast, sso):
    device = authenticator(cast.municipal_coordinator.user)
    users_before = User.objects.count()

    response = log_in_at_the_provider(client, sso, "mette")

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == cast.municipal_coordinator.user.pk
    assert AUTHENTICATED_AT in client.session  # the absolute lifetime counts from here
    assert DEVICE_ID_SESSION_KEY not in client.session  # the provider proved no second factor
    # The first page sends the session to the app's own second factor, as after a password.
    response = client.get(response.url)
    assert response.status_code == 302 and response.url.startswith(reverse("second_factor"))
    response = client.post(reverse("second_factor"), {"code": app_code(device)}, follow=True)
    assert "Mette Lund" in response.content.decode()
    assert User.objects.count() == users_before


def test_a_user_without_an_authenticator_sets_one_up_after_single_sign_on(client, cast, sso):
    response = log_in_at_the_provider(client, sso, "mette")
    response = client.get(response.url, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("enrol_second_factor"))


def test_the_page_asked_for_before_logging_in_is_kept(client, cast, sso):
    wanted = reverse("concerns:list")
    start = client.get(f"{reverse('oidc_authentication_init')}?next={wanted}")
    response = log_in_at_the_provider(client, sso, "mette", start=start)
    assert response.url == wanted


def test_an_unknown_e_mail_address_is_refused_and_no_user_is_created(client, cast, sso):
    english(client)
    users_before, memberships_before = User.objects.count(), Membership.objects.count()

    response = log_in_at_the_provider(client, sso, "stranger")

    assert response.status_code == 302 and response.url == reverse("login")
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "has no active user with your e-mail address" in page
    assert not User.objects.filter(email__iexact="ukendt@halsnaes.dk").exists()
    assert (User.objects.count(), Membership.objects.count()) == (users_before, memberships_before)


def test_an_inactive_user_is_refused(client, cast, sso):
    english(client)
    sara = cast.caseworker.user
    sara.is_active = False
    sara.save(update_fields=["is_active"])

    response = log_in_at_the_provider(client, sso, "sara")

    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session
    assert "has no active user with your e-mail address" in client.get(response.url).content.decode()


def test_deactivating_a_user_ends_their_single_sign_on_session(client, cast, sso):
    log_in_at_the_provider(client, sso, "mette")
    user = cast.municipal_coordinator.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(reverse("second_factor"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_e_mail_address_the_provider_has_not_verified_is_refused(client, cast, sso):
    english(client)
    response = log_in_at_the_provider(client, sso, "jonas")
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_a_token_for_another_client_is_refused(client, cast, sso, settings):
    english(client)
    start = client.get(reverse("oidc_authentication_init"))
    settings.OIDC_OP_ISSUER = "https://another-provider.invalid/o"  # the token's iss no longer fits
    response = log_in_at_the_provider(client, sso, "mette", start=start)
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session
    assert "did not succeed" in client.get(response.url).content.decode()


def test_the_provider_refusing_the_login_is_a_message_not_an_error(client, cast, sso):
    english(client)
    client.get(reverse("oidc_authentication_init"))
    state = next(iter(client.session["oidc_states"]))
    response = client.get(reverse("oidc_authentication_callback"), {"error": "access_denied", "state": state})
    assert response.url == reverse("login")
    assert "did not succeed" in client.get(response.url).content.decode()


def test_the_login_page_offers_the_organisation_login_when_it_is_on(client, sso):
    english(client)
    page = client.get(reverse("login")).content.decode()
    assert "Log in with your organisation's login" in page
    assert f'href="{reverse("oidc_authentication_init")}"' in page


def test_with_single_sign_on_off_there_is_no_button_and_no_urls(client):
    # The default: OIDC_ENABLED off, the app's own URL conf.
    assert settings.OIDC_ENABLED is False
    english(client)
    page = client.get(reverse("login")).content.decode()
    assert "organisation's login" not in page and "/oidc/" not in page
    for url in ("/oidc/authenticate/", "/oidc/callback/?code=x&state=y"):
        assert client.get(url).status_code == 404, url
    assert "infohus.oidc.OrganisationLoginBackend" not in settings.AUTHENTICATION_BACKENDS


def test_the_single_sign_on_pages_are_open_and_need_no_membership(sso):
    from django.urls import resolve

    from infohus.middleware import NO_MEMBERSHIP_NEEDED

    for name in ("oidc_authentication_init", "oidc_authentication_callback"):
        match = resolve(reverse(name))
        assert match.func.login_required is False, name
        assert name in NO_MEMBERSHIP_NEEDED


def test_the_backend_never_creates_a_user():
    from django.core.exceptions import SuspiciousOperation
    from django.test import RequestFactory

    from infohus.oidc import OrganisationLoginBackend

    backend = OrganisationLoginBackend.__new__(OrganisationLoginBackend)
    backend.request = RequestFactory().get("/")
    with pytest.raises(SuspiciousOperation):
        backend.create_user({"email": "ny@halsnaes.dk", "email_verified": True})
    assert settings.OIDC_CREATE_USER is False
