"""The analysis board: all nine dimensions at a glance, the risk profile beside the
resources, as a server-rendered SVG (the same drawing on the meeting's shared screen and in
the recommendation's PDF). A dialogue aid, not an algorithm: no total is drawn.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from assessment.models import DimensionScore

WIDTH = 640
LABEL_WIDTH = 290
BAR_X = 300
STEP = 75  # pixels per point, 0–4
ROW = 34
HEADING = 40


@dataclass
class Bar:
    y: int
    number: int
    title: str
    part: str
    width: int  # 0 when there is no score
    text: str  # the value in words, drawn at the bar's end
    earlier_x: int | None
    earlier_text: str

    @property
    def text_x(self) -> int:
        return BAR_X + self.width + 8

    @property
    def earlier_text_x(self) -> int:
        return self.earlier_x + 4 if self.earlier_x is not None else self.text_x + 80

    @property
    def label_y(self) -> int:
        return self.y + 17

    @property
    def earlier_label_y(self) -> int:
        return self.y + 30


def _words(score: DimensionScore | None) -> str:
    if score is None or not score.status:
        return "–"
    if score.status == DimensionScore.Status.SCORED:
        return str(score.value)
    return score.get_status_display().lower()


def _bar(y, score, earlier) -> Bar:
    dimension = score.dimension
    width = score.value * STEP if score.status == DimensionScore.Status.SCORED else 0
    earlier_x = None
    earlier_text = ""
    if earlier is not None and earlier.status:
        if earlier.status == DimensionScore.Status.SCORED:
            earlier_x = BAR_X + earlier.value * STEP  # a dashed line; "unknown" is no position
        earlier_text = _("earlier: %(value)s") % {"value": _words(earlier)}
    title = dimension.title if len(dimension.title) <= 38 else dimension.title[:36] + "…"
    return Bar(y, dimension.number, title, dimension.part, width, _words(score), earlier_x, earlier_text)


@dataclass
class Board:
    risk: list[Bar]
    resilience: list[Bar]
    risk_heading_y: int
    resilience_heading_y: int
    height: int
    has_earlier: bool
    description: str

    width = WIDTH
    bar_x = BAR_X
    ticks = [(BAR_X + n * STEP, n) for n in range(5)]


def board_of(rows) -> Board:
    """`rows` are the room state's dimension rows (agreed score and earlier score)."""
    risk_rows = [r for r in rows if r.dimension.is_risk]
    resilience_rows = [r for r in rows if not r.dimension.is_risk]
    y = HEADING
    risk = []
    for row in risk_rows:
        risk.append(_bar(y, row.agreed, row.earlier))
        y += ROW
    resilience_heading_y = y + 24
    y = resilience_heading_y + HEADING - 20
    resilience = []
    for row in resilience_rows:
        resilience.append(_bar(y, row.agreed, row.earlier))
        y += ROW
    description = "; ".join(f"{bar.number}. {bar.title}: {bar.text}" for bar in risk + resilience)
    return Board(
        risk=risk,
        resilience=resilience,
        risk_heading_y=20,
        resilience_heading_y=resilience_heading_y,
        height=y + 24,
        has_earlier=any(bar.earlier_text for bar in risk + resilience),
        description=description,
    )
