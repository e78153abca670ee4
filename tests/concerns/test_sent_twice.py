"""A form sent twice (a double click, Back and send again) is stored once. Each form
carries a one-time token, used up by the first successful sending; the second sending
stores nothing and leads to what the first one made."""

import re

import pytest
from django.urls import reverse

from concerns.models import Concern, Exchange, InformationItem, InformationRequest
from tests.cast import gathering_concern, log_in, police_item
from tests.concerns.test_intake import intake_post

pytestmark = pytest.mark.django_db


def token(page: str, form: str) -> str:
    found = re.findall(rf'name="form_token" value="({form}\.[^"]+)"', page)
    assert len(found) == 1, found
    return found[0]


def test_an_intake_sent_twice_records_one_concern(client, cast):
    log_in(client, cast.municipal_coordinator)
    data = intake_post(form_token=token(client.get(reverse("concerns:create")).content.decode(), "concern"))
    first = client.post(reverse("concerns:create"), data)
    second = client.post(reverse("concerns:create"), data)
    concern = Concern.objects.get()
    assert first.url == second.url == reverse("concerns:edit", args=[concern.pk])
    assert concern.timeline.filter(action="concern.created").count() == 1


def test_an_intake_that_failed_keeps_its_token(client, cast):
    log_in(client, cast.municipal_coordinator)
    sent = token(client.get(reverse("concerns:create")).content.decode(), "concern")
    failed = client.post(reverse("concerns:create"), intake_post(**{"person-cpr": "99", "form_token": sent}))
    assert failed.status_code == 200
    assert token(failed.content.decode(), "concern") == sent
    assert client.post(reverse("concerns:create"), intake_post(form_token=sent)).status_code == 302
    assert Concern.objects.count() == 1


def gathering_page(client, concern) -> str:
    return client.get(reverse("concerns:gathering", args=[concern.pk])).content.decode()


def test_an_information_item_sent_twice_is_recorded_once(client, cast):
    concern = gathering_concern(cast)
    log_in(client, cast.police_coordinator)
    data = {
        "item-source": "police",
        "item-information_date": "2026-10-01",
        "item-text": "Kendt for trusler.",
        "form_token": token(gathering_page(client, concern), "item"),
    }
    responses = [client.post(reverse("concerns:item_add", args=[concern.pk]), data) for _ in range(2)]
    assert InformationItem.objects.filter(concern=concern).count() == 1
    assert [r.status_code for r in responses] == [302, 302]
    assert responses[1].url == reverse("concerns:gathering", args=[concern.pk])


def test_a_failed_item_keeps_its_token_and_the_other_forms_get_their_own(client, cast):
    concern = gathering_concern(cast)
    log_in(client, cast.police_coordinator)
    sent = token(gathering_page(client, concern), "item")
    data = {"item-source": "police", "item-information_date": "2026-10-01", "item-text": "", "form_token": sent}
    page = client.post(reverse("concerns:item_add", args=[concern.pk]), data).content.decode()
    assert token(page, "item") == sent
    assert token(page, "request") != sent


def test_a_request_sent_twice_is_recorded_once(client, cast):
    concern = gathering_concern(cast)
    log_in(client, cast.municipal_coordinator)
    data = {
        "request-source": "jobcenter",
        "request-asked_for": "Fremmøde og aktivering",
        "form_token": token(gathering_page(client, concern), "request"),
    }
    for _ in range(2):
        client.post(reverse("concerns:request_add", args=[concern.pk]), data)
    assert InformationRequest.objects.filter(concern=concern).count() == 1


def test_a_115_exchange_confirmed_twice_is_recorded_once(client, cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern)
    log_in(client, cast.police_coordinator)
    data = {
        "share-items": [item.pk],
        "share-to_authority": cast.halsnaes.municipality.pk,
        "share-legal_basis_section": "1",
        "share-legal_basis_number": "1",
        "share-purpose": "Kommunens vurdering.",
        "share-necessity": "Nødvendigt for analysemødet.",
        "form_token": token(gathering_page(client, concern), "share"),
    }
    question = client.post(reverse("concerns:share", args=[concern.pk]), data).content.decode()
    assert token(question, "share") == data["form_token"]  # carried through the confirmation page
    first = client.post(reverse("concerns:share", args=[concern.pk]), {**data, "confirmed": "yes"})
    second = client.post(reverse("concerns:share", args=[concern.pk]), {**data, "confirmed": "yes"})
    assert Exchange.objects.filter(concern=concern).count() == 1
    assert first.status_code == second.status_code == 302
    assert concern.timeline.filter(action="exchange.shared").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_115_exchange_confirmed_twice_at_the_same_moment_is_recorded_once(cast):
    import threading

    from django.db import connection
    from django.test import Client

    concern = gathering_concern(cast)
    item = police_item(cast, concern)
    data = {
        "share-items": [item.pk],
        "share-to_authority": cast.halsnaes.municipality.pk,
        "share-legal_basis_section": "1",
        "share-purpose": "Kommunens vurdering.",
        "share-necessity": "Nødvendigt for analysemødet.",
        "form_token": "share." + "x" * 32,
        "confirmed": "yes",
    }
    clients = [log_in(Client(), cast.police_coordinator) for _ in range(2)]
    barrier = threading.Barrier(2)
    statuses = []

    def send(client):
        try:
            barrier.wait()
            statuses.append(client.post(reverse("concerns:share", args=[concern.pk]), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert Exchange.objects.filter(concern=concern).count() == 1
