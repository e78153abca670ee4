"""`manage.py seed_national`: a small national data set, read back through the application."""

import json
import re
from io import StringIO

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse

from audit.selectors import Criteria, search_log
from concerns import selectors, services
from concerns.cpr import parse_cpr
from concerns.models import CaseNumberSequence, Concern, Person, State
from infohus.access_log import record_reads
from infohus.models import Authority, Infohus, Membership
from tests.cast import concern_data, ensure_catalogue, person_data

pytestmark = [
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="the seed writes with PostgreSQL's COPY",
    ),
    pytest.mark.django_db(transaction=True),
]

CASE_NUMBER = re.compile(r"^IH-20\d\d-\d{4,}$")


@pytest.fixture
def seeded(tmp_path):
    ensure_catalogue()  # a transactional test's flush empties what the migrations loaded
    bench = tmp_path / "bench-users.json"
    out = StringIO()
    call_command(
        "seed_national",
        concerns=300,
        audit_entries=15_000,  # every entry of the history, and reads
        users=60,
        seed=7,
        bench_users=str(bench),
        i_know=True,  # the test runner turns DEBUG off
        stdout=out,
    )
    return json.loads(bench.read_text()), out.getvalue()


def log_in(client, data, role, n=0):
    """Through the login pages, with the password and a recovery code, as the load driver does."""
    user = [u for u in data["users"] if u["role"] == role][n]
    response = client.post(reverse("login"), {"username": user["username"], "password": data["password"]})
    assert response.status_code == 302, response.content.decode()[:500]
    response = client.post(reverse("second_factor"), {"code": user["recovery_codes"][0]})
    assert response.status_code == 302 and not response.url.startswith(reverse("second_factor"))
    return Membership.objects.get(pk=user["membership_id"])


def test_it_seeds_98_infohuse_with_cases_in_every_state_that_the_app_reads(seeded, client):
    data, output = seeded
    assert Infohus.objects.count() == 98
    assert Authority.objects.filter(kind=Authority.Kind.POLICE_DISTRICT).count() == 12
    copenhagen = Infohus.objects.get(pk=data["infohus"]["id"])
    assert (copenhagen.municipality.municipality_code, copenhagen.police_district.name) == ("101", "Københavns Politi")
    assert Infohus.objects.get(municipality__municipality_code="260").police_district.name == "Nordsjællands Politi"
    assert set(Concern.objects.values_list("state", flat=True)) == set(State.values)
    assert Concern.objects.count() == 300
    assert LogEntry.objects.count() == 15_000
    assert "Seeded" in output and "auditlog_logentry" in output

    # Case numbers: the app's format, once per Infohus, and the next one continues after them.
    numbers = list(Concern.objects.values_list("infohus_id", "case_number"))
    assert all(CASE_NUMBER.match(number) for _infohus, number in numbers)
    assert len(set(numbers)) == len(numbers)
    sequence = CaseNumberSequence.objects.order_by("-year", "-last").first()
    latest = Concern.objects.filter(infohus=sequence.infohus, case_number__startswith=f"IH-{sequence.year}-")
    assert max(int(c.split("-")[2]) for c in latest.values_list("case_number", flat=True)) == sequence.last

    cprs = list(Person.objects.exclude(cpr="").values_list("cpr", flat=True))
    assert len(cprs) > 200
    for cpr in cprs:
        assert parse_cpr(cpr).digits == cpr

    # The police coordinator sees the concerns sent to the police in the queue page.
    police = log_in(client, data, "police_coordinator")
    waiting = Concern.objects.filter(infohus=police.infohus, state=State.WITH_POLICE)
    assert waiting.exists() and data["ids"]["concern_with_police"] in {c.pk for c in waiting}
    assert set(selectors.police_queue(police)) == set(waiting)
    page = client.get(reverse("concerns:police_queue"))
    assert page.status_code == 200
    assert Concern.objects.get(pk=data["ids"]["concern_with_police"]).case_number in page.content.decode()
    # A municipal coordinator of another Infohus sees none of them, nor any of Copenhagen's.
    other = Membership.objects.exclude(infohus=police.infohus).filter(role="municipal_coordinator").first()
    assert not selectors.concerns_visible_to(other).filter(infohus=police.infohus).exists()
    assert selectors.concerns_visible_to(other).exists()  # its own Infohus has cases

    # The bench's cases are where the load driver expects them.
    ids = data["ids"]
    assert Concern.objects.get(pk=ids["concern_gathering"]).state == State.GATHERING
    assert Concern.objects.get(pk=ids["concern_with_meeting"]).state == State.READY_FOR_MEETING
    assert Concern.objects.get(pk=ids["concern_recommended"]).state == State.FOLLOW_UP
    client.logout()
    coordinator = log_in(client, data, "municipal_coordinator")
    assert client.get(reverse("concerns:detail", args=[ids["concern_gathering"]])).status_code == 200
    assert client.get(reverse("assessment:detail", args=[ids["meeting_open"]])).status_code == 200
    assert selectors.concerns_visible_to(coordinator).count() > 10
    client.logout()
    caseworker = log_in(client, data, "caseworker")
    assert selectors.concerns_visible_to(caseworker).filter(pk=ids["concern_recommended"]).exists()

    # The data-protection officer finds the seeded entries of a case by its number.
    auditor = Membership.objects.get(pk=[u for u in data["users"] if u["role"] == "auditor"][0]["membership_id"])
    found = search_log(auditor, Criteria(case_number=ids["case_number_gathering"]))
    actions = set(found.values_list("action", flat=True))
    assert found.count() > 3 and LogEntry.Action.CREATE in actions and LogEntry.Action.UPDATE in actions


def test_its_audit_entries_look_like_the_ones_the_app_writes(seeded):
    data, _output = seeded
    coordinator = Membership.objects.get(pk=data["users"][0]["membership_id"])
    seeded_create = LogEntry.objects.filter(content_type__model="concern", action=LogEntry.Action.CREATE).first()
    with set_actor(coordinator.user):
        concern = services.create_concern(by=coordinator, concern_data=concern_data(), person_data=person_data())
    made = LogEntry.objects.filter(content_type__model="concern", action=LogEntry.Action.CREATE).latest("pk")
    assert made.additional_data["case_number"] == concern.case_number
    assert set(made.changes) == set(seeded_create.changes)
    assert set(made.additional_data) == set(seeded_create.additional_data)
    assert seeded_create.actor_email and seeded_create.timestamp < made.timestamp

    # A read: the same wording and data as a page's record_reads writes for the same case.
    seeded_read = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, content_type__model="concern").exclude(
        object_pk=""
    )[0]
    with set_actor(coordinator.user, remote_addr="10.0.0.1"):
        record_reads([Concern.objects.get(pk=seeded_read.object_id)])
    read = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert (seeded_read.object_repr, seeded_read.additional_data) == (read.object_repr, read.additional_data)
    assert (seeded_read.changes, seeded_read.changes_text) == (read.changes, read.changes_text) == (None, "")
    lists = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk="")
    assert lists.exists()
    for entry in lists[:20]:
        assert {"list", "cases", "owners", "infohus_id", "actor_authority_id"} <= set(entry.additional_data)

    # Ids grow with the time, as in a log written as things happened.
    stamps = list(LogEntry.objects.order_by("pk").values_list("timestamp", flat=True))
    assert stamps == sorted(stamps)
    assert (stamps[-1] - stamps[0]).days > 365
    per_type = dict(LogEntry.objects.values_list("content_type__model").annotate(n=Count("pk")))
    assert {"concern", "person", "informationitem", "exchange", "meeting", "dimensionscore", "membership"} <= set(
        per_type
    )


def test_it_refuses_a_database_that_holds_infohus_data():
    Authority.objects.create(name="Nordsjællands Politi", kind=Authority.Kind.POLICE_DISTRICT)
    with pytest.raises(CommandError, match="already holds"):
        call_command("seed_national", concerns=10, audit_entries=100, users=30, i_know=True, stdout=StringIO())
    assert Authority.objects.count() == 1


def test_it_refuses_when_debug_is_off_unless_told(settings):
    settings.DEBUG = False  # as on a real server (and under the test runner)
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_national", concerns=10, audit_entries=100, users=30, stdout=StringIO())
    assert not Infohus.objects.exists()
