"""Every WebSocket route × every actor × own/other Infohus, like the HTTP matrix: the live
page obeys the same policy. "open" is a connection that received the state; "refused" one
closed with 4403 before anything was sent."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.urls import reverse

from assessment.routing import websocket_urlpatterns
from infohus.asgi import application
from tests.cast import build_cast, log_in
from tests.test_permission_matrix import ACTORS, SCENARIOS

OK, R = "open", "refused"
# fmt: off
#                                                   anon mc pc cw aud adm omc opc ext
WS_MATRIX = [
    ("ws_agenda_item", "open_meeting",   dict(zip(ACTORS, [R, OK, OK, OK, R, R, R, R, OK], strict=True))),
    ("ws_agenda_item", "meeting",        dict(zip(ACTORS, [R, R, R, R, R, R, R, R, R], strict=True))),
    ("ws_agenda_item", "closed_meeting", dict(zip(ACTORS, [R, R, R, R, R, R, R, R, R], strict=True))),
]
# fmt: on


def test_every_websocket_route_has_a_row():
    assert {pattern.name for pattern in websocket_urlpatterns} == {name for name, *_ in WS_MATRIX}


def ws_path(name, kwargs) -> str:
    # The WebSocket routes mirror the pages' URLs: /ws/moeder/<meeting>/punkter/<item>/
    page = reverse("assessment:room", kwargs={"pk": kwargs["pk"], "item_pk": kwargs["item_pk"]})
    return "/ws" + page


def session_cookie(cast, actor) -> list:
    if actor == "anonymous":
        return []
    client = log_in(Client(), cast.by_name(actor))
    return [
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode())
    ]


async def attempt(path, headers) -> str:
    communicator = WebsocketCommunicator(application, path, headers=[(b"origin", b"http://localhost"), *headers])
    connected, _ = await communicator.connect()
    assert connected  # refusals are accepted, then closed, so htmx does not retry for ever
    output = await communicator.receive_output(timeout=5)
    await communicator.disconnect()
    if output["type"] == "websocket.close":
        assert output["code"] == 4403
        return R
    assert output["type"] == "websocket.send" and "dimension-1" in output["text"]
    return OK


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("name", "scenario", "expected"), WS_MATRIX, ids=lambda v: v if isinstance(v, str) else "")
async def test_websocket_matrix(name, scenario, expected):
    cast = await sync_to_async(build_cast)()
    kwargs = await sync_to_async(SCENARIOS[scenario])(cast)
    path = ws_path(name, kwargs)
    differences = []
    for actor in ACTORS:
        headers = await sync_to_async(session_cookie)(cast, actor)
        got = await attempt(path, headers)
        if got != expected[actor]:
            differences.append(f"{name} [{scenario}] as {actor}: expected {expected[actor]}, got {got}")
    assert differences == []
