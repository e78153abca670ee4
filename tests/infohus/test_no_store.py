"""Nothing that holds case or log data stays in the browser's cache (shared PCs): every
page for a logged-in user, and every HTML page, is sent `Cache-Control: no-store`. Static
files stay cacheable."""

import urllib.request

import pytest
from django.urls import reverse

from tests.cast import gathering_concern, log_in, recommended_concern

pytestmark = pytest.mark.django_db


def assert_not_stored(response):
    assert "no-store" in response.get("Cache-Control", ""), response.get("Cache-Control")
    assert response.get("Pragma") == "no-cache"


def test_case_pages_are_not_stored(client, cast):
    concern = gathering_concern(cast)
    log_in(client, cast.municipal_coordinator)
    for url in (
        reverse("home"),
        reverse("concerns:list"),
        reverse("concerns:detail", args=[concern.pk]),
        reverse("concerns:gathering", args=[concern.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response)


def test_a_redirect_and_an_error_page_for_a_logged_in_user_are_not_stored(client, cast):
    log_in(client, cast.municipal_coordinator)
    assert_not_stored(client.get(reverse("concerns:detail", args=[999999])))  # 404
    assert_not_stored(client.post(reverse("concerns:list"), {"q": "Mikkel"}))  # 302


def test_the_recommendation_pdf_is_not_stored(client, cast):
    concern = recommended_concern(cast)
    log_in(client, cast.caseworker)
    response = client.get(reverse("assessment:recommendation_pdf", args=[concern.pk]))
    assert response.status_code == 200
    assert_not_stored(response)


def test_the_audit_log_is_not_stored(client, cast):
    log_in(client, cast.auditor)
    response = client.get(reverse("audit_log"))
    assert response.status_code == 200
    assert_not_stored(response)


def test_the_public_login_page_is_not_stored(client, cast):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_not_stored(response)


def test_static_files_stay_cacheable(live_server):
    with urllib.request.urlopen(f"{live_server.url}/static/css/infohus.css") as response:  # noqa: S310
        assert response.status == 200
        assert "no-store" not in (response.headers.get("Cache-Control") or "")
        assert response.headers.get("Pragma") is None
