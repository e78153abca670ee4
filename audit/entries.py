"""Log entries as the data-protection officer reads them.

Each entry is described from metadata only: the action, the object type, the names (never
the values) of the fields it changed, the case number, and for a § 115 exchange its
recipient, legal basis and number of items. Never from object_repr, which can hold a
person's name, and never from the object's text.

On the page, one user's reads of one case within a few minutes are one row (one sitting
with the case can be dozens of reads), so are one user's searches of the log, and a § 115
exchange is one row with its items.
The export keeps one line per entry.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audit.labels import ACTION_LABELS, MODEL_LABELS, field_labels, model_label, retention_label
from audit.models import RefusedLookupAlert, RetentionAction
from concerns.models import Exchange, ExchangeItem
from infohus.models import AuditQuery, Membership

# Reads of one case by one user within this span are one sitting with the case (and
# searches of the log within it one look at the log).
READ_WINDOW = timedelta(minutes=10)


@dataclass
class Row:
    """One log entry, described."""

    timestamp: datetime
    actor_id: int | None
    actor: str
    actor_email: str
    action: int
    action_label: str
    model: type | None
    object_type: str
    object_id: str
    case_number: str
    meeting_id: int | None
    fields: list[str]
    description: str
    remote_addr: str
    exchange_id: int | None = None  # an exchange's creation, or an item shared in one
    detail: str = ""  # the line under a group's summary, which already names the case
    is_list: bool = False  # a list's one entry: `case_number` names every case it showed
    listed: list[str] = field(default_factory=list)  # … and these are they
    is_download: bool = False  # a document that left the application: never folded into reads


@dataclass
class Group:
    """One row of the page: a single entry, or several read as one."""

    rows: list[Row]  # newest first, as the log is ordered
    summary: str = ""

    @property
    def is_group(self) -> bool:
        return len(self.rows) > 1

    @property
    def latest(self) -> Row:
        return self.rows[0]

    @property
    def first_at(self) -> datetime:
        return self.rows[-1].timestamp

    @property
    def last_at(self) -> datetime:
        return self.rows[0].timestamp

    @property
    def same_day(self) -> bool:
        return timezone.localtime(self.first_at).date() == timezone.localtime(self.last_at).date()

    @property
    def same_minute(self) -> bool:
        return self.first_at.replace(second=0, microsecond=0) == self.last_at.replace(second=0, microsecond=0)

    @property
    def description(self) -> str:
        return self.summary or self.latest.description

    @property
    def actor(self) -> str:
        return self.latest.actor

    @property
    def case_number(self) -> str:
        return self.latest.case_number

    @property
    def remote_addr(self) -> str:
        return ", ".join(dict.fromkeys(row.remote_addr for row in self.rows if row.remote_addr))


@dataclass
class _Facts:
    """What a page of entries needs from other tables, each read once for the whole page."""

    exchanges: dict[int, Exchange] = field(default_factory=dict)
    exchange_of_item: dict[int, int] = field(default_factory=dict)
    exports: set[int] = field(default_factory=set)


def _object_id(entry: LogEntry) -> int | None:
    if entry.object_id is not None:
        return entry.object_id
    return int(entry.object_pk) if str(entry.object_pk).isdigit() else None


def _facts(entries: list[LogEntry]) -> _Facts:
    """At most three queries, however many entries: the exchanges the entries concern
    (recipient, legal basis, number of items: never purpose or text), which exchange each
    shared item belongs to, and which of the auditor's searches were exports."""
    ids = defaultdict(set)
    for entry in entries:
        model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
        if model in (Exchange, ExchangeItem, AuditQuery) and (pk := _object_id(entry)) is not None:
            ids[model].add(pk)
    facts = _Facts()
    if ids[ExchangeItem]:
        facts.exchange_of_item = dict(
            ExchangeItem.objects.filter(pk__in=ids[ExchangeItem]).values_list("pk", "exchange_id")
        )
    exchange_ids = ids[Exchange] | set(facts.exchange_of_item.values())
    if exchange_ids:
        facts.exchanges = {
            exchange.pk: exchange
            for exchange in Exchange.objects.filter(pk__in=exchange_ids)
            .select_related("to_authority")
            .only("pk", "to_authority__name", "legal_basis_section", "legal_basis_number")
            .annotate(item_count=Count("shared_items"))
        }
    if ids[AuditQuery]:
        facts.exports = set(
            AuditQuery.objects.filter(pk__in=ids[AuditQuery], exported=True).values_list("pk", flat=True)
        )
    return facts


def legal_basis(exchange: Exchange) -> str:
    """As it reads inside a sentence: "retsplejelovens § 115, stk. 1, nr. 1"."""
    basis = _("the Administration of Justice Act § 115, section %(stk)s") % {"stk": exchange.legal_basis_section}
    if exchange.legal_basis_number:
        basis += _(", no. %(nr)s") % {"nr": exchange.legal_basis_number}
    return basis


def _shared(exchange: Exchange) -> str:
    values = {"count": exchange.item_count, "recipient": exchange.recipient, "basis": legal_basis(exchange)}
    if not exchange.item_count:  # a meeting disclosure may carry only a summary of the concern
        return _("Shared a summary of the concern with %(recipient)s (%(basis)s)") % values
    return (
        ngettext(
            "Shared %(count)s information item with %(recipient)s (%(basis)s)",
            "Shared %(count)s information items with %(recipient)s (%(basis)s)",
            exchange.item_count,
        )
        % values
    )


def _describe(entry: LogEntry, model, object_type: str, fields: list[str], case_number: str, facts: _Facts):
    """The sentence for one entry, and the exchange it belongs to (if any)."""
    pk = _object_id(entry)
    values = {"object": object_type, "case": case_number, "fields": ", ".join(fields)}
    if entry.action == LogEntry.Action.ACCESS and (entry.additional_data or {}).get("download"):
        return _("Downloaded the recommendation as PDF (case %(case)s)") % values, None
    if entry.action == LogEntry.Action.ACCESS:
        text = _("Read %(object)s %(case)s") if case_number else _("Read %(object)s")
        return text % values, None
    if model is Exchange and (exchange := facts.exchanges.get(pk)):
        if entry.action == LogEntry.Action.CREATE:
            return _shared(exchange), exchange.pk
        if entry.action == LogEntry.Action.UPDATE and "revoked_at" in (entry.changes_dict or {}):
            return _("Revoked the sharing with %(recipient)s") % {"recipient": exchange.recipient}, None
    if model is ExchangeItem and entry.action == LogEntry.Action.CREATE:
        exchange = facts.exchanges.get(facts.exchange_of_item.get(pk))
        if exchange:
            return _("Shared an information item with %(recipient)s") % {"recipient": exchange.recipient}, exchange.pk
    if model is RefusedLookupAlert and entry.action == LogEntry.Action.CREATE:
        count = (entry.additional_data or {}).get("refused_count", 0)
        return _("Tried to open cases without access (%(count)s times within 10 minutes)") % {"count": count}, None
    if model is RetentionAction and entry.action == LogEntry.Action.CREATE:
        kind = (entry.additional_data or {}).get("retention_kind", "")
        return _("Deleted or anonymised under the retention rules: %(kind)s") % {"kind": retention_label(kind)}, None
    if model is AuditQuery and entry.action == LogEntry.Action.CREATE:
        return (_("Exported from the log") if pk in facts.exports else _("Searched the log")), None
    if entry.action == LogEntry.Action.CREATE:
        return _("Created %(object)s") % values, None
    if entry.action == LogEntry.Action.DELETE:
        return _("Deleted %(object)s") % values, None
    text = _("Changed %(object)s: %(fields)s") if fields else _("Changed %(object)s")
    return text % values, None


LIST_LABELS = {
    "concerns": gettext_lazy("the list of concerns"),
    "police_queue": gettext_lazy("the police's queue"),
    "worklist": gettext_lazy("the start page"),
}


def listed_cases(data: dict, viewer: Membership, cases: set[str] | None = None) -> list[str]:
    """The case numbers a list entry showed that `viewer`'s officer may see: all of them
    when the reader was of the officer's own authority, else those their authority owns;
    and of those only `cases` when given (an access request shows the person's own)."""
    own_reader = data.get("actor_authority_id") == viewer.authority_id
    return [
        case_number
        for case_number, row in (data.get("cases") or {}).items()
        if (own_reader or row.get("owner") == viewer.authority_id) and (cases is None or case_number in cases)
    ]


def _describe_list(data: dict, listed: list[str]) -> str:
    values = {"count": len(listed), "list": LIST_LABELS.get(data.get("list"), data.get("list", ""))}
    return ngettext("Saw %(count)s case on %(list)s", "Saw %(count)s cases on %(list)s", len(listed)) % values


def describe(entries: Iterable[LogEntry], *, viewer: Membership, cases: set[str] | None = None) -> list[Row]:
    """The rows of a list of entries (fetched with their actor; content types come from
    Django's cache, not a join that misleads PostgreSQL's plan), as `viewer`
    (the officer) may read them: a list entry names only the cases `listed_cases` allows."""
    entries = list(entries)
    facts = _facts(entries)
    rows = []
    for entry in entries:
        data = entry.additional_data or {}
        model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
        object_type = model_label(model)
        case_number = data.get("case_number") or ""
        fields = field_labels(model, sorted((entry.changes_dict or {}).keys()))
        listed = []
        if "cases" in data:  # a list: one entry for all the rows it showed
            listed = listed_cases(data, viewer, cases)
            description, exchange_id = _describe_list(data, listed), None
            case_number = ", ".join(listed)
        else:
            description, exchange_id = _describe(entry, model, object_type, fields, case_number, facts)
        detail = (
            _("Read %(object)s") % {"object": object_type} if entry.action == LogEntry.Action.ACCESS else description
        )
        rows.append(
            Row(
                timestamp=entry.timestamp,
                actor_id=entry.actor_id,
                actor=entry.actor.full_name if entry.actor else _("(system)"),
                actor_email=entry.actor.email if entry.actor else "",
                action=entry.action,
                action_label=str(ACTION_LABELS.get(entry.action, entry.get_action_display())),
                model=model,
                object_type=object_type,
                object_id=str(entry.object_pk),
                case_number=case_number,
                meeting_id=data.get("meeting_id"),
                fields=fields,
                description=description,
                remote_addr=entry.remote_addr or "",
                exchange_id=exchange_id,
                detail=detail,
                is_list="cases" in data,
                listed=listed,
                is_download=bool(data.get("download")),
            )
        )
    return rows


def describe_in_batches(entries: Iterable[LogEntry], *, viewer: Membership, size: int = 2000) -> Iterator[Row]:
    """For the export: a fixed number of queries per batch, however long the log."""
    entries = iter(entries)
    while batch := list(islice(entries, size)):
        yield from describe(batch, viewer=viewer)


def _subject(row: Row):
    """What a read or a change is about, for grouping: its case, else its meeting."""
    if row.is_list:
        return None
    if row.case_number:
        return ("case", row.case_number)
    if row.meeting_id:
        return ("meeting", row.meeting_id)
    return None


def _group_key(row: Row):
    """Rows that join a group: one user's reads of one case or meeting, and one user's
    searches (or exports) of the log."""
    if row.is_list or row.is_download:
        return None
    if row.action == LogEntry.Action.ACCESS and (subject := _subject(row)):
        return ("read", row.actor_id, *subject)
    if row.model is AuditQuery and row.action == LogEntry.Action.CREATE:
        return ("search", row.actor_id, row.description)
    return None


def _kinds(rows: list[Row]) -> str:
    """ "bekymring, 4 oplysninger, 2 anmodninger om oplysninger", in a fixed order."""
    counts = Counter(row.model for row in rows)
    order = list(MODEL_LABELS)
    ranked = sorted(counts, key=lambda m: order.index(m) if m in order else len(order))
    return ", ".join(model_label(model, counts[model]) for model in ranked)


def _summary(group: Group) -> str:
    rows = group.rows
    values = {"count": len(rows), "kinds": _kinds(rows), "case": group.case_number, "what": group.latest.description}
    if group.latest.model is AuditQuery:
        text = ngettext("%(what)s (%(count)s time)", "%(what)s (%(count)s times)", len(rows))
    elif group.case_number:
        text = ngettext(
            "Read case %(case)s (%(count)s read: %(kinds)s)",
            "Read case %(case)s (%(count)s reads: %(kinds)s)",
            len(rows),
        )
    else:
        text = ngettext(
            "Read a meeting (%(count)s read: %(kinds)s)", "Read a meeting (%(count)s reads: %(kinds)s)", len(rows)
        )
    return text % values


def grouped(rows: list[Row]) -> list[Group]:
    """The page's rows, newest first. One user's reads of one case (or of one meeting's
    record) become one row while they fall within READ_WINDOW of the latest of them and
    that user did nothing else to the case in between; the row stands where the latest
    read stands. So do one user's searches of the log. An exchange's creation takes its
    items' entries in with it."""
    exchanges_here = {row.exchange_id for row in rows if row.model is Exchange and row.exchange_id}
    items_of = defaultdict(list)  # shared items are written just after their exchange
    exchange_groups: dict[int, Group] = {}
    open_groups: dict[tuple, Group] = {}
    groups: list[Group] = []
    for row in rows:
        if row.model is ExchangeItem and row.exchange_id in exchanges_here:
            if row.exchange_id in exchange_groups:
                exchange_groups[row.exchange_id].rows.append(row)
            else:
                items_of[row.exchange_id].append(row)
            continue
        key = _group_key(row)
        if key is not None:
            group = open_groups.get(key)
            if group is not None and group.last_at - row.timestamp <= READ_WINDOW:
                group.rows.append(row)
                continue
            open_groups[key] = group = Group(rows=[row])
            groups.append(group)
            continue
        if subject := _subject(row):
            open_groups.pop(("read", row.actor_id, *subject), None)  # a change between reads: two sittings
        if row.model is Exchange and row.exchange_id:
            group = Group(rows=[*items_of.pop(row.exchange_id, []), row], summary=row.description)
            exchange_groups[row.exchange_id] = group
            groups.append(group)
        else:
            groups.append(Group(rows=[row]))
    for group in groups:
        if group.is_group and not group.summary:
            group.summary = _summary(group)
    return groups
