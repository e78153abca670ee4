"""Searching and sorting the concern list and the police queue.

One search field takes a name, a CPR number or a case number and tells them apart. A search
only narrows what the pages' own selectors return (`selectors.filtered_concerns`,
`selectors.police_queue`), so it finds nothing outside the membership's scope: not another
Infohus's concern, not the other side's unshared concern, not a concern the police took
over without granting it to the municipality.

A name and a CPR number are personal data (databeskyttelsesloven; no data in URLs): the
views keep the term in the session and put only sort keys, page numbers and filters that
are not personal in a URL.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concerns import selectors
from concerns.cpr import CPR_PATTERN, ascii_digits, parse_cpr
from concerns.models import Concern, State
from concerns.text import reject_html
from infohus.models import Membership

MAX_LENGTH = 100
PAGE_SIZE = 25

# A case number (`IH-<year>-<running number>`), whole or in part: "IH-2026-0042", "ih-",
# "ih 2026", "2026-0042", "0042" (spaces are read as hyphens).
CASE_NUMBER = re.compile(r"^(?:IH(?:-|[0-9])[0-9-]*|[0-9][0-9-]*)$", re.IGNORECASE)


@dataclass(frozen=True)
class SearchTerm:
    kind: str  # "name", "cpr" or "case_number"
    value: str  # the name's words, the CPR's ten digits, or (part of) a case number

    def condition(self) -> Q:
        if self.kind == "cpr":
            return Q(person__cpr=self.value)
        if self.kind == "case_number":
            return Q(case_number__icontains=self.value)
        # Every word somewhere in the name: "sørensen mikkel" finds "Mikkel Sørensen".
        match = Q()
        for word in self.value.split():
            match &= Q(person__full_name__icontains=word)
        return match


def parse_term(text: str) -> SearchTerm | None:
    """What the user searched for, or None for an empty field.

    Ten digits (with or without a hyphen) are a CPR number, parsed by `concerns.cpr`;
    letters and digits with hyphens are a case number; words without digits are a name.
    Anything else is refused with a message saying what may be searched for.
    """
    text = " ".join(ascii_digits(text).split())  # "１５０９０９-４１２３" is the CPR number 150909-4123
    if not text:
        return None
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _("Search for at most %(limit)d characters."), code="max_length", params={"limit": MAX_LENGTH}
        )
    reject_html(text)
    if CPR_PATTERN.match(text):
        return SearchTerm("cpr", parse_cpr(text).digits)
    case_number = text.replace(" ", "-")
    if CASE_NUMBER.match(case_number):
        return SearchTerm("case_number", case_number)
    if any(character.isdigit() for character in text):
        raise ValidationError(
            _("Search for a name, a CPR number (DDMMYY-SSSS) or a case number (e.g. IH-2026-0042)."),
            code="search_kind",
        )
    return SearchTerm("name", text)


# --- Sorting -----------------------------------------------------------------------------

# The workflow's order, not the alphabet's: a draft before a case with the police.
STATE_ORDER = Case(
    *(When(state=state, then=Value(position)) for position, state in enumerate(State.values)),
    default=Value(len(State.values)),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class Column:
    key: str  # what stands in the URL: ?sort=name, ?sort=-received
    expression: object
    descending_first: bool = False  # a date column is first sorted newest first


LIST_COLUMNS = {
    column.key: column
    for column in (
        Column("case", F("case_number")),
        Column("name", Lower("person__full_name")),
        Column("received", F("received_at"), descending_first=True),
        Column("state", STATE_ORDER),
    )
}
LIST_DEFAULT = "-received"

QUEUE_COLUMNS = {
    column.key: column
    for column in (
        Column("case", F("case_number")),
        Column("name", Lower("person__full_name")),
        Column("sent", F("submitted_at")),  # ascending: the one that has waited longest first
    )
}
QUEUE_DEFAULT = "sent"


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    @property
    def direction(self) -> str:
        """The value of the sorted column header's `aria-sort`."""
        return "descending" if self.descending else "ascending"


def parse_sort(value: str | None, columns: dict[str, Column], default: str) -> Sort:
    """The sort a URL asks for; the page's default for anything it does not know."""
    value = value if value and value.lstrip("-") in columns else default
    return Sort(value.lstrip("-"), value.startswith("-"))


@dataclass(frozen=True)
class Header:
    """A sortable column header: the sort its link asks for, and its `aria-sort`."""

    key: str
    param: str
    aria_sort: str  # "" unless the list is sorted by this column
    next_descending: bool


def headers(sort: Sort, columns: dict[str, Column]) -> dict[str, Header]:
    """Each column's header: the sorted one reverses its order, the others start in theirs."""
    result = {}
    for key, column in columns.items():
        descending = not sort.descending if key == sort.key else column.descending_first
        aria_sort = sort.direction if key == sort.key else ""
        result[key] = Header(key, f"-{key}" if descending else key, aria_sort, descending)
    return result


def ordered(concerns: QuerySet[Concern], sort: Sort, columns: dict[str, Column], *first) -> QuerySet[Concern]:
    """Sorted by the column, then by id in the same direction, so pages never overlap."""
    expression = columns[sort.key].expression
    if sort.descending:
        return concerns.order_by(*first, expression.desc(), F("pk").desc())
    return concerns.order_by(*first, expression.asc(), F("pk").asc())


# --- The two pages ----------------------------------------------------------------------


def search_concerns(
    membership: Membership, *, term: SearchTerm | None = None, sort: Sort | None = None, **filters
) -> QuerySet[Concern]:
    """The concern list: what `filtered_concerns` gives the membership, narrowed by the term."""
    concerns = selectors.filtered_concerns(membership, **filters)
    if term is not None:
        concerns = concerns.filter(term.condition())
    return ordered(concerns, sort or parse_sort(LIST_DEFAULT, LIST_COLUMNS, LIST_DEFAULT), LIST_COLUMNS)


def search_police_queue(
    membership: Membership, *, term: SearchTerm | None = None, sort: Sort | None = None
) -> QuerySet[Concern]:
    """The police queue, narrowed by the term. Urgent concerns (acute danger) stay on top
    whatever the sort, so none waits on a later page."""
    concerns = selectors.police_queue(membership)
    if term is not None:
        concerns = concerns.filter(term.condition())
    sort = sort or parse_sort(QUEUE_DEFAULT, QUEUE_COLUMNS, QUEUE_DEFAULT)
    return ordered(concerns, sort, QUEUE_COLUMNS, F("acute_danger").desc())


def days_waiting(concern: Concern, today: date | None = None) -> int:
    """Whole calendar days since the concern was sent to the police (0 on the day itself)."""
    if concern.submitted_at is None:
        return 0
    today = today or timezone.localdate()
    return max(0, (today - timezone.localdate(concern.submitted_at)).days)
