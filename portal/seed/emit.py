"""From plans to rows: each table's COPY lines, and the audit log as the application writes it.

Audit entries follow django-auditlog exactly: a CREATE carries every tracked field as
auditlog's `model_instance_diff(None, obj)` renders it (`Changes`), an UPDATE the fields the
service's `save(update_fields=…)` changed, and reads are ACCESS entries as
`infohus.access_log` writes them (one per object a page showed, a list as one entry naming
its cases). `additional_data` comes from the same keys as the models' `get_additional_data`.
Entries are written in time order, so ids grow with the timestamp as in a live log.
"""

import json
from collections import deque
from json.encoder import encode_basestring

from auditlog.diff import get_fields_in_model, mask_str
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concerns.models import PoliceCheck, Source
from concerns.transitions import GATHERING_ONWARDS
from infohus.models import Role
from infohus.policy import role_group_name
from portal.seed import texts
from portal.seed.cases import DAY, LOCAL, UPDATE, Case, utc, working
from portal.seed.load import NULL, as_json, moment, text, timestamp

ACCESS = LogEntry.Action.ACCESS
MODELS = {
    "concern": "concerns.Concern",
    "person": "concerns.Person",
    "custodyholder": "concerns.CustodyHolder",
    "policecheck": "concerns.PoliceCheck",
    "informationrequest": "concerns.InformationRequest",
    "informationitem": "concerns.InformationItem",
    "exchange": "concerns.Exchange",
    "exchangeitem": "concerns.ExchangeItem",
    "timelineevent": "concerns.TimelineEvent",
    "casenumbersequence": "concerns.CaseNumberSequence",
    "concerngrant": "concerns.ConcernGroupObjectPermission",
    "itemgrant": "concerns.InformationItemGroupObjectPermission",
    "meeting": "assessment.Meeting",
    "participant": "assessment.Participant",
    "analysis": "assessment.Analysis",
    "dimensionscore": "assessment.DimensionScore",
    "agendaitem": "assessment.AgendaItem",
    "assessment": "assessment.Assessment",
    "assessmentversion": "assessment.AssessmentVersion",
    "recommendation": "assessment.Recommendation",
    "followup": "assessment.FollowUp",
    "followupnote": "assessment.FollowUpNote",
    "policewithdrawal": "assessment.PoliceWithdrawal",
    "membership": "infohus.Membership",
}


def naive(t: float) -> str:
    """A moment as auditlog writes it into `changes`: str() of the naive UTC datetime."""
    text_, micro = moment(t)
    return f"{text_}.{micro:06d}" if micro else text_


def changes_json(diff: dict) -> str:
    """{field: [old, new]} as JSON, both values text (what auditlog stores), for COPY."""
    quote = encode_basestring
    return text("{" + ", ".join(f'"{name}": [{quote(old)}, {quote(new)}]' for name, (old, new) in diff.items()) + "}")


def plain(value) -> str:
    if value is None:
        return "None"
    if type(value) is float:
        return naive(value)
    return str(value)  # bool "True"/"False", int, date.isoformat(), str


class Changes:
    """What auditlog's `model_instance_diff(None, obj)` gives for a new object, worked out
    once per model from the same fields auditlog reads, then filled in per row."""

    def __init__(self, model):
        settings = auditlog.get_model_fields(model)
        self.mask = set(settings["mask_fields"])
        self.fields = []
        for field in get_fields_in_model(model()):
            if field.name in settings["exclude_fields"]:
                continue
            if settings["include_fields"] and field.name not in settings["include_fields"]:
                continue
            if not field.concrete:  # a reverse relation: its manager, or nothing yet
                # Only one reachable under its own name counts (a `…_set` accessor is not).
                if field.one_to_many and field.get_accessor_name() == field.name:
                    self.fields.append((field.name, None, "const", f"{field.related_model._meta.label}.None"))
                continue
            if isinstance(field, models.DateTimeField):
                kind = "always"
            elif field.many_to_one or field.one_to_one:
                kind = "always"
            elif isinstance(field, models.JSONField):
                kind = "json"
            else:
                kind = "plain"
            self.fields.append((field.name, field.attname, kind, None))

    def create(self, values: dict) -> dict:
        diff = {}
        for name, attname, kind, constant in self.fields:
            if kind == "const":
                diff[name] = ["None", constant]
                continue
            value = values[attname]
            if kind == "json":
                new = json.dumps(value, sort_keys=True)
            else:
                new = plain(value)
                if kind == "plain" and new == "None":
                    continue  # unchanged from auditlog's "None" for a missing old value
            diff[name] = ["None", new]
        for name in self.mask:
            if name in diff:
                diff[name] = [mask_str(diff[name][0]), mask_str(diff[name][1])]
        return diff


class Emitter:
    """Writes the plans' rows into the loader's tables and makes their audit entries."""

    def __init__(self, loader, *, now, houses, authorities, groups, catalogue_id, rng):
        self.loader, self.now, self.rng = loader, now, rng
        self.authority_names = authorities  # id -> name
        self.groups = groups  # name -> id
        self.catalogue_id = catalogue_id
        self.model = {key: apps.get_model(label) for key, label in MODELS.items()}
        self.t = {key: loader.table(model) for key, model in self.model.items()}
        self.t["contributors"] = loader.table(self.model["dimensionscore"].contributors.through)
        self.ct = {key: ContentType.objects.get_for_model(model).pk for key, model in self.model.items()}
        self.changes = {key: Changes(model) for key, model in self.model.items() if auditlog.contains(model)}
        perms = Permission.objects.filter(content_type__app_label="concerns")
        self.perm = {p.codename: p.pk for p in perms}
        self.outcome_labels = {k: str(v) for k, v in PoliceCheck.Outcome.choices}
        self.source_labels = {k: str(v) for k, v in Source.choices}
        self.role_labels = {k: str(v) for k, v in Role.choices}
        self.houses = houses

    # --- rows ------------------------------------------------------------------------

    def row(self, key: str, values: dict) -> None:
        table = self.t[key]
        table.add([values[c] for c in table.columns])

    def assign_ids(self, cases: list[Case], meetings: list) -> None:
        """Ids in the order of the cases (each table's ids grow with its cases)."""
        take = {key: self.t[key].take_id for key in self.t}
        for meeting in meetings:
            meeting.id = take["meeting"]()
            for participant in meeting.participants:
                participant.append(take["participant"]())
            meeting.agenda = []
        for case in cases:
            case.id = take["concern"]()
            case.person["id"] = take["person"]()
            for obj in (
                *case.custody, *((case.check,) if case.check else ()), *case.requests, *case.items, *case.exchanges,
                *(s for e in case.exchanges for s in e.v["shared"]), *((case.withdrawal,) if case.withdrawal else ()),
                *case.analyses, *case.scores, *case.agenda, *((case.assessment,) if case.assessment else ()),
                *case.versions, *case.recommendations, *case.follow_ups, *case.notes,
            ):  # fmt: skip
                obj.id = take[obj.kind]()
            for item in case.agenda:
                agenda = item.v["meeting"].agenda
                agenda.append(item)
                item.v["position"] = len(agenda)

    def concern_values(self, case: Case) -> dict:
        intake = case.intake
        return {
            "id": case.id,
            "infohus_id": case.house.id,
            "case_number": case.case_number,
            "state": case.state,
            "owning_authority_id": case.owner_id,
            **intake,
            "created_by_id": case.recorder.user_id,
            "created_at": case.t0,
            "updated_at": case.updated_at,
            "submitted_at": case.submitted_at,
        }

    def values(self, case: Case, obj) -> dict:  # noqa: C901 – one branch per kind of row
        v, kind = obj.v, obj.kind
        common = {"id": obj.id}
        if kind == "custodyholder":
            return {**common, "person_id": case.person["id"], **v}
        if kind == "policecheck":
            return {**common, "concern_id": case.id, **v, "decided_by_id": obj.by.user_id, "decided_at": obj.t}
        if kind == "informationrequest":
            return {**common, "concern_id": case.id, **v, "requested_by_id": obj.by.user_id,
                    "requesting_authority_id": obj.by.authority_id, "requested_at": obj.t}  # fmt: skip
        if kind == "informationitem":
            request = v["request"]
            return {**common, "concern_id": case.id, "owning_authority_id": v["owning_authority"],
                    "source": v["source"], "source_name": v["source_name"], "text": v["text"],
                    "information_date": v["information_date"], "request_id": request.id if request else None,
                    "attachment": "", "attachment_name": "", "attachment_type": "", "attachment_size": None,
                    "recorded_by_id": obj.by.user_id, "recorded_at": obj.t}  # fmt: skip
        if kind == "exchange":
            return {**common, "concern_id": case.id, "from_authority_id": v["from_authority"],
                    "to_authority_id": v["to_authority"], "legal_basis_section": v["legal_basis_section"],
                    "legal_basis_number": v["legal_basis_number"], "purpose": v["purpose"],
                    "necessity": v["necessity"], "summary": v["summary"], "shared_by_id": obj.by.user_id,
                    "shared_at": obj.t, "revoked_by_id": v["revoked_by"].user_id if v["revoked_by"] else None,
                    "revoked_at": v["revoked_at"], "revoke_reason": v["revoke_reason"]}  # fmt: skip
        if kind == "exchangeitem":
            item = v["item"].v
            return {**common, "exchange_id": v["exchange"].id, "item_id": v["item"].id, "snapshot_text": item["text"],
                    "snapshot_information_date": item["information_date"], "snapshot_source": item["source"],
                    "snapshot_attachment_name": "", "snapshot_attachment_sha256": ""}  # fmt: skip
        if kind == "policewithdrawal":
            return {**common, "concern_id": case.id, **v, "decided_by_id": obj.by.user_id, "decided_at": obj.t}
        if kind == "analysis":
            return {**common, "concern_id": case.id, "catalogue_id": self.catalogue_id, "started_at": obj.t,
                    "closed_at": v["closed_at"], "closed_by_id": v["closed_by"]}  # fmt: skip
        if kind == "dimensionscore":
            return {**common, "analysis_id": v["analysis"].id, "dimension_id": v["dimension"], "status": v["status"],
                    "value": v["value"], "justification": v["justification"], "version": v["version"],
                    "updated_by_id": v["updated_by"], "updated_at": v["updated_at"]}  # fmt: skip
        if kind == "agendaitem":
            return {**common, "meeting_id": v["meeting"].id, "analysis_id": v["analysis"].id,
                    "position": v["position"], "outcome": v["outcome"]}  # fmt: skip
        if kind == "assessment":
            return {**common, "concern_id": case.id, "analysis_id": v["analysis"].id, "created_at": obj.t}
        if kind == "assessmentversion":
            return {**common, "assessment_id": case.assessment.id, "number": v["number"], "problems": v["problems"],
                    "resources": v["resources"], "conclusion": v["conclusion"], "outcome": v["outcome"],
                    "not_current_reason": v["not_current_reason"], "written_by_id": obj.by.user_id, "written_at": obj.t,
                    "municipal_approved_by_id": v["municipal_approved_by"],
                    "municipal_approved_at": v["municipal_approved_at"],
                    "police_approved_by_id": v["police_approved_by"], "police_approved_at": v["police_approved_at"]}  # fmt: skip
        if kind == "recommendation":
            return {**common, "version_id": v["version"].id, "addressee": v["addressee"], "department": v["department"],
                    "addressee_name": v["addressee_name"], "areas": v["areas"], "interventions": v["interventions"],
                    "details": v["details"], "follow_up_on": v["follow_up_on"]}  # fmt: skip
        if kind == "followup":
            return {**common, "recommendation_id": v["recommendation"].id, "concern_id": case.id,
                    "department": v["department"], "acknowledged_by_id": obj.by.user_id, "acknowledged_at": obj.t,
                    "intervention": v["intervention"], "started_on": v["started_on"], "ended_on": v["ended_on"],
                    "next_follow_up_on": v["next_follow_up_on"], "review_6_on": v["review_6_on"],
                    "review_12_on": v["review_12_on"]}  # fmt: skip
        if kind == "followupnote":
            return {**common, "follow_up_id": v["follow_up"].id, "text": v["text"], "written_by_id": obj.by.user_id,
                    "written_at": obj.t}  # fmt: skip
        raise ValueError(kind)

    # What a created object looked like before later steps changed it (its CREATE entry).
    INITIAL = {
        "concern": {"state": "draft", "submitted_at": None, "reporter_contact": ""},
        "informationrequest": {"received_at": None},
        "exchange": {"revoked_at": None, "revoked_by_id": None, "revoke_reason": ""},
        "dimensionscore": {
            "status": "",
            "value": None,
            "justification": "",
            "version": 0,
            "updated_by_id": None,
            "updated_at": None,
        },  # fmt: skip
        "analysis": {"closed_at": None, "closed_by_id": None},
        "agendaitem": {"outcome": "pending"},
        "assessmentversion": {
            "municipal_approved_by_id": None,
            "municipal_approved_at": None,
            "police_approved_by_id": None,
            "police_approved_at": None,
        },  # fmt: skip
        "followup": {
            "intervention": "",
            "started_on": None,
            "ended_on": None,
            "review_6_on": None,
            "review_12_on": None,
        },  # fmt: skip
        "meeting": {"state": "scheduled", "opened_at": None, "closed_at": None, "minutes": ""},
        "participant": {"joined_at": None, "confidentiality_confirmed_at": None},
    }

    def case_values(self, case: Case) -> dict:
        """Each row of the case by (kind, id), as column -> value."""
        values = {("concern", case.id): self.concern_values(case)}
        values[("person", case.person["id"])] = {
            "id": case.person["id"], "concern_id": case.id,
            **{k: case.person[k] for k in ("full_name", "cpr", "birth_date", "gender", "address")},
        }  # fmt: skip
        for obj in (
            *case.custody, *((case.check,) if case.check else ()), *case.requests, *case.items, *case.exchanges,
            *(s for e in case.exchanges for s in e.v["shared"]), *((case.withdrawal,) if case.withdrawal else ()),
            *case.analyses, *case.scores, *case.agenda, *((case.assessment,) if case.assessment else ()),
            *case.versions, *case.recommendations, *case.follow_ups, *case.notes,
        ):  # fmt: skip
            values[(obj.kind, obj.id)] = self.values(case, obj)
        return values

    def emit_case(self, case: Case) -> None:
        """Every row of the case: its records, its timeline and the grants on it."""
        house = case.house
        for (kind, _id), row in self.case_values(case).items():
            self.row(kind, row)
        timeline = self.t["timelineevent"]
        for at, by, action, frm, to, reason, changed, details, visible_to in case.timeline:
            if isinstance(reason, tuple):
                reason = self.exchange_reason(reason)
            if "exchange" in details:
                details = {"exchange": details["exchange"].id}
            timeline.add_row({
                "id": timeline.take_id(), "at": at, "actor_role": by.role, "from_state": frm, "to_state": to,
                "reason": reason, "changed_fields": changed, "actor_id": by.user_id, "concern_id": case.id,
                "action": action, "details": details, "visible_to_id": visible_to,
            })  # fmt: skip
        for obj, (role, department), codename in case.grants:
            group = self.groups[role_group_name(house.id, role, department)]
            key = "itemgrant" if obj is not case else "concerngrant"
            table = self.t[key]
            table.add_row({"id": table.take_id(), "content_object_id": obj.id if obj is not case else case.id,
                           "group_id": group, "permission_id": self.perm[codename]})  # fmt: skip

    def exchange_reason(self, reason: tuple) -> str:
        """The timeline's words for a § 115 exchange, as `concerns.services.gathering` writes them."""
        what, exchange = reason
        v = exchange.v
        to = self.authority_names[v["to_authority"]]
        if what == "revoked":
            return _("Sharing with %(to)s revoked: %(reason)s") % {"to": to, "reason": v["revoke_reason"]}
        basis = _("Administration of Justice Act § 115, section %(stk)s") % {"stk": v["legal_basis_section"]}
        if v["legal_basis_number"]:
            basis += _(", no. %(nr)s") % {"nr": v["legal_basis_number"]}
        count = len(v["items"])
        return ngettext(
            "%(count)s piece of information shared with %(to)s under %(basis)s.",
            "%(count)s pieces of information shared with %(to)s under %(basis)s.",
            count,
        ) % {"count": count, "to": to, "basis": basis}

    def emit_meeting(self, meeting) -> None:
        self.row("meeting", self.meeting_values(meeting))
        for member, invited, joined, external, pid in meeting.participants:
            self.row("participant", self.participant_values(meeting, member, invited, joined, external, pid))

    def meeting_values(self, meeting) -> dict:
        house = meeting.house
        closed = meeting.state == "closed"
        return {
            "id": meeting.id,
            "infohus_id": house.id,
            "starts_at": meeting.starts_at,
            "location": f"{house.town} Rådhus, mødelokale {1 + house.id % 4}",
            "video_link": f"https://moede.{house.domain}/infohus" if house.id % 3 == 0 else "",
            "state": meeting.state,
            "minutes": texts.MINUTES if closed else "",
            "created_by_id": meeting.created_by.user_id,
            "created_at": meeting.created_at,
            "opened_at": meeting.starts_at + 60 if meeting.state != "scheduled" else None,
            "closed_at": meeting.starts_at + 3 * 3600 if closed else None,
        }

    def participant_values(self, meeting, member, invited, joined, external, pid) -> dict:
        return {
            "id": pid,
            "meeting_id": meeting.id,
            "user_id": member.user_id,
            "authority_id": member.authority_id,
            "is_external": external,
            "invited_by_id": meeting.created_by.user_id,
            "invited_at": invited,
            "confidentiality_confirmed_at": joined,
            "joined_at": joined,
        }

    # --- audit entries ---------------------------------------------------------------

    def data(self, case: Case, key: tuple) -> str:
        """`get_additional_data()` as JSON; a case's few variants are worked out once."""
        found = case.cache.get(key)
        if found is None:
            data = {"infohus_id": case.house.id, "case_number": case.case_number, "owner_authority_id": case.owner_id}
            what = key[0]
            if what in ("owner", "exchange"):
                data["owner_authority_id"] = key[1]
            if what == "exchange":
                data["recipient_authority_id"] = key[2]
            if what in ("nobody", "score"):
                data["owner_authority_id"] = None
            if what == "score":
                data["shared_with_meeting"] = True
            if what == "meeting":
                data["meeting_id"] = key[1]
            found = case.cache[key] = as_json(data)
        return found

    def describe(self, case: Case, kind: str, obj) -> tuple[str, str]:  # noqa: C901 – one branch per model
        """(object_repr, additional_data as JSON) as the model's __str__ and get_additional_data give them."""
        if kind == "concern":
            return case.case_number, self.data(case, ("case",))
        v = getattr(obj, "v", None)
        if kind == "person":
            return case.person["full_name"] or "–", self.data(case, ("case",))
        if kind == "custodyholder":
            return v["full_name"], self.data(case, ("case",))
        if kind == "policecheck":
            return f"{case.case_number}: {self.outcome_labels[v['outcome']]}", self.data(case, ("case",))
        if kind == "informationrequest":
            return f"{case.case_number} – {self.source_labels[v['source']]}", self.data(case, ("case",))
        if kind == "informationitem":
            owner = v["owning_authority"]
            return f"#{obj.id} ({self.authority_names[owner]})", self.data(case, ("owner", owner))
        if kind in ("exchange", "exchangeitem"):
            exchange = obj if kind == "exchange" else v["exchange"]
            ev = exchange.v
            data = self.data(case, ("exchange", ev["from_authority"], ev["to_authority"]))
            if kind == "exchangeitem":
                return f"{exchange.id}/{v['item'].id}", data
            recipient = self.authority_names[ev["to_authority"]]
            return f"§ 115 #{exchange.id}: {self.authority_names[ev['from_authority']]} → {recipient}", data
        if kind == "policewithdrawal":
            return case.case_number, self.data(case, ("owner", case.house.police_id))
        if kind == "analysis":
            return f"{case.case_number} #{obj.id}", self.data(case, ("case",))
        if kind == "dimensionscore":
            return f"{v['analysis'].id}/{v['dimension']}", self.data(case, ("score",))
        if kind == "agendaitem":
            return f"{v['meeting'].id}/{v['position']}", self.data(case, ("meeting", v["meeting"].id))
        if kind == "assessment":
            return f"{case.case_number} #{obj.id}", self.data(case, ("nobody",))
        if kind == "assessmentversion":
            return f"{case.assessment.id} v{v['number']}", self.data(case, ("nobody",))
        if kind == "recommendation":
            return f"{v['version'].id}/{obj.id}", self.data(case, ("nobody",))
        if kind == "followup":
            return f"{case.case_number} – {v['recommendation'].id}", self.data(case, ("nobody",))
        if kind == "followupnote":
            return f"#{obj.id}", self.data(case, ("nobody",))
        raise ValueError(kind)

    def entry(self, t, actor, kind, action, pk, representation, data, changes=None) -> tuple[float, str]:
        """One audit line without its id: (timestamp, the rest of the COPY line)."""
        return (
            t,
            f"{pk}\t{pk if pk != '' else NULL}\t{text(representation)}\t{action}\t"
            f"{changes_json(changes) if changes is not None else NULL}\t{timestamp(t)}\t"
            f"{actor.user_id if actor else NULL}\t{self.ct[kind]}\t{actor.user.ip if actor else NULL}\t"
            f"{data if type(data) is str else as_json(data)}\t{NULL}\t{NULL}\t\t{NULL}\t{text(actor.user.email) if actor else NULL}\n",
        )

    def case_writes(self, case: Case, values: dict) -> list[tuple[float, str]]:
        entries = []
        for t, by, kind, action, obj, changes in case.writes:
            if kind == "concern":
                pk = case.id
            elif kind == "person":
                pk = case.person["id"]
            else:
                pk = obj.id
            representation, data = self.describe(case, kind, obj)
            if action == UPDATE:
                diff = {name: [plain(old), plain(new)] for name, (old, new) in changes.items()}
            else:
                row = values[(kind, pk)]
                initial = self.INITIAL.get(kind)
                if initial:
                    row = {**row, **initial}
                    if kind == "followup":
                        row["next_follow_up_on"] = obj.v["recommendation"].v["follow_up_on"]
                diff = self.changes[kind].create(row)
            entries.append(self.entry(t, by, kind, action, pk, representation, data, diff))
        return entries

    def meeting_writes(self, meeting) -> list[tuple[float, str]]:
        """Scheduling with the coordinators invited, guests, opening, the attendance, the
        minutes and closing, as `assessment.services.meeting` saves them."""
        house, by = meeting.house, meeting.created_by
        values = self.meeting_values(meeting)
        local = utc(meeting.starts_at).astimezone(LOCAL)
        representation = f"{house.id}/{local:%Y-%m-%d %H:%M}"
        data = {"infohus_id": house.id, "meeting_id": meeting.id}
        entries = [self.entry(meeting.created_at, by, "meeting", 0, meeting.id, representation, data,
                              self.changes["meeting"].create({**values, **self.INITIAL["meeting"]}))]  # fmt: skip
        part_data = {"infohus_id": house.id, "meeting_id": meeting.id, "owner_authority_id": None}
        for member, invited, joined, external, pid in meeting.participants:
            row = self.participant_values(meeting, member, invited, joined, external, pid)
            name = f"{member.user.full_name} ({self.authority_names[member.authority_id]})"
            create = self.changes["participant"].create({**row, **self.INITIAL["participant"]})
            entries.append(self.entry(invited, by, "participant", 0, pid, name, part_data, create))
            if joined is not None:
                diff = {"joined_at": ["None", naive(joined)], "confidentiality_confirmed_at": ["None", naive(joined)]}
                entries.append(self.entry(joined, member, "participant", 1, pid, name, part_data, diff))
        if values["opened_at"] is not None:
            opened = values["opened_at"]
            diff = {"state": ["scheduled", "open"], "opened_at": ["None", naive(opened)]}
            entries.append(self.entry(opened, by, "meeting", 1, meeting.id, representation, data, diff))
        if values["closed_at"] is not None:
            closed = values["closed_at"]
            diff = {"minutes": ["", values["minutes"]]}
            entries.append(self.entry(closed - 300, by, "meeting", 1, meeting.id, representation, data, diff))
            diff = {"state": ["open", "closed"], "closed_at": ["None", naive(closed)]}
            entries.append(self.entry(closed, by, "meeting", 1, meeting.id, representation, data, diff))
            # The meeting page read afterwards: the meeting and its attendance list.
            reader = self.rng.choice(house.mc)
            t = min(working(closed + self.rng.uniform(1, 7) * DAY, self.rng), self.now - 60)
            entries.append(self.entry(t, reader, "meeting", ACCESS, meeting.id, representation, data))
            for member, _invited, _joined, _external, pid in meeting.participants:
                name = f"{member.user.full_name} ({self.authority_names[member.authority_id]})"
                entries.append(self.entry(t, reader, "participant", ACCESS, pid, name, part_data))
        return entries

    @staticmethod
    def meeting_write_count(meeting, now) -> int:
        """How many entries `meeting_writes` gives (for the budget, before ids exist)."""
        count = 1 + len(meeting.participants) + sum(1 for p in meeting.participants if p[2] is not None)
        if meeting.state != "scheduled":
            count += 1
        if meeting.state == "closed":
            count += 2 + 1 + len(meeting.participants)  # minutes, closing, the read (if before now)
        return count

    def membership_writes(self, members) -> list[tuple[float, str]]:
        membership_changes = self.changes["membership"]
        entries = []
        for member in members:
            admins = [a for a in member.house.admins if a is not member]
            by = admins[0] if admins else None
            house = member.house
            row = {
                "id": member.id, "role": member.role, "user_id": member.user_id, "infohus_id": house.id,
                "authority_id": member.authority_id, "is_active": True, "created_at": member.created_at,
                "department": member.department, "approved_at": None, "approved_by_id": None, "requested_at": None,
                "requested_by_id": None, "shared_seen_at": None, "awaiting_approval": False,
            }  # fmt: skip
            name = f"{member.user.full_name} – {self.role_labels[member.role]} – {house.name}"
            data = {"infohus_id": house.id, "owner_authority_id": member.authority_id}
            entries.append(
                self.entry(
                    member.created_at, by, "membership", 0, member.id, name, data, membership_changes.create(row)
                )
            )
        return entries

    # --- reads ------------------------------------------------------------------------

    def case_reads(self, case: Case, count: int, rng) -> list[tuple[float, str]]:
        """`count` ACCESS entries: pages of the case read over its active life, each page
        one entry per object it showed (all at one moment, as `record_reads` writes them)."""
        if count <= 0:
            return []
        house = case.house
        end = min(self.now - 60, case.end + 30 * DAY)
        entries = []
        while len(entries) < count:
            t = min(working(rng.uniform(case.t0 + 60, max(case.t0 + 120, end)), rng), self.now - 30)
            t = max(t, case.t0 + 1)
            sides = [side for side in ("m", "p") if case.side_sees(side, t)]
            side = rng.choice(sides)
            reader = rng.choice(house.mc if side == "m" else house.pc)
            shown = [("concern", case, None)]
            state = case.state_at(t)
            exchanges = [
                e
                for e in case.exchanges
                if e.t <= t and reader.authority_id in (e.v["from_authority"], e.v["to_authority"])
            ]
            roll = rng.random()
            if state in GATHERING_ONWARDS and roll < 0.5:
                shown += [
                    ("informationitem", i, None) for i in case.items if i.t <= t and self.sees_item(case, i, side, t)
                ]
                shown += [("informationrequest", r, None) for r in case.requests if r.t <= t]
                shown += [("exchange", e, None) for e in exchanges]
            elif case.versions and case.versions[0].t <= t and roll < 0.8:
                workers = [f.by for f in case.follow_ups if f.t <= t and f.by.role == Role.CASEWORKER]
                if workers and rng.random() < 0.5:
                    reader = rng.choice(workers)
                shown += [("assessmentversion", v, None) for v in case.versions]
                shown += [("recommendation", r, None) for r in case.recommendations]
            else:
                shown += [("exchange", e, None) for e in exchanges]
            for kind, obj, _extra in shown[: count - len(entries)]:
                pk = case.id if kind == "concern" else obj.id
                representation, data = self.describe(case, kind, obj)
                entries.append(self.entry(t, reader, kind, ACCESS, pk, representation, data))
        return entries

    @staticmethod
    def sees_item(case: Case, item, side: str, t: float) -> bool:
        if item.by.side == side:
            return True
        return any(
            e.t <= t and e.v["to_side"] == side and item in e.v["items"] and (e.v["revoked_at"] or 1e12) > t
            for e in case.exchanges
        )

    def list_entry(self, t, house, reader, name, case) -> str:
        """`record_list_read`: one entry naming every case a list page showed."""
        side = reader.side
        police = side == "p"
        queue = name == "police_queue"
        shown = []
        for other in reversed(house.recent):
            if other.t0 > t:
                continue
            if other.side != side and (other.seen_by_police if police else other.seen_by_municipality) > t:
                continue
            if queue and not (other.submitted_at or 1e12) <= t < other.left_police:
                continue
            shown.append(other)
            if len(shown) == 25:
                break
        if not shown:
            shown = [case]
        cases = ", ".join(f'"{c.case_number}": {{"id": {c.id}, "owner": {c.owner_id}}}' for c in shown)
        owners = ", ".join(f'"{owner}": true' for owner in dict.fromkeys(c.owner_id for c in shown))
        data = (
            f'{{"infohus_id": {house.id}, "list": "{name}", "actor_authority_id": {reader.authority_id}, '
            f'"cases": {{{cases}}}, "owners": {{{owners}}}}}'
        )
        return self.entry(t, reader, "concern", ACCESS, "", f"{len(shown)} × concern", data)[1]


class AuditStream:
    """The audit log in time order: each story's entries wait, binned by the hour, until
    every story that starts earlier has been seen; then a bin is sorted, its entries get the
    next ids and go into the COPY."""

    BIN = 3600.0

    def __init__(self, table, copy, *, fixed_total: int, keep: int, loader, total: int, sink=None):
        """Into the COPY with ids, or (`sink`) as "time<TAB>line" into a file, for a merge."""
        self.table, self.copy, self.loader, self.sink = table, copy, loader, sink
        self.bins: dict[int, list] = {}
        self.next_bin = None
        self.seq = 0
        self.fixed_seen, self.fixed_total, self.keep = 0, max(fixed_total, 1), keep
        self.buffer = []
        self.written = 0
        self.total = total
        self.next_id = table.next_id
        self.lists = None  # the emitter, for list entries made when their moment comes
        self.report_every = max(total // 10, 1)
        self.started = loader.elapsed()

    def fixed(self, entries) -> None:
        """Entries of writes: thinned evenly when the budget is smaller than the history."""
        keep, total = self.keep, self.fixed_total
        for t, rest in entries:
            j = self.fixed_seen
            self.fixed_seen += 1
            if (j + 1) * keep // total > j * keep // total:
                self.push(t, rest)

    def push(self, t, rest) -> None:
        self.seq += 1
        key = int(t // self.BIN)
        found = self.bins.get(key)
        if found is None:
            self.bins[key] = [(t, self.seq, rest)]
        else:
            found.append((t, self.seq, rest))

    def advance(self, until: float) -> None:
        """Write every bin that ends before the hour of `until` (no later story adds to it)."""
        last = int(until // self.BIN) if until != float("inf") else None
        if self.next_bin is None:
            if not self.bins:
                return
            self.next_bin = min(self.bins)
        if last is None:
            keys = sorted(k for k in self.bins if k >= self.next_bin)
        else:
            if self.next_bin >= last:
                return
            keys = range(self.next_bin, last)
        bins = self.bins
        for key in keys:
            entries = bins.pop(key, None)
            if entries is None:
                continue
            entries.sort()
            buffer, sink = self.buffer, self.sink
            for t, _seq, rest in entries:
                if type(rest) is tuple:  # a list read, made now that the earlier cases exist
                    rest = self.lists.list_entry(t, *rest)
                if sink is None:
                    buffer.append(f"{self.next_id}\t{rest}")
                    self.next_id += 1
                else:
                    buffer.append(f"{t!r}\t{rest}")
            if len(self.buffer) >= 4000:
                self.flush()
        if last is not None:
            self.next_bin = last

    def flush(self) -> None:
        if not self.buffer:
            return
        if self.sink is not None:
            self.sink.write("".join(self.buffer))
            self.written += len(self.buffer)
            self.buffer = []
            return
        self.copy.write("".join(self.buffer))
        before = self.written
        self.written += len(self.buffer)
        self.buffer = []
        if before // self.report_every != self.written // self.report_every:
            seconds = self.loader.elapsed() - self.started
            self.loader.progress(f"auditlog_logentry ({self.written / self.total:.0%})", self.written, seconds)

    def finish(self) -> int:
        self.advance(float("inf"))
        self.flush()
        self.table.rows = self.written
        return self.written


def recent_deque():
    return deque(maxlen=120)
