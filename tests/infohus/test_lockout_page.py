"""The page after too many failed logins says how long the block lasts."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def locked_out(client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "mette@halsnaes.dk", "password": "forkert"})
    return client.post(reverse("login"), {"username": "mette@halsnaes.dk", "password": PASSWORD})


@pytest.mark.parametrize("minutes", [15, 1, 90])
def test_it_says_in_how_many_minutes_to_try_again(client, cast, settings, minutes):
    from datetime import timedelta

    settings.AXES_COOLOFF_TIME = timedelta(minutes=minutes)
    response = locked_out(client)
    assert response.status_code == 429
    alert = re.search(r'<p class="alert-text">(.*?)</p>', response.content.decode(), re.S).group(1)
    assert re.search(rf"\b{minutes}\b", alert), alert
    assert "  " not in alert
