"""A data subject's access request (GDPR art. 15; for the police retshåndhævelseslovens
§ 15): everything one authority holds or received about one person, and who read it.

Police and municipality are separate data controllers, so each answers for its own data
only. The data-protection officer holds no grant on any case, so the answer is gathered
here, scoped like the rest of the officer's pages: the officer's Infohus, and what the
officer's *authority* holds —

- a concern the authority recorded, or whose view grant its role groups hold (the police
  receive every concern sent to the police check; the municipality a police concern once
  it is cleared or handed over with a remaining social duty);
- information items the authority owns, and what it received of the other's items
  (the snapshot an exchange disclosed, revoked or not: it was received);
- the § 115 exchanges it made or received;
- the agreed scores and the holistic assessment (joint records of the Infohus), and the
  notes the authority kept for itself (never the other authority's notes);
- the recommendations, and for the municipality the follow-up;
- the reads of all this in the audit log that the officer may see.

This is the one place the officer reads case content: the request is recorded as an
`AuditQuery` (exported), and every concern and item in the answer as a read.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from auditlog.models import LogEntry
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import (
    AssessmentVersion,
    AuthorityNote,
    DimensionScore,
    FollowUp,
    FollowUpNote,
    Recommendation,
)
from audit import entries as log_entries
from audit.selectors import about_cases, entries_visible_to_auditor, held_by
from concerns.cpr import CPR
from concerns.models import Concern, Exchange, ExchangeItem, InformationItem
from infohus.models import Authority, Membership


def concerns_held_by(membership: Membership, cpr: CPR):
    """The concerns of the officer's Infohus about the person that the officer's
    authority recorded or was given (a view grant to one of its role groups)."""
    return (
        Concern.objects.filter(infohus=membership.infohus, person__cpr=cpr.digits)
        .filter(held_by(membership.infohus, membership.authority))
        .select_related("person", "owning_authority", "police_check__decided_by", "infohus")
        .prefetch_related("person__custody_holders")
        .order_by("received_at", "pk")
    )


@dataclass
class CaseAnswer:
    concern: Concern
    recorded_by_own: bool
    own_items: list[InformationItem] = field(default_factory=list)
    received_items: list[ExchangeItem] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    scores: list[DimensionScore] = field(default_factory=list)
    notes: list[AuthorityNote] = field(default_factory=list)
    versions: list[AssessmentVersion] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    withdrawal_reason: str = ""  # the police's own record: only in the police's answer


@dataclass
class Answer:
    cpr: CPR
    membership: Membership
    made_at: datetime
    cases: list[CaseAnswer]
    reads: list[log_entries.Row]

    @property
    def authority(self) -> Authority:
        return self.membership.authority

    @property
    def names(self) -> list[str]:
        return sorted({case.concern.person.full_name for case in self.cases if case.concern.person.full_name})

    def objects_read(self) -> list:
        """What the officer read to answer: logged as reads."""
        objects = []
        for case in self.cases:
            objects += [case.concern, *case.own_items, *case.exchanges]
        return objects


def gather(membership: Membership, cpr: CPR) -> Answer:
    authority = membership.authority
    is_police = authority.pk == membership.infohus.police_district_id
    concerns = list(concerns_held_by(membership, cpr))
    ids = [concern.pk for concern in concerns]
    cases = {concern.pk: CaseAnswer(concern, concern.owning_authority_id == authority.pk) for concern in concerns}

    for item in InformationItem.objects.filter(concern__in=ids, owning_authority=authority).select_related(
        "recorded_by"
    ):
        cases[item.concern_id].own_items.append(item)
    exchanges = (
        Exchange.objects.filter(concern__in=ids)
        .filter(Q(from_authority=authority) | Q(to_authority=authority))
        .select_related("from_authority", "to_authority", "shared_by", "revoked_by")
        .prefetch_related(Prefetch("shared_items", queryset=ExchangeItem.objects.order_by("pk")))
        .order_by("shared_at", "pk")
    )
    for exchange in exchanges:
        case = cases[exchange.concern_id]
        case.exchanges.append(exchange)
        if exchange.to_authority_id == authority.pk:
            case.received_items += list(exchange.shared_items.all())
    # The agreed scores and the assessment are the Infohus's joint record of a case both
    # sides hold; an authority's notes are its own.
    for score in (
        DimensionScore.objects.filter(analysis__concern__in=ids)
        .exclude(status="")
        .select_related("dimension", "analysis")
        .order_by("analysis__started_at", "dimension__number")
    ):
        cases[score.analysis.concern_id].scores.append(score)
    for note in (
        AuthorityNote.objects.filter(analysis__concern__in=ids, authority=authority)
        .select_related("dimension", "analysis", "written_by")
        .order_by("written_at", "pk")
    ):
        cases[note.analysis.concern_id].notes.append(note)
    for version in (
        AssessmentVersion.objects.filter(assessment__concern__in=ids)
        .select_related("assessment", "written_by")
        .prefetch_related(Prefetch("recommendations", queryset=Recommendation.objects.order_by("pk")))
        .order_by("assessment__created_at", "number")
    ):
        cases[version.assessment.concern_id].versions.append(version)
    if not is_police:  # the caseworkers' follow-up is the municipality's own case work
        for follow_up in (
            FollowUp.objects.filter(concern__in=ids)
            .select_related("recommendation", "acknowledged_by")
            .prefetch_related(Prefetch("notes", queryset=FollowUpNote.objects.order_by("written_at", "pk")))
        ):
            cases[follow_up.concern_id].follow_ups.append(follow_up)
    if is_police:
        for concern in concerns:
            withdrawal = getattr(concern, "police_withdrawal", None)
            if withdrawal is not None:
                cases[concern.pk].withdrawal_reason = withdrawal.reason

    reads = []
    if concerns:
        case_numbers = [concern.case_number for concern in concerns]
        entries = entries_visible_to_auditor(membership).filter(
            about_cases(case_numbers), action=LogEntry.Action.ACCESS
        )
        reads = log_entries.describe(entries.order_by("timestamp", "pk"), viewer=membership, cases=set(case_numbers))
    return Answer(cpr=cpr, membership=membership, made_at=timezone.now(), cases=list(cases.values()), reads=reads)


# --- The CSV ---------------------------------------------------------------------------


def _when(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    return value.isoformat()


def _yes_no(value) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def csv_rows(answer: Answer):
    """One line per fact: section, case, date, what, value."""
    for case in answer.cases:
        concern, person = case.concern, case.concern.person
        number = concern.case_number
        section = _("Concern (Redskab 1)")
        origin = _("Recorded by your authority") if case.recorded_by_own else _("Received from the other authority")
        yield section, number, _when(concern.received_at), _("Origin"), origin
        yield section, number, "", _("Status"), concern.get_state_display()
        for name in ("full_name", "birth_date", "gender", "address"):
            value = getattr(person, name)
            if name == "gender":
                value = person.get_gender_display()
            yield (
                section,
                number,
                "",
                str(person._meta.get_field(name).verbose_name),
                _when(value) if name == "birth_date" else value,
            )
        yield section, number, "", _("CPR number"), person.formatted_cpr
        for holder in person.custody_holders.all():
            yield (
                section,
                number,
                "",
                _("Custody holder"),
                ", ".join(p for p in (holder.full_name, holder.relation, holder.contact) if p),
            )
        for name in Concern.INTAKE_FIELDS:
            field_ = Concern._meta.get_field(name)
            value = getattr(concern, name)
            if field_.choices:
                value = getattr(concern, f"get_{name}_display")()
            elif isinstance(value, bool) or value is None:
                value = _yes_no(value)
            elif not isinstance(value, str):
                value = _when(value)
            yield section, number, "", str(field_.verbose_name), value
        check = getattr(concern, "police_check", None)
        if check is not None:
            section = _("Police check")
            yield section, number, _when(check.decided_at), _("Decision"), check.get_outcome_display()
            yield section, number, _when(check.decided_at), _("Reason"), check.reason
            if check.social_duty_description:
                yield section, number, "", _("Remaining social preventive work"), check.social_duty_description
        if case.withdrawal_reason:
            yield _("Withdrawal by the police"), number, "", _("Reason"), case.withdrawal_reason
        for item in case.own_items:
            section = _("Information owned by your authority")
            what = f"{item.get_source_display()}{', ' + item.source_name if item.source_name else ''}"
            yield section, number, _when(item.information_date), what, item.text
            if item.attachment_name:
                yield section, number, _when(item.information_date), _("Attachment"), item.attachment_name
        for shared in case.received_items:
            section = _("Information received under § 115")
            yield (
                section,
                number,
                _when(shared.snapshot_information_date),
                shared.get_snapshot_source_display(),
                shared.snapshot_text,
            )
        for exchange in case.exchanges:
            section = _("§ 115 exchanges")
            direction = (
                _("Received from %(authority)s") % {"authority": exchange.from_authority}
                if exchange.to_authority_id == answer.authority.pk
                else _("Shared with %(recipient)s") % {"recipient": exchange.recipient}
            )
            yield section, number, _when(exchange.shared_at), direction, exchange.legal_basis
            yield section, number, _when(exchange.shared_at), _("Purpose"), exchange.purpose
            yield section, number, _when(exchange.shared_at), _("Why it is necessary"), exchange.necessity
            if exchange.revoked_at:
                yield section, number, _when(exchange.revoked_at), _("Revoked"), exchange.revoke_reason
        for score in case.scores:
            value = str(score.value) if score.status == "scored" else score.get_status_display()
            yield (
                _("Agreed scores (Redskab 3)"),
                number,
                _when(score.updated_at),
                str(score.dimension),
                f"{value}: {score.justification}".rstrip(": "),
            )
        for note in case.notes:
            yield _("Notes of your authority"), number, _when(note.written_at), str(note.dimension), note.text
        for version in case.versions:
            section = _("Holistic assessment (Redskab 4), version %(number)s") % {"number": version.number}
            yield section, number, _when(version.written_at), _("Main problems"), version.problems
            yield section, number, _when(version.written_at), _("Resources"), version.resources
            yield section, number, _when(version.written_at), _("Overall conclusion"), version.conclusion
            if version.not_current_reason:
                yield section, number, "", _("Why the concern is not current"), version.not_current_reason
            for recommendation in version.recommendations.all():
                yield (
                    section,
                    number,
                    _when(recommendation.follow_up_on),
                    _("Recommendation to %(to)s") % {"to": recommendation.to},
                    recommendation.details,
                )
        for follow_up in case.follow_ups:
            section = _("Follow-up")
            yield section, number, _when(follow_up.started_on), _("The intervention"), follow_up.intervention
            for note in follow_up.notes.all():
                yield section, number, _when(note.written_at), _("Status"), note.text
    for row in answer.reads:
        yield _("Who read it"), row.case_number, _when(row.timestamp), row.actor, row.description


def _cell(value) -> str:
    """Free text that a spreadsheet would run as a formula is read as text."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def as_csv(answer: Answer) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so Excel reads the Danish letters right
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Section"), _("Case"), _("Date"), _("What"), _("Content")])
    writer.writerows([_cell(value) for value in row] for row in csv_rows(answer))
    return out.getvalue()
