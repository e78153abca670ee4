"""`/healthz`, for the load balancer: public, one query, no session, and 503 naming the
service that does not answer."""

import socket

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_answers_ok_to_an_anonymous_caller_with_one_query_and_no_session(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert settings.CSRF_COOKIE_NAME not in response.cookies


def test_head_is_answered_and_other_methods_are_not(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_pings_redis_when_it_is_configured(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/9"  # the test machine's Redis, as the live tests use
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_is_unavailable_when_redis_does_not_answer(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable: redis\n"  # which one; not the error itself
    assert response["Cache-Control"] == "no-store"


def test_is_not_sent_to_https_when_the_balancer_asks_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/log-ind/").status_code == 301  # the pages are
