"""With REDIS_URL set, a score set on one worker reaches a participant connected to another:
two ASGI server processes (daphne, as in production) on one Redis, a WebSocket client on
each."""

import asyncio
import json
import os
from urllib.parse import urlparse

import pytest
import redis
from django.conf import settings
from django.test import Client
from websockets.asyncio.client import connect

from tests.asgi_server import asgi_server
from tests.cast import build_cast, confirmed, log_in, meeting_item

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")

pytestmark = pytest.mark.django_db(transaction=True)


def session_cookie(membership) -> str:
    client = log_in(Client(), membership)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def until(socket, text: str, timeout=10) -> str:
    async def wait():
        while True:
            message = await socket.recv()
            if text in message:
                return message

    return await asyncio.wait_for(wait(), timeout)


def test_a_score_set_on_one_worker_reaches_a_participant_on_another():
    redis.Redis.from_url(REDIS_URL).flushdb()  # this test's own Redis database
    cast = build_cast()
    item = meeting_item(cast)
    confirmed(cast, item, "police_coordinator", "external")
    police, external = session_cookie(cast.police_coordinator), session_cookie(cast.external)
    path = f"/ws/moeder/{item.meeting_id}/punkter/{item.pk}/"

    with asgi_server(redis_url=REDIS_URL, static=False) as one, asgi_server(redis_url=REDIS_URL, static=False) as two:

        async def scene():
            def ws(base):
                return "ws://" + urlparse(base).netloc + path

            async with (
                connect(ws(one), additional_headers={"Cookie": police, "Origin": one}) as on_one,
                connect(ws(two), additional_headers={"Cookie": external, "Origin": two}) as on_two,
            ):
                await until(on_one, "dimension-9")
                await until(on_two, "dimension-9")
                await on_one.send(
                    json.dumps(
                        {
                            "action": "agreed",
                            "item": str(item.pk),
                            "dimension": "4",
                            "d4-dimension": "4",
                            "d4-version": "0",
                            "d4-score": "2",
                            "d4-justification": "Kontakt til et netværk under observation",
                        }
                    )
                )
                return await until(on_two, "Kontakt til et netværk under observation")

        message = asyncio.run(scene())
    assert "dimension-4-current" in message and "Jonas Brandt" in message
    assert item.analysis.scores.get(dimension__number=4).value == 2
