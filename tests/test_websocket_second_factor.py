"""A WebSocket needs what a page needs: a session that passed the second factor and is
within its absolute lifetime. Otherwise the live meeting refuses it (4403)."""

import time

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import Client

from infohus.memberships import SESSION_KEY
from infohus.second_factor import AUTHENTICATED_AT
from tests.cast import build_cast, log_in
from tests.test_permission_matrix import SCENARIOS
from tests.test_websocket_matrix import R, attempt, ws_path


def cookie(client) -> list:
    return [
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode())
    ]


def password_only(membership) -> list:
    """Logged in with the password, not yet past the second factor."""
    client = Client()
    client.force_login(membership.user)
    session = client.session
    session[SESSION_KEY] = membership.pk
    session.save()
    return cookie(client)


def outlived(membership) -> list:
    client = log_in(Client(), membership)
    session = client.session
    session[AUTHENTICATED_AT] = int(time.time() - settings.SESSION_ABSOLUTE_AGE.total_seconds() - 60)
    session.save()
    return cookie(client)


def verified(membership) -> list:
    return cookie(log_in(Client(), membership))


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_session_without_the_second_factor_is_refused():
    cast = await sync_to_async(build_cast)()
    path = ws_path("ws_agenda_item", await sync_to_async(SCENARIOS["open_meeting"])(cast))
    assert await attempt(path, await sync_to_async(verified)(cast.municipal_coordinator)) == "open"
    for name in ("municipal_coordinator", "external"):
        assert await attempt(path, await sync_to_async(password_only)(cast.by_name(name))) == R, name


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_session_past_its_absolute_lifetime_is_refused():
    cast = await sync_to_async(build_cast)()
    path = ws_path("ws_agenda_item", await sync_to_async(SCENARIOS["open_meeting"])(cast))
    assert await attempt(path, await sync_to_async(outlived)(cast.municipal_coordinator)) == R
