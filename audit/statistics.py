"""An Infohus's yearly numbers for the national centre: counts only, no personal data.

Which concerns count: those received in the year (local time) that the Infohus handles as
a cooperation, i.e. the municipality holds them (it recorded them, or the police cleared
them or handed them over with a remaining social duty). A concern the police keep to
themselves (found not extremism at the police check, taken over without a municipal duty)
is the police's to report: counting it here would tell a municipal reader that the police
hold a case the municipality does not know of. Drafts are not received yet.

Disclosure control: every count under 5 (0 included) is shown as "<5". Each table's cells
add up to its total (every concern falls in exactly one category, "not stated" included),
so one suppressed cell could be found by subtracting the visible cells from the total:
further cells are suppressed, smallest first, until at least two are and together they
hold 0 or at least 5 persons; if no cell is left to suppress, the total is suppressed too.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.models import Recommendation
from audit.selectors import held_by
from concerns.models import Channel, Concern, ExtremismKind, Gender, PoliceCheck, State
from infohus.models import Infohus

THRESHOLD = 5
SUPPRESSED = "<5"

AGE_BANDS = [
    ("under_15", gettext_lazy("Under 15"), 0, 14),
    ("15_17", gettext_lazy("15–17"), 15, 17),
    ("18_24", gettext_lazy("18–24"), 18, 24),
    ("25_plus", gettext_lazy("25 and over"), 25, 200),
]
NOT_STATED = ("", gettext_lazy("Not stated"))

# The final outcome: where each concern stands now.
OUTCOMES = [
    ("in_progress", gettext_lazy("Still being handled"), {
        State.RECEIVED, State.WITH_POLICE, State.CLEARED, State.GATHERING, State.READY_FOR_MEETING, State.ANALYSED,
    }),
    ("recommended", gettext_lazy("Recommendation given, in follow-up"), {State.RECOMMENDED, State.FOLLOW_UP}),
    ("not_current", gettext_lazy("Not current after the analysis"), {State.NOT_CURRENT}),
    ("closed", gettext_lazy("Closed"), {State.CLOSED}),
    ("taken_over", gettext_lazy("Taken over by the police"), {State.TAKEN_OVER_BY_POLICE}),
    ("not_extremism", gettext_lazy("Not an extremism concern"), {State.NOT_EXTREMISM}),
    ("withdrawn", gettext_lazy("Withdrawn"), {State.WITHDRAWN}),
]  # fmt: skip


@dataclass
class Cell:
    key: str
    label: str
    count: int
    suppressed: bool = False
    bar: str = "0"

    @property
    def shown(self) -> str:
        return SUPPRESSED if self.suppressed else str(self.count)


@dataclass
class Table:
    key: str
    title: str
    cells: list[Cell]
    total: Cell = field(init=False)

    def __post_init__(self):
        self.total = Cell("total", _("Total"), sum(cell.count for cell in self.cells))
        suppress(self)
        largest = max([cell.count for cell in self.cells if not cell.suppressed], default=0)
        for cell in self.cells:
            # The bar's length, 0–100, against the largest visible count; a string, so the
            # template does not write a Danish decimal comma into the SVG.
            cell.bar = f"{100 * cell.count / largest:.1f}" if largest and not cell.suppressed else "0"


def suppress(table: Table) -> None:
    """Primary suppression of small counts, then secondary suppression so that no
    suppressed cell can be worked out from the total and the visible cells."""
    for cell in table.cells:
        cell.suppressed = cell.count < THRESHOLD

    def exposed() -> bool:
        hidden = [cell for cell in table.cells if cell.suppressed]
        hidden_sum = sum(cell.count for cell in hidden)
        return bool(hidden) and (len(hidden) == 1 or 0 < hidden_sum < THRESHOLD)

    while exposed():
        visible = [cell for cell in table.cells if not cell.suppressed]
        if not visible:
            break
        min(visible, key=lambda cell: cell.count).suppressed = True
    if table.total.count < THRESHOLD or exposed():
        table.total.suppressed = True


@dataclass
class Statistics:
    infohus: Infohus
    year: int
    tables: list[Table]


def population(infohus: Infohus, year: int):
    """The concerns the Infohus received in `year` and handles as a cooperation."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime(year, 1, 1), tz)
    end = timezone.make_aware(datetime(year + 1, 1, 1), tz)
    return (
        Concern.objects.filter(infohus=infohus, received_at__gte=start, received_at__lt=end)
        .exclude(state=State.DRAFT)
        .filter(held_by(infohus, infohus.municipality))
    )


def age_band(born: date | None, on: date) -> str:
    if born is None:
        return ""
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return next((key for key, _label, low, high in AGE_BANDS if low <= age <= high), "")


def _table(key, title, choices, values) -> Table:
    """Count `values` into `choices`; a value outside them counts as "not stated"."""
    known = {value for value, _label in choices}
    counts = Counter(value if value in known else "" for value in values)
    return Table(key, str(title), [Cell(str(value), str(label), counts[value]) for value, label in choices])


def _latest_approved_recommendations(concern_ids) -> list[str]:
    """The addressees of the recommendations in each concern's newest approved version."""
    rows = (
        Recommendation.objects.filter(version__assessment__concern__in=concern_ids)
        .exclude(version__municipal_approved_at=None)
        .exclude(version__police_approved_at=None)
        .values_list("version__assessment__concern_id", "version__number", "addressee")
    )
    newest = {}
    for concern_id, number, _addressee in rows:
        newest[concern_id] = max(number, newest.get(concern_id, 0))
    return [addressee for concern_id, number, addressee in rows if number == newest[concern_id]]


def yearly(infohus: Infohus, year: int) -> Statistics:
    rows = list(
        population(infohus, year).values_list(
            "pk",
            "received_at",
            "received_via",
            "person__birth_date",
            "person__gender",
            "extremism_kind",
            "police_check__outcome",
            "state",
        )
    )
    received = [timezone.localtime(row[1]) for row in rows]
    outcome_of = {state: key for key, _label, states in OUTCOMES for state in states}
    tables = [
        _table(
            "quarter",
            _("Concerns per quarter"),
            [(q, _("Quarter %(number)s") % {"number": q}) for q in range(1, 5)],
            [(when.month - 1) // 3 + 1 for when in received],
        ),
        _table("channel", _("Received via"), [*Channel.choices, NOT_STATED], [row[2] or "" for row in rows]),
        _table(
            "age",
            _("Age when the concern was received"),
            [(key, label) for key, label, _low, _high in AGE_BANDS] + [NOT_STATED],
            [age_band(row[3], when.date()) for row, when in zip(rows, received, strict=True)],
        ),
        _table(
            "gender",
            _("Gender"),
            [(Gender.FEMALE, Gender.FEMALE.label), (Gender.MALE, Gender.MALE.label), NOT_STATED],
            [row[4] if row[4] in (Gender.FEMALE, Gender.MALE) else "" for row in rows],
        ),
        _table(
            "extremism", _("Kind of extremism"), [*ExtremismKind.choices, NOT_STATED], [row[5] or "" for row in rows]
        ),
        _table(
            "police_check",
            _("Outcome of the police check"),
            [*PoliceCheck.Outcome.choices, ("", _("Not decided yet"))],
            [row[6] or "" for row in rows],
        ),
        _table(
            "outcome",
            _("Where the concerns stand now"),
            [(key, label) for key, label, _states in OUTCOMES],
            [outcome_of.get(row[7], "in_progress") for row in rows],
        ),
        _table(
            "recommendations",
            _("Recommendations by addressed authority"),
            Recommendation.Addressee.choices,
            _latest_approved_recommendations([row[0] for row in rows]),
        ),
    ]
    return Statistics(infohus=infohus, year=year, tables=tables)


def years_of(infohus: Infohus) -> list[int]:
    """The years the Infohus has received concerns in, newest first (this year always)."""
    this_year = timezone.localdate().year
    first = (
        Concern.objects.filter(infohus=infohus)
        .exclude(Q(state=State.DRAFT))
        .order_by("received_at")
        .values_list("received_at", flat=True)
        .first()
    )
    start = min(timezone.localtime(first).year, this_year) if first else this_year
    return list(range(this_year, start - 1, -1))


def csv_rows(statistics: Statistics):
    for table in statistics.tables:
        for cell in [*table.cells, table.total]:
            yield statistics.infohus.name, statistics.year, table.title, cell.label, cell.shown
