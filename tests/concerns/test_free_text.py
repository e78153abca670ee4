"""Free text is prose: markup is refused, a lone "<" in a sentence is not, and each field
has a length limit well below what a request may carry."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concerns import services
from concerns.errors import UserError
from concerns.models import Concern, InformationItem
from concerns.text import reject_html
from tests.cast import gathering_concern, log_in
from tests.concerns.test_intake import intake_post


@pytest.mark.parametrize("prose", ["a < b", "<3", "Fravær < 10 %, karakterer <7", "2 << 3", "<"])
def test_it_accepts_a_lone_less_than_sign_in_prose(prose):
    reject_html(prose)


@pytest.mark.parametrize(
    "markup",
    [
        "<b>fed</b>",
        "<script>alert(1)</script>",
        "<script",
        "<img src=x onerror=alert(1)>",
        "tekst</p>",
        "<!-- x -->",
        "<IMG SRC=x>",
        "<svg/onload=alert(1)>",
        "<?php ?>",
        "<!DOCTYPE html>",
    ],
)
def test_it_refuses_real_markup(markup):
    with pytest.raises(ValidationError):
        reject_html(markup)


@pytest.mark.django_db
def test_the_intake_refuses_a_description_over_the_limit_and_saves_nothing(client, cast):
    log_in(client, cast.municipal_coordinator)
    response = client.post(reverse("concerns:create"), intake_post(**{"concern-description": "x" * 10_001}))
    assert response.status_code == 200
    assert "10000" in response.content.decode().replace(".", "").replace("\xa0", "")
    assert not Concern.objects.exists()


@pytest.mark.django_db
def test_the_intake_accepts_a_description_at_the_limit(client, cast):
    log_in(client, cast.municipal_coordinator)
    response = client.post(reverse("concerns:create"), intake_post(**{"concern-description": "x" * 10_000}))
    assert response.status_code == 302
    assert len(Concern.objects.get().description) == 10_000


@pytest.mark.django_db
def test_a_withdrawal_reason_over_the_limit_is_refused(client, cast):
    from tests.cast import draft_concern

    concern = draft_concern(cast.municipal_coordinator)
    log_in(client, cast.municipal_coordinator)
    response = client.post(reverse("concerns:withdraw", args=[concern.pk]), {"reason": "y" * 2_001})
    assert response.status_code == 200
    concern.refresh_from_db()
    assert concern.state == "draft"


@pytest.mark.django_db
def test_the_service_refuses_an_information_text_over_the_limit(cast):
    concern = gathering_concern(cast)
    with pytest.raises(UserError):
        services.add_information_item(
            concern=concern,
            by=cast.police_coordinator,
            source="police",
            text="z" * 10_001,
            information_date="2026-10-01",
        )
    assert not InformationItem.objects.exists()
