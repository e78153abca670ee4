"""The yearly statistics for the national centre: correct counts of the concerns the
Infohus handles together, no personal data, and no single person singled out (small
counts hidden, and never recoverable by subtracting the visible ones from the total)."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit import statistics
from tests.cast import draft_concern, log_in, recommended_concern, submitted_concern

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 10, 0))


def cells(table) -> dict:
    return {cell.key: cell for cell in table.cells}


def table_of(numbers, key):
    return next(table for table in numbers.tables if table.key == key)


def safe(table) -> bool:
    """No hidden count can be worked out: either nothing is hidden, or the total is hidden,
    or at least two cells are hidden and together hold nobody or at least five."""
    hidden = [cell for cell in table.cells if cell.suppressed]
    if not hidden or table.total.suppressed:
        return True
    total_minus_visible = table.total.count - sum(cell.count for cell in table.cells if not cell.suppressed)
    return len(hidden) >= 2 and (total_minus_visible == 0 or total_minus_visible >= statistics.THRESHOLD)


@pytest.fixture
def year_2026(cast):
    """Twelve concerns received in 2026 that the Infohus handles: six by phone in Q1 about
    boys of 16, five by e-mail in Q2, one by the national hotline in Q3 about a woman of 30.
    Not counted: a police concern still with the police, a draft, a Gribskov concern and a
    concern received in 2025."""
    for day in range(1, 7):
        submitted_concern(cast.municipal_coordinator, concern={"received_at": at(2026, 2, day)})
    for day in range(1, 6):
        submitted_concern(
            cast.municipal_coordinator,
            concern={"received_at": at(2026, 5, day), "received_via": "email", "extremism_kind": "left_wing"},
            person={"cpr": "", "birth_date": date(2011, 5, 2)},  # 14 on 2 May 2026, 15 after
        )
    submitted_concern(
        cast.municipal_coordinator,
        concern={"received_at": at(2026, 8, 3), "received_via": "hotline", "extremism_kind": "militant_islamism"},
        person={"full_name": "Aisha Enkelt", "cpr": "0302962468", "birth_date": date(1996, 2, 3), "gender": "female"},
    )
    submitted_concern(cast.police_coordinator, concern={"received_at": at(2026, 3, 1)})
    draft_concern(cast.municipal_coordinator, concern={"received_at": at(2026, 3, 1)})
    submitted_concern(cast.other_municipal_coordinator, concern={"received_at": at(2026, 3, 1)})
    submitted_concern(cast.municipal_coordinator, concern={"received_at": at(2025, 12, 31)})
    return statistics.yearly(cast.halsnaes, 2026)


def test_it_counts_the_concerns_the_infohus_handles_in_the_year(year_2026):
    quarters = cells(table_of(year_2026, "quarter"))

    assert table_of(year_2026, "quarter").total.count == 12
    assert [quarters[str(q)].count for q in range(1, 5)] == [6, 5, 1, 0]


def test_it_counts_channel_age_gender_kind_and_police_check(year_2026):
    assert {k: c.count for k, c in cells(table_of(year_2026, "channel")).items() if c.count} == {
        "phone": 6,
        "email": 5,
        "hotline": 1,
    }
    ages = cells(table_of(year_2026, "age"))
    assert (ages["under_15"].count, ages["15_17"].count, ages["25_plus"].count) == (1, 10, 1)
    genders = cells(table_of(year_2026, "gender"))
    assert (genders["female"].count, genders["male"].count) == (1, 11)
    assert cells(table_of(year_2026, "extremism"))["militant_islamism"].count == 1
    assert cells(table_of(year_2026, "police_check"))[""].count == 12  # all still with the police
    assert cells(table_of(year_2026, "outcome"))["in_progress"].count == 12


def test_a_category_with_one_person_shows_less_than_five(year_2026):
    genders = cells(table_of(year_2026, "gender"))

    assert genders["female"].shown == "<5"
    assert cells(table_of(year_2026, "channel"))["hotline"].shown == "<5"


def test_the_total_minus_the_visible_cells_does_not_reveal_a_hidden_one(year_2026):
    genders = table_of(year_2026, "gender")
    # 11 boys, 1 woman: showing 11 next to a total of 12 would give her away.
    assert cells(genders)["male"].suppressed
    assert cells(genders)["male"].shown == "<5"

    channel = table_of(year_2026, "channel")
    assert cells(channel)["phone"].shown == "6"
    assert cells(channel)["email"].suppressed  # 5, hidden so that the hotline's 1 is not 12 − 6 − 5

    for table in year_2026.tables:
        assert safe(table), table.key


@pytest.mark.parametrize(
    ("counts", "shown", "total"),
    [
        ([10, 7, 0], ["10", "<5", "<5"], "17"),  # one hidden zero: the total gives it away, so hide another
        ([10, 7, 1], ["10", "<5", "<5"], "18"),
        ([10, 3, 2, 9], ["10", "<5", "<5", "9"], "24"),  # two hidden cells holding five together: safe
        ([10, 3, 1, 9], ["10", "<5", "<5", "<5"], "23"),
        ([3, 1], ["<5", "<5"], "<5"),
        ([20, 30], ["20", "30"], "50"),
    ],
)
def test_suppression(counts, shown, total):
    table = statistics.Table("t", "T", [statistics.Cell(str(i), str(i), n) for i, n in enumerate(counts)])

    assert [cell.shown for cell in table.cells] == shown
    assert table.total.shown == total
    assert safe(table)


def test_recommendations_are_counted_by_addressed_authority(cast):
    recommended_concern(cast)
    numbers = statistics.yearly(cast.halsnaes, timezone.localdate().year)

    recommendations = cells(table_of(numbers, "recommendations"))
    assert recommendations["municipality"].count == 1
    assert recommendations["municipality"].shown == "<5"
    assert cells(table_of(numbers, "outcome"))["recommended"].count == 1


def test_the_csv_holds_no_name_or_cpr_number(client, cast, year_2026):
    log_in(client, cast.municipal_coordinator)
    response = client.get(reverse("statistics_csv"), {"year": 2026})
    body = response.content.decode("utf-8-sig")

    assert response["Content-Disposition"].endswith('statistik-2026.csv"')
    for personal in ("Mikkel", "Sørensen", "Aisha", "Enkelt", "150909", "030296", "Nørregade", "Hanne Dahl"):
        assert personal not in body
    assert "<5" in body
    assert ";6" in body  # phone


def test_the_page_shows_the_tables_with_bars(client, cast, year_2026):
    log_in(client, cast.auditor)
    page = client.get(reverse("statistics"), {"year": 2026}).content.decode()

    assert "<svg" in page
    assert "&lt;5" in page
    assert "Aisha" not in page and "Mikkel" not in page


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("municipal_coordinator", 200),
        ("police_coordinator", 200),
        ("auditor", 200),
        ("caseworker", 404),
        ("admin", 404),
        ("external", 404),
    ],
)
def test_who_may_see_the_statistics(client, cast, name, status):
    log_in(client, cast.by_name(name))

    assert client.get(reverse("statistics")).status_code == status
