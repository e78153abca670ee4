"""A page and a WebSocket of the same session act as the same Infohus and role: both
resolve the active membership with one function."""

import pytest
from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.generic.websocket import JsonWebsocketConsumer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.urls import reverse

from infohus.memberships import SESSION_KEY, grant_membership
from infohus.middleware import MembershipScopeMiddleware
from infohus.models import Role
from tests.cast import build_cast, verified_login


class MembershipEcho(JsonWebsocketConsumer):
    """Says which membership the connection acts as (a test stand-in for the meeting's consumer)."""

    def connect(self):
        self.accept()
        membership = self.scope["membership"]
        self.send_json({"membership": membership.pk if membership else None})


application = AuthMiddlewareStack(MembershipScopeMiddleware(MembershipEcho.as_asgi()))


def session_cookie(client: Client) -> list[tuple[bytes, bytes]]:
    return [
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode())
    ]


async def membership_over_websocket(client: Client):
    communicator = WebsocketCommunicator(application, "/ws/", headers=session_cookie(client))
    connected, _ = await communicator.connect()
    assert connected
    answer = await communicator.receive_json_from()
    await communicator.disconnect()
    return answer["membership"]


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_websocket_acts_as_the_membership_chosen_for_the_pages():
    cast = await sync_to_async(build_cast)()
    user = cast.police_coordinator.user
    gribskov = await sync_to_async(grant_membership)(user=user, infohus=cast.gribskov, role=Role.POLICE_COORDINATOR)
    client = Client()
    await sync_to_async(verified_login)(client, user)

    assert await membership_over_websocket(client) is None  # two roles, none chosen yet

    await sync_to_async(client.post)(reverse("select_membership"), {"membership": gribskov.pk})
    assert await membership_over_websocket(client) == gribskov.pk
    session = await sync_to_async(lambda: client.session[SESSION_KEY])()
    assert session == gribskov.pk


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_user_with_one_membership_works_in_it_and_a_stranger_in_none():
    cast = await sync_to_async(build_cast)()
    client = Client()
    await sync_to_async(verified_login)(client, cast.municipal_coordinator.user)
    assert await membership_over_websocket(client) == cast.municipal_coordinator.pk

    communicator = WebsocketCommunicator(application, "/ws/")
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_json_from() == {"membership": None}
    await communicator.disconnect()
