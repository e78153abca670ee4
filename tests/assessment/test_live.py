"""Live scoring over the WebSocket, through the real ASGI stack (origin check, session,
active membership) and channels' WebsocketCommunicator."""

import asyncio
import logging

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from assessment import services
from assessment.models import DimensionScore, Meeting
from infohus.asgi import application
from tests.cast import build_cast, confirmed, meeting_item, municipal_item, police_item

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


def cookie_of(membership) -> bytes:
    from tests.cast import log_in

    client = log_in(Client(), membership)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode()


async def connect(membership, item, *, meeting_pk=None, item_pk=None):
    cookie = await sync_to_async(cookie_of)(membership)
    path = f"/ws/moeder/{meeting_pk or item.meeting_id}/punkter/{item_pk or item.pk}/"
    communicator = WebsocketCommunicator(
        application, path, headers=[(b"origin", b"http://localhost"), (b"cookie", cookie)]
    )
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def first_state(communicator) -> str:
    return await communicator.receive_from(timeout=5)


async def receive_until(communicator, text: str, timeout=5) -> str:
    """Messages until one holds `text` (presence updates come and go in between)."""

    async def wait():
        while True:
            message = await communicator.receive_from(timeout=timeout)
            if text in message:
                return message

    return await asyncio.wait_for(wait(), timeout)


async def closed_with(communicator) -> int:
    output = await communicator.receive_output(timeout=5)
    while output["type"] != "websocket.close":
        output = await communicator.receive_output(timeout=5)
    return output["code"]


async def everything_received(communicator) -> str:
    messages = []
    while not await communicator.receive_nothing(timeout=0.3):
        messages.append(await communicator.receive_from())
    return "".join(messages)


def agreed_score(item, number=2, *, version=0, score="3", justification="Trusler i chatgruppe"):
    return {
        "action": "agreed",
        "item": str(item.pk),
        "dimension": str(number),
        f"d{number}-dimension": str(number),
        f"d{number}-version": str(version),
        f"d{number}-score": score,
        f"d{number}-justification": justification,
        "HEADERS": {"HX-Request": "true"},
    }


@pytest_asyncio.fixture
async def scene(transactional_db):
    cast = await sync_to_async(build_cast)()
    item = await sync_to_async(meeting_item)(cast)
    await sync_to_async(confirmed)(cast, item, "municipal_coordinator", "police_coordinator", "external", "caseworker")
    return cast, item


async def test_a_score_set_by_one_participant_reaches_every_other(scene):
    cast, item = scene
    connections = [
        await connect(cast.by_name(name), item) for name in ("police_coordinator", "municipal_coordinator", "external")
    ]
    for communicator in connections:
        assert "Voldsparathed" in await first_state(communicator)
    await connections[0].send_json_to(agreed_score(item))
    for communicator in connections:
        message = await receive_until(communicator, "dimension-2-current")
        assert "Trusler i chatgruppe" in message and "Jonas Brandt" in message
    score = await sync_to_async(DimensionScore.objects.get)(analysis_id=item.analysis_id, dimension__number=2)
    assert (score.value, score.version) == (3, 1)
    for communicator in connections:
        await communicator.disconnect()


async def test_a_stale_change_is_refused_and_its_author_sees_the_current_value(scene):
    cast, item = scene
    police = await connect(cast.police_coordinator, item)
    municipal = await connect(cast.municipal_coordinator, item)
    await first_state(police), await first_state(municipal)
    await police.send_json_to(agreed_score(item, score="3"))
    await receive_until(municipal, "Trusler i chatgruppe")
    await municipal.send_json_to(agreed_score(item, score="1", justification="Mindre alvorligt", version=0))
    refusal = await receive_until(municipal, "alert-error")
    assert "En anden har ændret denne score" in refusal
    assert 'name="d2-version" value="1"' in refusal  # the form now holds the current version
    assert "Mindre alvorligt" not in refusal
    score = await sync_to_async(DimensionScore.objects.get)(analysis_id=item.analysis_id, dimension__number=2)
    assert (score.value, score.justification) == (3, "Trusler i chatgruppe")
    await police.disconnect(), await municipal.disconnect()


async def test_a_reconnecting_participant_gets_the_whole_current_state(scene):
    cast, item = scene
    external = await connect(cast.external, item)
    await first_state(external)
    await external.disconnect()
    await sync_to_async(services.record_agreed_score)(
        item=item,
        by=cast.police_coordinator,
        dimension=4,
        status="scored",
        value=2,
        justification="Nyt netværk",
        version=0,
    )
    again = await connect(cast.external, item)
    state = await first_state(again)
    assert "Nyt netværk" in state and "Voldsparathed" in state and "Uddannelse og beskæftigelse" in state
    await again.disconnect()


@pytest.mark.parametrize("name", ["other_municipal_coordinator", "other_police_coordinator", "auditor", "admin"])
async def test_someone_not_invited_is_refused_and_the_refusal_is_logged(scene, name, caplog):
    cast, item = scene
    with caplog.at_level(logging.WARNING, logger="infohus.security"):
        communicator = await connect(cast.by_name(name), item)
        assert await closed_with(communicator) == 4403
    assert "websocket refused" in caplog.text


async def test_a_user_of_the_infohus_who_is_not_invited_is_refused(scene):
    from infohus.memberships import grant_membership
    from infohus.models import Role, User

    cast, item = scene

    def new_caseworker():
        user = User.objects.create_user("ny@halsnaes.dk", "x" * 16, full_name="Ny Sagsbehandler")
        return grant_membership(user=user, infohus=cast.halsnaes, role=Role.CASEWORKER, department="jobcenter")

    stranger = await sync_to_async(new_caseworker)()
    communicator = await connect(stranger, item)
    assert await closed_with(communicator) == 4403


async def test_a_closed_meeting_refuses_and_ends_the_connections(scene):
    cast, item = scene
    external = await connect(cast.external, item)
    await first_state(external)
    await sync_to_async(services.close_meeting)(meeting=item.meeting, by=cast.municipal_coordinator)
    assert await closed_with(external) == 4403
    again = await connect(cast.external, item)
    assert await closed_with(again) == 4403
    assert await sync_to_async(lambda: Meeting.objects.get(pk=item.meeting_id).state)() == Meeting.State.CLOSED


async def test_an_item_of_another_meeting_or_infohus_is_refused(scene):
    cast, item = scene
    other = await sync_to_async(meeting_item)(cast, invite=())
    # This meeting's number with another meeting's item.
    communicator = await connect(cast.police_coordinator, item, item_pk=other.pk)
    assert await closed_with(communicator) == 4403
    # The Gribskov police officer is served by the same district but not this Infohus.
    communicator = await connect(cast.other_police_coordinator, other)
    assert await closed_with(communicator) == 4403


async def test_a_message_about_another_item_is_refused_and_logged(scene, caplog):
    cast, item = scene
    other = await sync_to_async(meeting_item)(cast, invite=())
    await sync_to_async(confirmed)(cast, other, "police_coordinator")
    police = await connect(cast.police_coordinator, item)
    await first_state(police)
    with caplog.at_level(logging.WARNING, logger="infohus.security"):
        await police.send_json_to({**agreed_score(other), "item": str(other.pk)})
        assert "Beskeden blev afvist" in await receive_until(police, "Beskeden blev afvist")
    assert "message about another item" in caplog.text
    assert not await sync_to_async(DimensionScore.objects.filter(analysis_id=other.analysis_id, version__gt=0).exists)()
    await police.disconnect()


async def test_a_note_for_one_authority_and_an_unshared_item_never_reach_another(scene):
    cast, item = scene
    concern = await sync_to_async(lambda: item.analysis.concern)()
    await sync_to_async(police_item)(cast, concern, text="Hemmelig politioplysning")
    shared = await sync_to_async(municipal_item)(cast, concern, text="Skolen oplyser fravær")
    await sync_to_async(services.share_with_meeting)(
        item=item,
        by=cast.municipal_coordinator,
        summary="Resumé til mødet",
        items=[shared],
        legal_basis_section=1,
        purpose="Analysen",
        necessity="Nødvendigt",
    )
    connections = {
        name: await connect(cast.by_name(name), item)
        for name in ("police_coordinator", "municipal_coordinator", "external")
    }
    received = {name: await first_state(c) for name, c in connections.items()}
    await connections["police_coordinator"].send_json_to(
        {"action": "note", "item": str(item.pk), "dimension": "2", "n2-dimension": "2", "n2-text": "PET kender ham"}
    )
    await receive_until(connections["police_coordinator"], "PET kender ham")
    for name, communicator in connections.items():
        received[name] += await everything_received(communicator)
    assert "Skolen oplyser fravær" in received["external"] and "Resumé til mødet" in received["external"]
    for name in ("municipal_coordinator", "external"):
        assert "PET kender ham" not in received[name], name
    for name in connections:
        assert "Hemmelig politioplysning" not in received[name], name
    for communicator in connections.values():
        await communicator.disconnect()


async def test_every_state_sent_is_a_logged_read(scene):
    from auditlog.models import LogEntry

    cast, item = scene
    external = await connect(cast.external, item)
    await first_state(external)
    reads = await sync_to_async(
        lambda: LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=cast.external.user).count()
    )()
    assert reads >= 10  # the analysis and its nine agreed scores
    await external.disconnect()


async def test_a_logged_out_session_cannot_go_on_scoring(scene):
    from django.contrib.sessions.models import Session

    from assessment.models import OwnScore

    cast, item = scene
    external = await connect(cast.external, item)
    await first_state(external)
    await sync_to_async(lambda: Session.objects.all().delete())()  # logged out everywhere
    await external.send_json_to(
        {"action": "own", "item": str(item.pk), "dimension": "1", "o1-dimension": "1", "o1-score": "4"}
    )
    assert await closed_with(external) == 4403
    assert not await sync_to_async(OwnScore.objects.exists)()


async def test_every_record_a_live_update_shows_is_a_logged_read(scene):
    from auditlog.models import LogEntry

    cast, item = scene
    external = await connect(cast.external, item)
    await first_state(external)

    def reads():
        return LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS, actor=cast.external.user, content_type__model="dimensionscore"
        ).count()

    before = await sync_to_async(reads)()
    await sync_to_async(services.record_agreed_score)(
        item=item, by=cast.police_coordinator, dimension=3, status="scored", value=1, version=0
    )
    await receive_until(external, "dimension-3-current")
    await asyncio.sleep(0.3)  # the worker saves its connections' reads together
    assert await sync_to_async(reads)() - before == 9  # the row, and the board of all nine
    await external.disconnect()
