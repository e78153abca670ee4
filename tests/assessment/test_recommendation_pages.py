"""The Redskab 4 pages as a coordinator uses them: the form keeps what was typed when the
text is refused, and a valid post makes a version."""

import pytest
from django.urls import reverse

from assessment.models import AssessmentVersion
from tests.cast import analysed_concern, log_in
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def post(concern, **overrides):
    data = {
        "problems": "Voldsparathed.",
        "resources": "Familien.",
        "conclusion": "Indsats anbefales.",
        "outcome": "recommend",
        "not_current_reason": "",
        "rec-TOTAL_FORMS": "1",
        "rec-INITIAL_FORMS": "0",
        "rec-MIN_NUM_FORMS": "0",
        "rec-MAX_NUM_FORMS": "8",
        "rec-0-addressee": "municipality",
        "rec-0-department": "children_family",
        "rec-0-details": "Mentor via SSP.",
        "rec-0-follow_up_on": "2027-02-01",
        "rec-0-areas": ["family"],
        "rec-0-interventions": ["mentor"],
    }
    data.update(overrides)
    return data


def test_the_form_is_prefilled_from_the_analysis(client, cast):
    concern = analysed_concern(cast)
    log_in(client, cast.police_coordinator)
    page = client.get(reverse("assessment:recommendation_write", args=[concern.pk])).content.decode()
    assert "2. Voldsparathed (2): Begrundelse 2" in page


def test_a_valid_post_makes_version_1(client, cast):
    concern = analysed_concern(cast)
    log_in(client, cast.municipal_coordinator)
    response = client.post(reverse("assessment:recommendation_write", args=[concern.pk]), post(concern))
    assert response.status_code == 302
    version = AssessmentVersion.objects.get()
    assert version.recommendations.get().department == "children_family"


def test_a_refused_post_keeps_what_was_typed(client, cast):
    concern = analysed_concern(cast)
    log_in(client, cast.municipal_coordinator)
    data = post(concern, **{"rec-0-department": "", "conclusion": "Min lange konklusion, som ikke må gå tabt."})
    response = client.post(reverse("assessment:recommendation_write", args=[concern.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Min lange konklusion, som ikke må gå tabt." in page and "Angiv afdelingen i kommunen." in page
    no_recommendation = post(
        concern,
        **{
            "rec-0-addressee": "",
            "rec-0-details": "",
            "rec-0-follow_up_on": "",
            "rec-0-department": "",
            "rec-0-areas": [],
            "rec-0-interventions": [],
        },
    )
    page = client.post(
        reverse("assessment:recommendation_write", args=[concern.pk]), no_recommendation
    ).content.decode()
    assert "Tilføj mindst én anbefaling" in page and "Voldsparathed." in page
    assert not AssessmentVersion.objects.exists()


def test_the_blank_form_offers_a_recommendation_and_ignores_one_left_empty(client, cast):
    concern = analysed_concern(cast)
    log_in(client, cast.municipal_coordinator)
    url = reverse("assessment:recommendation_write", args=[concern.pk])
    data = form_data(client.get(url).content.decode())
    assert data["rec-TOTAL_FORMS"] == ["1"] and data["rec-0-addressee"] == [""]
    data.update(
        {
            "rec-0-addressee": ["municipality"],
            "rec-0-department": ["children_family"],
            "rec-0-details": ["Mentor via SSP."],
            "rec-0-follow_up_on": ["2027-02-01"],
            "conclusion": ["Indsats anbefales."],
        }
    )
    page = client.post(url, data).content.decode()
    assert "Vælg mindst ét livsområde" in page and "Vælg mindst én foreslået indsats" in page
    data.update({"rec-0-areas": ["family", "online"], "rec-0-interventions": ["mentor"]})
    assert client.post(url, data).status_code == 302
    version = AssessmentVersion.objects.get()
    assert version.recommendations.count() == 1
    # Editing the draft offers its recommendation and one more, empty; untouched, it is ignored.
    data = form_data(client.get(url).content.decode())
    assert data["rec-TOTAL_FORMS"] == ["2"] and data["rec-0-details"] == ["Mentor via SSP."]
    data["conclusion"] = ["Ændret konklusion."]
    assert client.post(url, data).status_code == 302
    version.refresh_from_db()
    assert version.conclusion == "Ændret konklusion." and version.recommendations.count() == 1
