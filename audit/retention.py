"""Deletion deadlines (settings.RETENTION; the reasons in docs/retention.md): what is due,
and doing it. Run daily by `manage.py retention` from cron; safe to run again.

A case is **anonymised**, not deleted: its rows are linked to each other, to the timeline
and to the audit log by id (and the § 115 records must show that an exchange happened), so
the skeleton stays (case number, dates, states, which authority did what) and every text
and identifier of the person, the reporter and what was said is emptied. Attachment files
are removed from the disk. Each step is a `RetentionAction` (audited, so the officers see
it in the log; and the command's memory, so nothing is done twice).

The emptying uses `QuerySet.update()`, which sends no signals: an audit entry for it would
hold the very values being removed. The audit log's own entries (which hold what was
written, as changes) are removed only when the log's own deadline passes, by the database
owner (the log is append-only: see `audit_log_step`).
"""

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from auditlog.models import LogEntry
from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from assessment.models import (
    AssessmentVersion,
    AuthorityNote,
    DimensionScore,
    FollowUp,
    FollowUpNote,
    Meeting,
    PoliceWithdrawal,
    Recommendation,
)
from audit.models import RefusedLookup, RetentionAction
from audit.selectors import held_by
from concerns.models import (
    Concern,
    CustodyHolder,
    Exchange,
    ExchangeItem,
    InformationItem,
    InformationRequest,
    Person,
    PoliceCheck,
    State,
    TimelineEvent,
)
from concerns.models.gathering import private_storage

ENDED = (State.NOT_EXTREMISM, State.NOT_CURRENT, State.CLOSED, State.WITHDRAWN, State.TAKEN_OVER_BY_POLICE)
# A file no row refers to (its transaction rolled back) is removed once this old.
ORPHAN_GRACE = timedelta(days=1)
ATTACHMENTS_DIR = "attachments"

# The texts of a case emptied by anonymisation, per model: (model, path to the concern, fields).
CASE_TEXTS = [
    (Concern, "pk", {"description": "", "reporter_name": "", "reporter_organisation": "", "reporter_contact": "",
                     "journal_number": ""}),
    (Person, "concern", {"full_name": "", "cpr": "", "birth_date": None, "address": ""}),
    (CustodyHolder, "person__concern", {"full_name": "", "relation": "", "contact": ""}),
    (PoliceCheck, "concern", {"reason": "", "social_duty_description": ""}),
    (PoliceWithdrawal, "concern", {"reason": "", "social_duty_description": ""}),
    (InformationRequest, "concern", {"asked_for": "", "source_name": ""}),
    (InformationItem, "concern", {"text": "", "source_name": "", "attachment": "", "attachment_name": ""}),
    (Exchange, "concern", {"purpose": "", "necessity": "", "summary": "", "revoke_reason": ""}),
    (ExchangeItem, "exchange__concern", {"snapshot_text": "", "snapshot_attachment_name": ""}),
    (DimensionScore, "analysis__concern", {"justification": ""}),
    (AuthorityNote, "analysis__concern", {"text": ""}),
    (AssessmentVersion, "assessment__concern", {"problems": "", "resources": "", "conclusion": "",
                                                "not_current_reason": ""}),
    (Recommendation, "version__assessment__concern", {"details": "", "addressee_name": ""}),
    (FollowUp, "concern", {"intervention": ""}),
    (FollowUpNote, "follow_up__concern", {"text": ""}),
    (TimelineEvent, "concern", {"reason": "", "details": {}}),
]  # fmt: skip


@dataclass
class Due:
    kind: str
    target: object  # a model instance, or a file's name for an orphan file
    due_since: datetime

    @property
    def label(self) -> str:
        """What the command prints: ids and case numbers only (cron mails its output)."""
        if isinstance(self.target, str):
            return f"file {self.target}"
        number = getattr(self.target, "case_number", "") or getattr(
            getattr(self.target, "concern", None), "case_number", ""
        )
        return f"{self.target._meta.label_lower}#{self.target.pk}" + (f" ({number})" if number else "")


def deadline(kind: str) -> timedelta:
    return timedelta(days=settings.RETENTION[kind])


def _done(target: str, pk: str = "pk") -> Exists:
    """Whether the command already acted on the row (or, with `pk="concern"`, its case)."""
    return Exists(RetentionAction.objects.filter(target=target, object_pk=Cast(OuterRef(pk), output_field=CharField())))


def _entered(states) -> Subquery:
    """When the concern last moved into one of `states` (its timeline)."""
    return Subquery(
        TimelineEvent.objects.filter(concern=OuterRef("pk"), to_state__in=list(states)).order_by("-at").values("at")[:1]
    )


def due_concerns(now: datetime) -> list[Due]:
    """Cases whose deadline passed: found not extremism, not current, withdrawn, closed."""
    was_not_current = Exists(TimelineEvent.objects.filter(concern=OuterRef("pk"), to_state=State.NOT_CURRENT))
    rules = [
        ("concern_not_extremism", Q(state=State.NOT_EXTREMISM), [State.NOT_EXTREMISM]),
        # A concern found not current keeps that deadline when it is closed afterwards.
        ("concern_not_current", Q(state__in=[State.NOT_CURRENT, State.CLOSED]) & Q(was_not_current), [State.NOT_CURRENT]),
        ("concern_withdrawn", Q(state=State.WITHDRAWN), [State.WITHDRAWN]),
        ("concern_closed", Q(state=State.CLOSED) & ~Q(was_not_current), [State.CLOSED]),
    ]  # fmt: skip
    found = []
    for kind, condition, states in rules:
        concerns = (
            Concern.objects.filter(condition)
            .annotate(ended_at=_entered(states))
            .filter(ended_at__lte=now - deadline(kind))
            .exclude(_done("concerns.concern"))
            .order_by("ended_at", "pk")
        )
        found += [Due(kind, concern, concern.ended_at + deadline(kind)) for concern in concerns]
    return found


def due_attachments(now: datetime) -> list[Due]:
    items = (
        InformationItem.objects.exclude(attachment="")
        .filter(concern__state__in=ENDED)
        .annotate(ended_at=_ended_of_item())
        .filter(ended_at__lte=now - deadline("attachment"))
        .select_related("concern")
        .order_by("pk")
    )
    return [Due("attachment", item, item.ended_at + deadline("attachment")) for item in items]


def _ended_of_item() -> Subquery:
    return Subquery(
        TimelineEvent.objects.filter(concern=OuterRef("concern"), to_state__in=list(ENDED))
        .order_by("-at")
        .values("at")[:1]
    )


def due_exchanges(now: datetime) -> list[Due]:
    exchanges = (
        Exchange.objects.filter(shared_at__lte=now - deadline("exchange"))
        .exclude(_done("concerns.exchange"))
        .exclude(_done("concerns.concern", "concern"))  # the case's anonymisation emptied it already
        .select_related("concern")
        .order_by("shared_at", "pk")
    )
    return [Due("exchange", exchange, exchange.shared_at + deadline("exchange")) for exchange in exchanges]


def due_meetings(now: datetime) -> list[Due]:
    meetings = (
        Meeting.objects.filter(closed_at__lte=now - deadline("meeting_record"))
        .exclude(minutes="")
        .select_related("infohus")
        .order_by("closed_at", "pk")
    )
    return [Due("meeting_record", meeting, meeting.closed_at + deadline("meeting_record")) for meeting in meetings]


def due_refused_lookups(now: datetime) -> list[Due]:
    cutoff = now - deadline("refused_lookup")
    return [Due("refused_lookup", lookup, lookup.at + deadline("refused_lookup")) for lookup in
            RefusedLookup.objects.filter(at__lte=cutoff).order_by("at", "pk")]  # fmt: skip


def orphan_files(now: datetime) -> list[Due]:
    """Files under attachments/ that no row refers to: left by a transaction that rolled
    back after the file was written (or by an interrupted process)."""
    root = Path(settings.MEDIA_ROOT) / ATTACHMENTS_DIR
    if not root.is_dir():
        return []
    referenced = set(InformationItem.objects.exclude(attachment="").values_list("attachment", flat=True))
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(settings.MEDIA_ROOT).as_posix()
        written = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.get_current_timezone())
        if name not in referenced and written <= now - ORPHAN_GRACE:
            found.append(Due("orphan_file", name, written + ORPHAN_GRACE))
    return found


def everything_due(now: datetime | None = None) -> list[Due]:
    now = now or timezone.now()
    return [
        *due_concerns(now),
        *due_attachments(now),
        *due_exchanges(now),
        *due_meetings(now),
        *due_refused_lookups(now),
        *orphan_files(now),
    ]


# --- Doing it ------------------------------------------------------------------------------


def _parties(concern: Concern) -> tuple[int, int | None]:
    """The owner, and the other party if it holds the case too: both officers see the step."""
    infohus = concern.infohus
    other = infohus.police_district if concern.owning_authority_id == infohus.municipality_id else infohus.municipality
    holds = Concern.objects.filter(pk=concern.pk).filter(held_by(infohus, other)).exists()
    return concern.owning_authority_id, other.pk if holds else None


def _record(due: Due, action: str, *, concern: Concern | None = None, target: str = "") -> RetentionAction:
    obj = due.target
    if concern is not None:
        owner, recipient = _parties(concern)
    else:  # a meeting's record is the Infohus's joint one: both officers see the step
        owner, recipient = obj.infohus.municipality_id, obj.infohus.police_district_id
    return RetentionAction.objects.create(
        kind=due.kind,
        target=target or obj._meta.label_lower,
        object_pk=str(obj.pk),
        action=action,
        infohus_id=concern.infohus_id if concern is not None else getattr(obj, "infohus_id", None),
        case_number=concern.case_number if concern is not None else "",
        owner_authority_id=owner,
        recipient_authority_id=recipient,
        due_since=due.due_since,
    )


def _remove_files_after_commit(names) -> None:
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [private_storage.delete(name) for name in names])


def anonymise_concern(due: Due) -> None:
    concern = due.target
    with transaction.atomic():
        files = list(
            InformationItem.objects.filter(concern=concern).exclude(attachment="").values_list("attachment", flat=True)
        )
        for model, path, values in CASE_TEXTS:
            model.objects.filter(**{path: concern.pk}).update(**values)
        _record(due, RetentionAction.Action.ANONYMISED, concern=concern)
        _remove_files_after_commit(files)


def delete_attachment(due: Due) -> None:
    item = due.target
    with transaction.atomic():
        name = item.attachment.name
        # The row keeps that there was a file (type, size); not its name, which may say whose it was.
        InformationItem.objects.filter(pk=item.pk).update(attachment="", attachment_name="")
        _record(due, RetentionAction.Action.FILE_DELETED, concern=item.concern)
        _remove_files_after_commit([name])


def anonymise_exchange(due: Due) -> None:
    exchange = due.target
    with transaction.atomic():
        Exchange.objects.filter(pk=exchange.pk).update(purpose="", necessity="", summary="", revoke_reason="")
        ExchangeItem.objects.filter(exchange=exchange).update(snapshot_text="", snapshot_attachment_name="")
        _record(due, RetentionAction.Action.ANONYMISED, concern=exchange.concern)


def anonymise_meeting(due: Due) -> None:
    meeting = due.target
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(minutes="")
        _record(due, RetentionAction.Action.ANONYMISED)


def delete_refused_lookups(dues: list[Due]) -> None:
    """Plain rows of their own (the alert that matters is in the log): deleted, in one go."""
    RefusedLookup.objects.filter(pk__in=[due.target.pk for due in dues]).delete()


def delete_orphan_file(due: Due) -> None:
    path = Path(settings.MEDIA_ROOT) / due.target
    if path.is_file():
        os.remove(path)


def apply(dues: list[Due]) -> dict[str, int]:
    """Do what is due; returns how many of each kind."""
    actions = {
        "attachment": delete_attachment,
        "exchange": anonymise_exchange,
        "meeting_record": anonymise_meeting,
        "orphan_file": delete_orphan_file,
    }
    done: dict[str, int] = {}
    for due in dues:
        if due.kind == "refused_lookup":
            continue
        (anonymise_concern if due.kind.startswith("concern_") else actions[due.kind])(due)
        done[due.kind] = done.get(due.kind, 0) + 1
    lookups = [due for due in dues if due.kind == "refused_lookup"]
    if lookups:
        delete_refused_lookups(lookups)
        done["refused_lookup"] = len(lookups)
    return done


# --- The audit log -------------------------------------------------------------------------


def audit_log_cutoff(now: datetime | None = None) -> datetime:
    """Entries older than this are past their deadline; younger ones are never touched."""
    return (now or timezone.now()) - deadline("audit_entry")


def audit_entries_due(now: datetime | None = None) -> int:
    return LogEntry.objects.filter(timestamp__lt=audit_log_cutoff(now)).count()


def audit_log_step(now: datetime | None = None) -> str:
    """The SQL the database owner runs to delete the log's entries past their deadline.

    The append-only trigger refuses every DELETE, and the application's role may neither
    delete nor disable the trigger (infohus/db_roles.py): only the table's owner can, in one
    transaction, so the trigger is never off for anyone else. The cutoff is computed from
    the deadline; the statement cannot reach a younger entry.
    """
    cutoff = audit_log_cutoff(now).isoformat()
    return "\n".join(
        [
            "BEGIN;",
            "ALTER TABLE auditlog_logentry DISABLE TRIGGER infohus_audit_append_only;",
            f"DELETE FROM auditlog_logentry WHERE timestamp < '{cutoff}';",  # noqa: S608 (a computed time)
            "ALTER TABLE auditlog_logentry ENABLE TRIGGER infohus_audit_append_only;",
            "COMMIT;",
        ]
    )
