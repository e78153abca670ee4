"""§ 115 exchanges: the only way information crosses from one data controller to the other."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from concerns import selectors, services
from concerns.errors import NotPermitted, TransitionNotAllowed, UserError
from concerns.models import Exchange
from infohus.models import Authority
from tests.cast import gathering_concern, log_in, municipal_item, police_item, share_police_item

pytestmark = pytest.mark.django_db


def test_sharing_records_the_exchange_with_a_snapshot_and_opens_the_item_to_the_recipient(cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern, attachment=True)
    exchange = share_police_item(cast, concern, item)
    assert (exchange.from_authority, exchange.to_authority) == (cast.police, cast.halsnaes.municipality)
    assert exchange.legal_basis == "Retsplejelovens § 115, stk. 1, nr. 1"
    assert exchange.shared_by == cast.police_coordinator.user
    shared = exchange.shared_items.get()
    assert shared.snapshot_text == item.text
    assert shared.snapshot_attachment_name == "politirapport.pdf" and len(shared.snapshot_attachment_sha256) == 64
    assert list(selectors.items_visible_to(cast.municipal_coordinator, concern)) == [item]
    event = concern.timeline.latest("pk")
    assert event.action == "exchange.shared" and event.actor == cast.police_coordinator.user


def test_the_snapshot_keeps_what_was_shared_even_if_the_item_changes(cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern, text="Version 1")
    exchange = share_police_item(cast, concern, item)
    item.text = "Version 2"
    item.save()
    assert exchange.shared_items.get().snapshot_text == "Version 1"


def test_an_item_already_shared_with_the_recipient_is_refused_and_not_offered_again(cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern)
    share_police_item(cast, concern, item)
    assert item not in selectors.shareable_items(cast.police_coordinator, concern)
    with pytest.raises(UserError, match="allerede delt"):
        share_police_item(cast, concern, item)
    assert Exchange.objects.filter(shared_items__item=item).count() == 1


def test_revoking_stops_future_access_but_keeps_the_record(client, cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern, text="Politiets oplysning")
    exchange = share_police_item(cast, concern, item)
    log_in(client, cast.municipal_coordinator)
    assert client.get(reverse("concerns:item", args=[concern.pk, item.pk])).status_code == 200
    services.revoke_exchange(exchange=exchange, by=cast.police_coordinator, reason="Ikke længere nødvendigt")
    assert client.get(reverse("concerns:item", args=[concern.pk, item.pk])).status_code == 404
    exchange.refresh_from_db()
    assert exchange.revoked_by == cast.police_coordinator.user and not exchange.is_active
    page = client.get(reverse("concerns:exchanges", args=[concern.pk])).content.decode()
    assert "Tilbagekaldt" in page  # the record of the past exchange stays, for both sides


def test_a_revoked_sharing_can_be_made_again_and_opens_the_item_again(cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern)
    first = share_police_item(cast, concern, item)
    services.revoke_exchange(exchange=first, by=cast.police_coordinator, reason="Fejl i formålet")
    assert item in selectors.shareable_items(cast.police_coordinator, concern)
    share_police_item(cast, concern, item)
    assert selectors.items_visible_to(cast.municipal_coordinator, concern).filter(pk=item.pk).exists()


def test_only_the_sharing_side_can_revoke(cast):
    concern = gathering_concern(cast)
    exchange = share_police_item(cast, concern, police_item(cast, concern))
    with pytest.raises(NotPermitted):
        services.revoke_exchange(exchange=exchange, by=cast.municipal_coordinator, reason="x")
    services.revoke_exchange(exchange=exchange, by=cast.police_coordinator, reason="x")
    with pytest.raises(TransitionNotAllowed):
        services.revoke_exchange(exchange=exchange, by=cast.police_coordinator, reason="igen")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("purpose", " ", "formål"), ("necessity", "", "nødvendig"), ("legal_basis_section", 9, "stk.")],
)
def test_an_exchange_without_purpose_necessity_or_basis_is_refused_and_shares_nothing(cast, field, value, message):
    concern = gathering_concern(cast)
    item = police_item(cast, concern)
    arguments = {
        "concern": concern,
        "by": cast.police_coordinator,
        "items": [item],
        "to_authority": cast.halsnaes.municipality,
        "legal_basis_section": 1,
        "purpose": "Formål",
        "necessity": "Nødvendigt",
    }
    arguments[field] = value
    with pytest.raises(UserError) as error:
        services.share_information(**arguments)
    assert message in str(error.value.message).lower()
    assert not Exchange.objects.exists()
    assert not selectors.items_visible_to(cast.municipal_coordinator, concern).exists()


def test_a_share_to_an_authority_outside_the_infohus_is_refused(client, cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern)
    outsider = cast.gribskov.municipality
    with pytest.raises(UserError) as error:
        services.share_information(
            concern=concern,
            by=cast.police_coordinator,
            items=[item],
            to_authority=outsider,
            legal_basis_section=1,
            purpose="Formål",
            necessity="Nødvendigt",
        )
    assert "ikke part i dette Infohus" in str(error.value.message)
    psychiatry = Authority.objects.create(name="Psykiatrien", kind=Authority.Kind.PSYCHIATRY)
    log_in(client, cast.police_coordinator)
    response = client.post(
        reverse("concerns:share", args=[concern.pk]),
        {
            "share-items": [item.pk],
            "share-to_authority": psychiatry.pk,
            "share-legal_basis_section": "1",
            "share-purpose": "Formål",
            "share-necessity": "Nødvendigt",
        },
        HTTP_REFERER=reverse("concerns:gathering", args=[concern.pk]),
        follow=True,
    )
    page = response.content.decode()
    assert 'data-module="error-summary"' in page and 'href="#id_share-to_authority"' in page
    assert not Exchange.objects.exists()


def test_the_share_form_refuses_missing_purpose_with_a_danish_message(client, cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern)
    log_in(client, cast.police_coordinator)
    response = client.post(
        reverse("concerns:share", args=[concern.pk]),
        {
            "share-items": [item.pk],
            "share-to_authority": cast.halsnaes.municipality_id,
            "share-legal_basis_section": "1",
            "share-purpose": "",
            "share-necessity": "Nødvendigt",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Angiv formålet" in page and 'href="#id_share-purpose"' in page
    assert "Nødvendigt</textarea>" in page and "checked" in page  # what was chosen and typed stays
    assert not Exchange.objects.exists()


def test_sharing_asks_first_saying_what_goes_to_whom_and_shares_only_when_confirmed(client, cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern, text="Politiets vurdering")
    log_in(client, cast.police_coordinator)
    data = {
        "share-items": [item.pk],
        "share-to_authority": cast.halsnaes.municipality_id,
        "share-legal_basis_section": "1",
        "share-legal_basis_number": "1",
        "share-purpose": "Fælles analyse",
        "share-necessity": "Nødvendigt for vurderingen",
    }
    url = reverse("concerns:share", args=[concern.pk])
    question = client.post(url, data).content.decode()
    assert not Exchange.objects.exists()
    assert "Del med Halsnæs Kommune?" in question and "Fælles analyse" in question
    assert "Retsplejelovens § 115, stk. 1, nr. 1" in question
    back = client.post(url, {**data, "edit": "1"}).content.decode()  # "No, change it": the form, filled in
    assert "Fælles analyse</textarea>" in back and not Exchange.objects.exists()
    client.post(url, {**data, "confirmed": "yes"})
    assert Exchange.objects.get().shared_items.get().item == item
    page = client.get(reverse("concerns:gathering", args=[concern.pk])).content.decode()
    assert "Delt med Halsnæs Kommune" in page
    assert "Alle din myndigheds oplysninger i sagen er allerede delt" in page  # not offered again


def test_one_side_cannot_share_the_other_sides_item(client, cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern)
    with pytest.raises(NotPermitted):
        services.share_information(
            concern=concern,
            by=cast.municipal_coordinator,
            items=[item],
            to_authority=cast.police,
            legal_basis_section=2,
            purpose="Formål",
            necessity="Nødvendigt",
        )
    log_in(client, cast.municipal_coordinator)
    client.post(
        reverse("concerns:share", args=[concern.pk]),
        {
            "share-items": [item.pk],
            "share-to_authority": cast.police.pk,
            "share-legal_basis_section": "2",
            "share-purpose": "Formål",
            "share-necessity": "Nødvendigt",
            "confirmed": "yes",
        },
    )
    assert not Exchange.objects.exists()


def test_received_items_cannot_be_shared_on(cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern)
    share_police_item(cast, concern, item)
    with pytest.raises(NotPermitted):
        services.share_information(
            concern=concern,
            by=cast.municipal_coordinator,
            items=[item],
            to_authority=cast.police,
            legal_basis_section=2,
            purpose="Formål",
            necessity="Nødvendigt",
        )


def test_each_side_sees_only_what_it_owns_or_received_and_the_page_shows_shares(client, cast):
    concern = gathering_concern(cast)
    shared = police_item(cast, concern, text="Delt politioplysning")
    police_item(cast, concern, text="Ikke delt politioplysning")
    municipal_item(cast, concern, text="Kommunal oplysning")
    share_police_item(cast, concern, shared)
    log_in(client, cast.municipal_coordinator)
    page = client.get(reverse("concerns:gathering", args=[concern.pk])).content.decode()
    assert "Delt politioplysning" in page and "Kommunal oplysning" in page
    assert "Ikke delt politioplysning" not in page
    assert "Modtaget fra Nordsjællands Politi" in page
    log_in(client, cast.police_coordinator)
    page = client.get(reverse("concerns:gathering", args=[concern.pk])).content.decode()
    assert "Kommunal oplysning" not in page
    assert "Nordsjællands Politi → Halsnæs Kommune" in page


def test_reading_items_and_exchanges_writes_access_entries(client, cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern)
    exchange = share_police_item(cast, concern, item)
    log_in(client, cast.municipal_coordinator)
    client.get(reverse("concerns:gathering", args=[concern.pk]))
    client.get(reverse("concerns:exchanges", args=[concern.pk]))
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=cast.municipal_coordinator.user)
    assert reads.filter(object_pk=str(item.pk), content_type__model="informationitem").exists()
    assert reads.filter(object_pk=str(exchange.pk), content_type__model="exchange").exists()


def test_every_change_is_in_the_audit_log_with_the_actor(client, cast):
    concern = gathering_concern(cast)
    log_in(client, cast.police_coordinator)
    client.post(
        reverse("concerns:item_add", args=[concern.pk]),
        {"item-source": "police", "item-information_date": "2026-10-01", "item-text": "Oplysning"},
        REMOTE_ADDR="10.1.2.3",
    )
    created = LogEntry.objects.get(content_type__model="informationitem", action=LogEntry.Action.CREATE)
    assert created.actor == cast.police_coordinator.user and created.remote_addr == "10.1.2.3"
    assert created.additional_data["owner_authority_id"] == cast.police.pk


def test_after_revocation_the_recipient_no_longer_reads_the_shared_text_anywhere(client, cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern, text="Politiets delte tekst")
    exchange = share_police_item(cast, concern, item)
    services.revoke_exchange(exchange=exchange, by=cast.police_coordinator, reason="Ikke nødvendigt")
    log_in(client, cast.municipal_coordinator)
    for url in (
        reverse("concerns:exchanges", args=[concern.pk]),
        reverse("concerns:gathering", args=[concern.pk]),
        reverse("concerns:detail", args=[concern.pk]),
    ):
        assert "Politiets delte tekst" not in client.get(url).content.decode(), url
    log_in(client, cast.police_coordinator)
    assert "Politiets delte tekst" in client.get(reverse("concerns:exchanges", args=[concern.pk])).content.decode()


def test_a_coordinator_of_another_infohus_cannot_revoke_even_from_the_same_police_district(cast):
    concern = gathering_concern(cast)
    exchange = share_police_item(cast, concern, police_item(cast, concern))
    with pytest.raises(NotPermitted):
        services.revoke_exchange(exchange=exchange, by=cast.other_police_coordinator, reason="x")
    exchange.refresh_from_db()
    assert exchange.is_active


def test_nothing_can_be_shared_once_the_case_has_left_gathering(cast):
    from concerns.models import Concern, State

    concern = gathering_concern(cast)
    item = police_item(cast, concern)
    Concern.objects.filter(pk=concern.pk).update(state=State.CLOSED)
    with pytest.raises(TransitionNotAllowed):
        share_police_item(cast, concern, item)
    assert not Exchange.objects.exists()


def test_the_exchanges_page_logs_the_items_whose_text_it_shows(client, cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern)
    share_police_item(cast, concern, item)
    log_in(client, cast.municipal_coordinator)
    client.get(reverse("concerns:exchanges", args=[concern.pk]))
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        actor=cast.municipal_coordinator.user,
        content_type__model="informationitem",
        object_pk=str(item.pk),
    ).exists()
