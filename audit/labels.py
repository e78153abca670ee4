"""The names the data-protection officer reads in the log: object types and fields.

Kept here, not on the models, so the log can say things shortly ("frist", not the form's
question) and so a model without a translated name still reads in Danish. A test walks
every model registered with auditlog and every field it can record, so a new field
without a name here (or a translated verbose_name on the model) fails.
"""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assessment.models import (
    AgendaItem,
    Analysis,
    Assessment,
    AssessmentVersion,
    AuthorityNote,
    DimensionScore,
    FollowUp,
    FollowUpNote,
    Meeting,
    MeetingShare,
    OwnScore,
    Participant,
    PoliceWithdrawal,
    Recommendation,
)
from audit.models import RefusedLookupAlert, RetentionAction
from concerns.models import (
    Concern,
    CustodyHolder,
    Exchange,
    ExchangeItem,
    InformationItem,
    InformationRequest,
    Person,
    PoliceCheck,
)
from infohus.models import AuditQuery, Membership

# Singular and plural, as in "Læste bekymring" and "4 oplysninger".
MODEL_LABELS = {
    Membership: (_("membership"), _("memberships")),
    AuditQuery: (_("audit log search"), _("audit log searches")),
    Concern: (_("concern"), _("concerns")),
    Person: (_("person concerned"), _("persons concerned")),
    CustodyHolder: (_("custody holder"), _("custody holders")),
    PoliceCheck: (_("police check"), _("police checks")),
    InformationItem: (_("information item"), _("information items")),
    InformationRequest: (_("information request"), _("information requests")),
    Exchange: (_("§ 115 exchange"), _("§ 115 exchanges")),
    ExchangeItem: (_("shared information item"), _("shared information items")),
    Meeting: (_("meeting"), _("meetings")),
    AgendaItem: (_("agenda item"), _("agenda items")),
    Analysis: (_("analysis"), _("analyses")),
    Participant: (_("participant"), _("participants")),
    DimensionScore: (_("agreed score"), _("agreed scores")),
    OwnScore: (_("own score"), _("own scores")),
    AuthorityNote: (_("note for one's own authority"), _("notes for one's own authority")),
    MeetingShare: (_("sharing with a meeting"), _("sharings with a meeting")),
    Assessment: (_("holistic assessment"), _("holistic assessments")),
    AssessmentVersion: (_("version of the assessment"), _("versions of the assessment")),
    Recommendation: (_("recommendation"), _("recommendations")),
    FollowUp: (_("follow-up"), _("follow-ups")),
    FollowUpNote: (_("follow-up note"), _("follow-up notes")),
    PoliceWithdrawal: (_("withdrawal by the police"), _("withdrawals by the police")),
    RefusedLookupAlert: (_("attempt to open cases without access"), _("attempts to open cases without access")),
    RetentionAction: (_("deletion under the retention rules"), _("deletions under the retention rules")),
}

# The kinds of record of settings.RETENTION, as the log names them.
RETENTION_LABELS = {
    "concern_not_extremism": _("the case was found not to be an extremism concern"),
    "concern_not_current": _("the case was found not current"),
    "concern_withdrawn": _("the case was withdrawn"),
    "concern_closed": _("the case was closed"),
    "attachment": _("the attachment of an ended case"),
    "exchange": _("a § 115 exchange"),
    "meeting_record": _("the minutes of a meeting"),
}


def retention_label(kind: str) -> str:
    return str(RETENTION_LABELS.get(kind, _("(other kind)")))


ACTION_LABELS = {
    LogEntry.Action.CREATE: _("Created"),
    LogEntry.Action.UPDATE: _("Changed"),
    LogEntry.Action.DELETE: _("Deleted"),
    LogEntry.Action.ACCESS: _("Read"),
}

# Technical fields: nothing for the auditor to judge (the row's own id, a lock counter).
HIDDEN = object()

# Fields with the same meaning wherever they occur.
COMMON_FIELDS = {
    "id": HIDDEN,
    "concern": _("case"),
    "infohus": _("Infohus"),
    "authority": _("authority"),
    "meeting": _("meeting"),
    "analysis": _("analysis"),
    "dimension": _("dimension"),
    "participant": _("participant"),
    "created_by": _("created by"),
    "created_at": _("created"),
    "updated_by": _("changed by"),
    "updated_at": _("last changed"),
    "written_by": _("written by"),
    "written_at": _("written"),
    "decided_by": _("decided by"),
    "decided_at": _("decided"),
    "closed_by": _("closed by"),
    "closed_at": _("closed"),
}

# Per model: where the common name does not fit, or the model's own name is missing or a
# form's question rather than a name.
FIELD_LABELS = {
    # Written by an administrator's reset (infohus/second_factor.py), not a model field.
    Membership: {"second_factor": _("second login factor")},
    AuditQuery: {
        "membership": _("membership"),
        "at": _("time"),
        "criteria": _("search criteria"),
        "result_count": _("number of results"),
        "exported": _("exported"),
    },
    Concern: {
        "case_number": _("case number"),
        "state": _("status"),
        "received_via": _("received via"),
        "received_at": _("received at"),
        "reporter_anonymous": _("the reporter is anonymous"),
        "reporter_informed": _("reporter informed"),
        "description": _("description"),
        "observed_on": _("observed on"),
        "observation": _("first- or second-hand"),
        "submitted_at": _("submitted"),
    },
    CustodyHolder: {"person": _("person concerned")},
    InformationRequest: {
        "source": _("authority asked"),
        "requested_by": _("requested by"),
        "received_at": _("answer arrived"),
        "due_on": _("deadline"),
    },
    InformationItem: {
        "text": _("text of the information"),
        "attachment_name": _("attachment's file name"),
        "attachment_type": _("attachment's file type"),
        "attachment_size": _("attachment's size"),
        "recorded_by": _("recorded by"),
        "recorded_at": _("recorded"),
    },
    Exchange: {
        "from_authority": _("from authority"),
        "to_authority": _("to authority"),
        "necessity": _("necessity"),
        "shared_by": _("shared by"),
        "shared_at": _("shared"),
        "revoked_by": _("revoked by"),
        "revoked_at": _("revoked"),
        "revoke_reason": _("reason for revoking"),
    },
    ExchangeItem: {
        "exchange": _("§ 115 exchange"),
        "item": _("information item"),
        "snapshot_text": _("copy of the information"),
        "snapshot_information_date": _("date of the information (copy)"),
        "snapshot_source": _("contributed by (copy)"),
        "snapshot_attachment_name": _("attachment's file name (copy)"),
        "snapshot_attachment_sha256": _("fingerprint of the attachment"),
    },
    Meeting: {"opened_at": _("opened")},
    Analysis: {"catalogue": _("dimension catalogue"), "started_at": _("started")},
    Participant: {
        "user": _("user"),
        "invited_by": _("invited by"),
        "invited_at": _("invited"),
    },
    DimensionScore: {"version": HIDDEN},
    OwnScore: {"status": _("status"), "value": _("score")},
    MeetingShare: {"exchange": _("§ 115 exchange")},
    Assessment: {},
    AssessmentVersion: {
        "assessment": _("holistic assessment"),
        "municipal_approved_by": _("approved for the municipality by"),
        "municipal_approved_at": _("approved by the municipality"),
        "police_approved_by": _("approved for the police by"),
        "police_approved_at": _("approved by the police"),
    },
    Recommendation: {"version": _("version of the assessment")},
    FollowUp: {"recommendation": _("recommendation"), "acknowledged_by": _("received by")},
    FollowUpNote: {"follow_up": _("follow-up"), "text": _("status")},
    PoliceWithdrawal: {"from_state": _("status before"), "reason": _("reason")},
}


def model_label(model, count: int = 1) -> str:
    """ "bekymring", or "4 oplysninger" for a count above one."""
    singular, plural = MODEL_LABELS.get(model, (None, None))
    if singular is None:
        meta = getattr(model, "_meta", None)
        singular, plural = (meta.verbose_name, meta.verbose_name_plural) if meta else (_("object"), _("objects"))
    return str(singular) if count == 1 else f"{count} {plural}"


def field_label(model, name: str):
    """The Danish name of a field, HIDDEN for a technical one, None if it has none."""
    label = FIELD_LABELS.get(model, {}).get(name) or COMMON_FIELDS.get(name)
    if label is not None:
        return label
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:  # removed since the entry was written
        return None
    if model_field.auto_created and not model_field.concrete:
        # A reverse relation: auditlog writes its manager's name into a creation entry.
        return HIDDEN
    verbose = model_field.verbose_name
    # Only a translated name: Django's fallback is the field's identifier.
    return verbose if isinstance(verbose, Promise) else None


def field_labels(model, names) -> list[str]:
    """The readable names of the fields an entry changed, technical ones left out; a field
    with no name (removed, or new and unnamed) is shown as "(other field)", never raw."""
    labels = []
    for name in names:
        label = field_label(model, name) if model else None
        if label is HIDDEN:
            continue
        labels.append(str(label) if label is not None else str(_("(other field)")))
    return list(dict.fromkeys(labels))


def loggable_fields(model) -> list[str]:
    """Every field name auditlog can record for a registered model."""
    config = auditlog._registry[model]
    names = [f.name for f in model._meta.concrete_fields]
    if config["include_fields"]:
        names = [n for n in names if n in config["include_fields"]]
    names = [n for n in names if n not in config["exclude_fields"]]
    return names + sorted(config["m2m_fields"])
