"""Searching, sorting and paging the concern list and the police queue.

A search finds a concern by name, CPR number or case number, only among what the
membership may already see; the term (personal data) travels by POST and is kept in the
session, never in a URL or a link.
"""

import re
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from concerns import search, services
from concerns.models import Concern, State
from concerns.views.concern import LIST_SEARCH, QUEUE_SEARCH
from tests.cast import cleared_concern, draft_concern, log_in, submitted_concern

pytestmark = pytest.mark.django_db

LIST = reverse("concerns:list")
QUEUE = reverse("concerns:police_queue")
CPR = "1509094123"  # the cast's Mikkel Sørensen


def searched(client, term, url=LIST, **fields):
    """Post the search, check the redirect holds no personal data, and return the result page."""
    response = client.post(url, {"q": term, **fields})
    assert response.status_code == 302, response.content.decode()[:500]
    assert_nothing_personal(response.url)
    return client.get(response.url).content.decode()


def assert_nothing_personal(text, *, cpr=CPR, names=("Mikkel", "Sørensen", "S%C3%B8rensen")):
    for value in (cpr, f"{cpr[:6]}-{cpr[6:]}", *names):
        assert value not in text, value


def links(page: str) -> list[str]:
    """Every URL the page links to or posts to."""
    return re.findall(r'(?:href|action)="([^"]*)"', page)


def concern_pks(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/bekymringer/(\d+)/">IH-', page)]


def case_numbers(page: str) -> list[str]:
    return re.findall(r'href="/bekymringer/\d+/">(IH-\d{4}-\d{4})<', page)


def da(message: str, plural: str = "", count: int = 0) -> str:
    """What the Danish page says for a message (the English text until it is translated)."""
    with translation.override("da"):
        return ngettext(message, plural, count) if plural else gettext(message)


# --- Finding ---------------------------------------------------------------------------


def test_it_finds_a_concern_by_part_of_the_name_in_any_case_and_order(client, cast):
    mikkel = draft_concern(cast.municipal_coordinator)
    anna = draft_concern(cast.municipal_coordinator, person={"full_name": "Anna Jensen", "cpr": "0101101234"})
    log_in(client, cast.municipal_coordinator)
    for term in ("mikkel", "SØRENSEN", "sørensen mik", "  Mikkel   Sørensen "):
        page = searched(client, term)
        assert case_numbers(page) == [mikkel.case_number], term
    assert case_numbers(searched(client, "jens")) == [anna.case_number]


@pytest.mark.parametrize("term", ["150909-4123", "1509094123", " 150909 4123 "])
def test_it_finds_a_concern_by_cpr_number_with_or_without_a_hyphen(client, cast, term):
    mikkel = draft_concern(cast.municipal_coordinator)
    draft_concern(cast.municipal_coordinator, person={"full_name": "Mikkel Sørensen", "cpr": "1509094125"})
    log_in(client, cast.municipal_coordinator)
    page = searched(client, term)
    assert case_numbers(page) == [mikkel.case_number]
    assert 'role="status">1 ' in page


def test_it_finds_a_concern_by_its_case_number_whole_or_in_part(client, cast):
    concerns = [draft_concern(cast.municipal_coordinator) for _ in range(3)]
    number = concerns[1].case_number  # IH-2026-0002
    log_in(client, cast.municipal_coordinator)
    assert case_numbers(searched(client, number)) == [number]
    assert case_numbers(searched(client, number.lower())) == [number]
    assert case_numbers(searched(client, number[-4:])) == [number]
    assert sorted(case_numbers(searched(client, number[:7]))) == sorted(c.case_number for c in concerns)


def test_the_search_term_is_shown_in_the_field_and_kept_for_the_next_visit(client, cast):
    draft_concern(cast.municipal_coordinator)
    log_in(client, cast.municipal_coordinator)
    page = searched(client, "150909-4123")
    assert 'value="150909-4123"' in page
    assert client.session[LIST_SEARCH] == "150909-4123"
    assert 'value="150909-4123"' in client.get(LIST).content.decode()


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("150909-4123", "cpr", "1509094123"),
        ("1509094123", "cpr", "1509094123"),
        ("IH-2026-0042", "case_number", "IH-2026-0042"),
        ("ih 2026", "case_number", "ih-2026"),
        ("0042", "case_number", "0042"),
        ("IH-", "case_number", "IH-"),
        ("Anne-Marie  Ihle", "name", "Anne-Marie Ihle"),
        ("ih", "name", "ih"),
    ],
)
def test_it_tells_a_cpr_number_a_case_number_and_a_name_apart(text, kind, value):
    assert search.parse_term(text) == search.SearchTerm(kind, value)
    assert search.parse_term("   ") is None


# --- Scope -----------------------------------------------------------------------------


def test_a_search_never_finds_a_concern_of_another_infohus(client, cast):
    own = submitted_concern(cast.municipal_coordinator)
    other = submitted_concern(cast.other_municipal_coordinator)  # same person, same name, CPR and number
    assert other.case_number == own.case_number
    for member in (cast.municipal_coordinator, cast.police_coordinator):
        for url in (LIST, QUEUE) if member == cast.police_coordinator else (LIST,):
            log_in(client, member)
            for term in ("Mikkel Sørensen", CPR, "150909-4123", other.case_number, "IH-"):
                assert concern_pks(searched(client, term, url=url)) == [own.pk], (member, url, term)


def test_a_search_never_finds_the_other_sides_concern_before_it_is_shared(client, cast):
    police_draft = draft_concern(cast.police_coordinator)
    police_waiting = submitted_concern(cast.police_coordinator)
    municipal_draft = draft_concern(cast.municipal_coordinator)
    log_in(client, cast.municipal_coordinator)
    for term in ("Mikkel", CPR, police_draft.case_number, police_waiting.case_number):
        assert police_draft.case_number not in case_numbers(searched(client, term))
        assert police_waiting.case_number not in case_numbers(searched(client, term))
    log_in(client, cast.police_coordinator)
    for term in ("Mikkel", CPR, municipal_draft.case_number):
        assert municipal_draft.case_number not in case_numbers(searched(client, term))


def test_a_search_never_finds_a_concern_the_police_took_over_without_granting_it(client, cast):
    taken = submitted_concern(cast.police_coordinator)
    services.decide_police_check(
        concern=taken, by=cast.police_coordinator, outcome="taken_over", reason="PET.", social_duty_needed=False
    )
    not_extremism = submitted_concern(cast.police_coordinator)
    services.decide_police_check(
        concern=not_extremism, by=cast.police_coordinator, outcome="not_extremism", reason="Nej"
    )
    with_duty = submitted_concern(cast.police_coordinator)
    services.decide_police_check(
        concern=with_duty,
        by=cast.police_coordinator,
        outcome="taken_over",
        reason="PET.",
        social_duty_needed=True,
        social_duty_description="Familiesamtaler.",
    )
    log_in(client, cast.municipal_coordinator)
    for term in ("Mikkel", CPR, "IH-"):
        # Only the one the municipality was given to read, for its remaining social duty.
        assert case_numbers(searched(client, term)) == [with_duty.case_number], term


def test_a_caseworker_finds_only_concerns_recommended_to_their_department(client, cast):
    cleared = cleared_concern(cast)
    log_in(client, cast.caseworker)
    for term in ("Mikkel", CPR, cleared.case_number):
        page = searched(client, term)
        assert case_numbers(page) == [] and f"/bekymringer/{cleared.pk}/" not in page


def test_the_police_queue_search_finds_only_concerns_waiting_in_it(client, cast):
    waiting = submitted_concern(cast.municipal_coordinator)
    decided = cleared_concern(cast)
    log_in(client, cast.police_coordinator)
    page = searched(client, "Mikkel", url=QUEUE)
    assert case_numbers(page) == [waiting.case_number] and decided.case_number not in page


# --- No personal data in URLs ----------------------------------------------------------


@pytest.mark.parametrize("url", [LIST, QUEUE])
def test_no_cpr_number_or_name_stands_in_a_url_or_a_link(client, cast, url):
    for _ in range(30):  # two pages, so there are page links too
        submitted_concern(cast.municipal_coordinator)
    log_in(client, cast.police_coordinator)
    for term in (CPR, "150909-4123", "Mikkel Sørensen"):
        page = searched(client, term, url=url)
        assert len(case_numbers(page)) == 25
        for link in links(page):
            assert_nothing_personal(link)
        page_two = client.get(url, {"page": 2}).content.decode()
        assert len(case_numbers(page_two)) == 5  # the search holds on the next page
        for link in links(page_two):
            assert_nothing_personal(link)


def test_a_term_in_the_url_is_ignored_and_never_repeated(client, cast):
    draft_concern(cast.municipal_coordinator)
    draft_concern(cast.municipal_coordinator, person={"full_name": "Anna Jensen", "cpr": "0101101234"})
    log_in(client, cast.municipal_coordinator)
    page = client.get(LIST, {"q": CPR}).content.decode()
    assert len(case_numbers(page)) == 2
    assert f'value="{CPR}"' not in page
    for link in links(page):
        assert CPR not in link


def test_a_search_is_sent_only_by_post_with_a_csrf_token(client, cast):
    log_in(client, cast.municipal_coordinator)
    page = client.get(LIST).content.decode()
    form = re.search(r'<form method="post"[^>]*role="search".*?</form>', page, re.S).group(0)
    assert "csrfmiddlewaretoken" in form and 'name="q"' in form and 'autocomplete="off"' in form


# --- Invalid input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("x" * 500, "Search for at most %(limit)d characters."),
        ("<script>alert(1)</script>", "The text must not contain HTML or other markup (e.g. <b> or <script>)."),
        ("Mikkel 2009", "Search for a name, a CPR number (DDMMYY-SSSS) or a case number (e.g. IH-2026-0042)."),
        ("3213094123", "The CPR number does not begin with a real date (DDMMYY)."),
    ],
)
def test_an_invalid_search_says_what_is_wrong_and_searches_nothing(client, cast, term, message):
    draft_concern(cast.municipal_coordinator)
    log_in(client, cast.municipal_coordinator)
    response = client.post(LIST, {"q": term})
    assert response.status_code == 200
    page = response.content.decode()
    expected = da(message) % {"limit": search.MAX_LENGTH} if "%(limit)" in message else da(message)
    assert expected.replace("<", "&lt;").replace(">", "&gt;") in page
    assert case_numbers(page) == []
    assert "<script>alert" not in page
    assert LIST_SEARCH not in client.session


def test_html_in_a_search_gets_a_danish_message(client, cast):
    log_in(client, cast.municipal_coordinator)
    page = client.post(LIST, {"q": "<b>Mikkel</b>"}).content.decode()
    assert "Teksten må ikke indeholde HTML" in page


def test_an_unknown_sort_or_page_falls_back_to_the_default(client, cast):
    draft_concern(cast.municipal_coordinator)
    log_in(client, cast.municipal_coordinator)
    response = client.get(LIST, {"sort": "person__cpr", "page": "x'; DROP"})
    assert response.status_code == 200
    assert 'aria-sort="descending"' in response.content.decode()


# --- Clearing --------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "key"), [(LIST, LIST_SEARCH), (QUEUE, QUEUE_SEARCH)])
def test_clearing_the_search_shows_everything_again(client, cast, url, key):
    submitted_concern(cast.municipal_coordinator)
    submitted_concern(cast.municipal_coordinator, person={"full_name": "Anna Jensen", "cpr": "0101101234"})
    log_in(client, cast.police_coordinator)
    assert len(case_numbers(searched(client, "Anna", url=url))) == 1
    assert key in client.session
    response = client.post(url, {"q": "Anna", "clear": "1"})
    assert response.status_code == 302
    assert key not in client.session
    page = client.get(response.url).content.decode()
    assert len(case_numbers(page)) == 2
    assert 'value="Anna"' not in page


def test_the_state_filter_narrows_the_search(client, cast):
    draft = draft_concern(cast.municipal_coordinator)
    waiting = submitted_concern(cast.municipal_coordinator)
    log_in(client, cast.municipal_coordinator)
    response = client.post(LIST, {"q": "Mikkel", "state": State.WITH_POLICE})
    assert response.url == f"{LIST}?state=with_police"
    page = client.get(response.url).content.decode()
    assert case_numbers(page) == [waiting.case_number] and draft.case_number not in page


# --- Sorting and paging ----------------------------------------------------------------


def names_in_order(page: str) -> list[str]:
    return re.findall(r"<td>((?:Anna|Bo|Carl) [A-Za-zæøå]+)", page)


def test_the_list_sorts_by_each_column_and_says_so(client, cast):
    carl = draft_concern(cast.municipal_coordinator, person={"full_name": "Carl Berg", "cpr": ""})
    anna = submitted_concern(cast.municipal_coordinator, person={"full_name": "Anna Holm", "cpr": ""})
    bo = draft_concern(cast.municipal_coordinator, person={"full_name": "Bo Dahl", "cpr": ""})
    Concern.objects.filter(pk=carl.pk).update(received_at=timezone.now() - timedelta(days=3))
    Concern.objects.filter(pk=bo.pk).update(received_at=timezone.now() - timedelta(days=1))
    log_in(client, cast.municipal_coordinator)

    def order(sort):
        return case_numbers(client.get(LIST, {"sort": sort}).content.decode())

    assert order("name") == [anna.case_number, bo.case_number, carl.case_number]
    assert order("-name") == [carl.case_number, bo.case_number, anna.case_number]
    assert order("case") == [carl.case_number, anna.case_number, bo.case_number]
    assert order("-case") == [bo.case_number, anna.case_number, carl.case_number]
    assert order("received") == [carl.case_number, bo.case_number, anna.case_number]
    assert order("-received") == order("") == [anna.case_number, bo.case_number, carl.case_number]
    assert order("state")[-1] == anna.case_number  # drafts before a case with the police
    page = client.get(LIST, {"sort": "name"}).content.decode()
    assert re.search(r'<th scope="col" aria-sort="ascending"><a [^>]*href="\?sort=-name"', page)
    assert page.count("aria-sort=") == 1


def test_the_list_pages_25_at_a_time_and_logs_reads_only_of_the_rows_shown(client, cast):
    concerns = [draft_concern(cast.municipal_coordinator) for _ in range(27)]
    log_in(client, cast.municipal_coordinator)
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    before = reads.count()
    first = client.get(LIST, {"sort": "case"}).content.decode()
    assert case_numbers(first) == [c.case_number for c in concerns[:25]]
    assert reads.count() - before == 1  # one entry naming the 25 rows shown
    assert list(reads.latest("pk").additional_data["cases"]) == [c.case_number for c in concerns[:25]]
    assert 'aria-current="page"' in first and "sort=case&amp;page=2" in first
    before = reads.count()
    second = client.get(LIST, {"sort": "case", "page": 2}).content.decode()
    assert case_numbers(second) == [c.case_number for c in concerns[25:]]
    assert reads.count() - before == 1
    assert list(reads.latest("pk").additional_data["cases"]) == [c.case_number for c in concerns[25:]]
    assert 'role="status">27 ' in second


def test_the_police_queue_puts_urgent_first_then_the_longest_waiting_and_says_how_long(client, cast):
    old = submitted_concern(cast.municipal_coordinator, person={"full_name": "Anna Holm", "cpr": ""})
    new = submitted_concern(cast.municipal_coordinator, person={"full_name": "Bo Dahl", "cpr": ""})
    urgent = submitted_concern(
        cast.municipal_coordinator, concern={"acute_danger": True}, person={"full_name": "Carl Berg", "cpr": ""}
    )
    Concern.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=3))
    log_in(client, cast.police_coordinator)
    page = client.get(QUEUE).content.decode()
    assert case_numbers(page) == [urgent.case_number, old.case_number, new.case_number]
    assert f"<td>{da('%(days)s day', '%(days)s days', 3) % {'days': 3}}</td>" in page
    assert 'aria-sort="ascending"' in page
    newest_first = case_numbers(client.get(QUEUE, {"sort": "-sent"}).content.decode())
    assert newest_first == [urgent.case_number, new.case_number, old.case_number]
    by_name = case_numbers(client.get(QUEUE, {"sort": "-name"}).content.decode())
    assert by_name == [urgent.case_number, new.case_number, old.case_number]


def test_days_waiting_counts_calendar_days_since_it_was_sent(cast):
    concern = submitted_concern(cast.municipal_coordinator)
    today = timezone.localdate()
    assert search.days_waiting(concern, today) == 0
    concern.submitted_at = timezone.now() - timedelta(days=3)
    assert search.days_waiting(concern, today) == 3


# --- Query counts ----------------------------------------------------------------------

# Session, user, the second factor's device, membership, its role group's id, the COUNT, the page's rows (person,
# authority and police check joined) and the one audit INSERT naming the rows shown: whatever
# the number of rows, the search, the sort or the page.
LIST_PAGE = 8


def queries(client, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(("url", "term"), [(LIST, ""), (LIST, "Mikkel"), (LIST, CPR), (QUEUE, ""), (QUEUE, "Mikkel")])
def test_a_page_costs_the_same_few_queries_with_few_concerns_or_many(client, cast, url, term):
    for _ in range(2):
        submitted_concern(cast.municipal_coordinator)
    log_in(client, cast.police_coordinator)
    if term:
        searched(client, term, url=url)
    client.get(reverse("home"))  # the session is settled
    few = queries(client, url)
    for _ in range(28):
        submitted_concern(cast.municipal_coordinator)
    assert queries(client, url) == few
    assert queries(client, url, {"page": 2, "sort": "-name"}) == few
    assert few <= LIST_PAGE
