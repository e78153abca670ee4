"""The error pages production shows (DEBUG off): Danish, in the site's layout, a way back to
the start page, and a 404 that says nothing about whether a case exists."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.template import loader
from django.test import Client, override_settings
from django.urls import include, path, reverse
from django.utils import translation

from concerns.models import Concern
from tests.cast import draft_concern, log_in

pytestmark = pytest.mark.django_db


def refuse(request):
    raise PermissionDenied


def fail(request):
    raise RuntimeError("a bug")


# The project's URLs, and two that fail on purpose.
urlpatterns = [
    path("test-403/", refuse),
    path("test-500/", fail),
    path("", include("infohus.urls")),
]

ERROR_PAGES = override_settings(DEBUG=False, ROOT_URLCONF=__name__)


def in_site_layout(page: str) -> bool:
    return all(part in page for part in ('class="header"', 'id="main-content"', 'class="ih-footer"'))


def without_tokens(page: str, *paths: str) -> str:
    """The page without what differs on every rendering (CSRF tokens) or echoes the request
    (the language form's return path)."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    page = re.sub(r'"X-CSRFToken": "[^"]*"', "", page)
    for requested in paths:
        page = page.replace(requested, "PATH")
    return page


@ERROR_PAGES
def test_a_missing_page_is_a_danish_404_in_the_site_layout(client):
    response = client.get("/findes-ikke/")
    page = response.content.decode()
    assert response.status_code == 404
    assert in_site_layout(page)
    assert "Vi kan ikke finde siden" in page
    assert f'href="{reverse("home")}"' in page and "Gå til forsiden" in page


@ERROR_PAGES
def test_a_case_the_user_may_not_see_looks_exactly_like_one_that_does_not_exist(client, cast):
    municipal_draft = draft_concern(cast.municipal_coordinator)
    missing_pk = Concern.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    hidden_path = reverse("concerns:detail", args=[municipal_draft.pk])
    missing_path = reverse("concerns:detail", args=[missing_pk])
    log_in(client, cast.police_coordinator)

    hidden = client.get(hidden_path)
    missing = client.get(missing_path)

    assert hidden.status_code == missing.status_code == 404
    assert without_tokens(hidden.content.decode(), hidden_path) == without_tokens(
        missing.content.decode(), missing_path
    )
    page = hidden.content.decode()
    assert municipal_draft.case_number not in page and municipal_draft.person.full_name not in page
    assert "Jonas Brandt" in page  # the user's own header and menu are there


@ERROR_PAGES
def test_a_case_of_another_infohus_gets_the_same_404(client, cast):
    theirs = draft_concern(cast.other_municipal_coordinator)
    log_in(client, cast.municipal_coordinator)
    mine_missing = reverse("concerns:detail", args=[theirs.pk + 1000])
    theirs_path = reverse("concerns:detail", args=[theirs.pk])

    assert without_tokens(client.get(theirs_path).content.decode(), theirs_path) == without_tokens(
        client.get(mine_missing).content.decode(), mine_missing
    )


@ERROR_PAGES
def test_a_refused_action_is_a_danish_403_in_the_site_layout(client, cast):
    log_in(client, cast.caseworker)
    response = client.get("/test-403/")
    page = response.content.decode()
    assert response.status_code == 403
    assert in_site_layout(page)
    assert "Du har ikke adgang" in page and "Gå til forsiden" in page
    assert "Sara Holm" in page


@ERROR_PAGES
def test_a_server_error_is_a_danish_500_in_the_site_layout(client, cast):
    client.raise_request_exception = False
    log_in(client, cast.municipal_coordinator)
    response = client.get("/test-500/")
    page = response.content.decode()
    assert response.status_code == 500
    assert in_site_layout(page)
    assert "Der opstod en fejl" in page and "Gå til forsiden" in page
    assert "a bug" not in page
    assert "Mette Lund" not in page  # rendered without the request: nothing of the user's


def test_the_500_page_renders_from_an_empty_context_without_the_database(django_assert_num_queries):
    with translation.override("da"), django_assert_num_queries(0):
        page = loader.get_template("500.html").render()
    assert in_site_layout(page)
    assert "Der opstod en fejl" in page
    assert "csrfmiddlewaretoken" not in page  # no form that could not be sent


@ERROR_PAGES
def test_a_form_sent_without_its_csrf_token_gets_a_danish_page(cast):
    client = Client(enforce_csrf_checks=True)
    log_in(client, cast.municipal_coordinator)
    response = client.post(reverse("logout"))
    page = response.content.decode()
    assert response.status_code == 403
    assert in_site_layout(page)
    assert "Formularen kunne ikke sendes" in page and "Gå til forsiden" in page
    assert "Mette Lund" in page  # still logged in, with the header
    assert "CSRF cookie" not in page  # the reason is for developers


@ERROR_PAGES
def test_a_stale_login_form_gets_the_same_danish_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "mette@halsnaes.dk", "password": "x"})
    assert response.status_code == 403
    assert "Formularen kunne ikke sendes" in response.content.decode()
