"""Redskab 3: the analysis meeting, its participants, and the dialogue tool's scores.

A meeting of an Infohus has an agenda of concerns; each agenda item carries the analysis
of one concern (an unfinished analysis carries over to the next meeting, with its
scores). The catalogue of the nine dimensions is versioned data; an analysis keeps the
version it was scored with.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concerns.models import Concern
from concerns.text import reject_html
from infohus.models import Authority, Infohus


class Catalogue(models.Model):
    """One version of the national tool's dialogue catalogue (loaded by migration)."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    published_on = models.DateField(_("published"))
    is_current = models.BooleanField(_("current"), default=False)

    class Meta:
        verbose_name = _("dimension catalogue")
        ordering = ["-published_on"]
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=models.Q(is_current=True), name="one_current")
        ]

    def __str__(self):
        return f"{self.title} ({self.version})"


class Dimension(models.Model):
    class Part(models.TextChoices):
        RISK = "risk", _("Risk and threat")
        RESILIENCE = "resilience", _("Wellbeing and resilience")

    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="dimensions")
    number = models.PositiveSmallIntegerField(_("number"))
    part = models.CharField(_("part"), max_length=20, choices=Part.choices)
    title = models.CharField(_("title"), max_length=200)
    # The label of each step 0–4: a concern scale for risk, a resources scale for resilience.
    scale = models.JSONField(_("scale"))
    attention_points = models.JSONField(_("points of attention"), default=list)

    class Meta:
        verbose_name = _("dimension")
        ordering = ["catalogue", "number"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "number"], name="dimension_once_per_catalogue")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def is_risk(self) -> bool:
        return self.part == self.Part.RISK


class Meeting(models.Model):
    """An analysis meeting of one Infohus (analysemøde)."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    infohus = models.ForeignKey(Infohus, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("date and time"))
    location = models.CharField(_("place"), max_length=200, blank=True, validators=[reject_html])
    video_link = models.URLField(
        _("video link"), blank=True, help_text=_("Only a link to the meeting: never personal data in it.")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SCHEDULED)
    minutes = models.TextField(_("minutes"), blank=True, validators=[reject_html])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["infohus", "state", "starts_at"])]

    def __str__(self):
        return f"{self.infohus_id}/{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    def get_additional_data(self):
        return {"infohus_id": self.infohus_id, "meeting_id": self.pk}


class Analysis(models.Model):
    """The scoring of one concern with one catalogue version, over one or more meetings."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="analyses")
    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("analysis")
        verbose_name_plural = _("analyses")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["concern"], condition=models.Q(closed_at__isnull=True), name="one_open_analysis_per_concern"
            )
        ]

    def __str__(self):
        return f"{self.concern} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def get_additional_data(self):
        return self.concern.get_additional_data()


class AgendaItem(models.Model):
    """A concern on a meeting's agenda, with the analysis it continues."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("On the agenda")
        ANALYSED = "analysed", _("Analysed")
        CARRIED_OVER = "carried_over", _("Carried over to the next meeting")
        REMOVED = "removed", _("Taken off the agenda")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda")
    analysis = models.ForeignKey(Analysis, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveIntegerField(_("order"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "analysis"], name="analysis_once_per_meeting")]

    def __str__(self):
        return f"{self.meeting_id}/{self.position}"

    @property
    def concern(self) -> Concern:
        return self.analysis.concern

    def get_additional_data(self):
        return {**self.analysis.get_additional_data(), "meeting_id": self.meeting_id}


class Participant(models.Model):
    """Someone invited to a meeting, on behalf of an authority: the attendance list
    (who, which authority, joined when) is part of the meeting record (notatpligt)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participations")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("authority"))
    is_external = models.BooleanField(_("external participant"), default=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    confidentiality_confirmed_at = models.DateTimeField(_("confirmed confidentiality"), null=True, blank=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["authority__name", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="invited_once")]

    def __str__(self):
        return f"{self.user} ({self.authority})"

    def get_additional_data(self):
        return {"infohus_id": self.meeting.infohus_id, "meeting_id": self.meeting_id, "owner_authority_id": None}


class DimensionScore(models.Model):
    """What the meeting agreed on one dimension. `version` refuses a stale change."""

    class Status(models.TextChoices):
        SCORED = "scored", _("Scored")
        NOT_ASSESSED = "not_assessed", _("Not assessed")
        UNKNOWN = "unknown", _("Unknown")  # not the same as 0

    analysis = models.ForeignKey(Analysis, on_delete=models.PROTECT, related_name="scores")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    justification = models.TextField(_("justification"), blank=True, validators=[reject_html])
    contributors = models.ManyToManyField(
        Authority, blank=True, related_name="+", verbose_name=_("authorities that contributed")
    )
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agreed score")
        verbose_name_plural = _("agreed scores")
        ordering = ["analysis", "dimension__number"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "dimension"], name="one_score_per_dimension"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__lte=4), name="score_is_0_to_4"
            ),
            models.CheckConstraint(
                condition=models.Q(status="scored", value__isnull=False)
                | (~models.Q(status="scored") & models.Q(value__isnull=True)),
                name="a_score_only_when_scored",
            ),
        ]

    def __str__(self):
        return f"{self.analysis_id}/{self.dimension_id}"

    @property
    def is_set(self) -> bool:
        return bool(self.status)

    def get_additional_data(self):
        return {**self.analysis.get_additional_data(), "owner_authority_id": None, "shared_with_meeting": True}


class OwnScore(models.Model):
    """A participant's own score before the meeting agrees, so disagreement shows."""

    analysis = models.ForeignKey(Analysis, on_delete=models.PROTECT, related_name="own_scores")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="own_scores")
    status = models.CharField(max_length=20, choices=DimensionScore.Status.choices)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["analysis", "dimension", "participant"], name="own_score_once"),
            models.CheckConstraint(
                condition=models.Q(status="scored", value__isnull=False, value__lte=4)
                | (~models.Q(status="scored") & models.Q(value__isnull=True)),
                name="own_score_is_0_to_4",
            ),
        ]

    def __str__(self):
        return f"{self.analysis_id}/{self.dimension_id}/{self.participant_id}"

    def get_additional_data(self):
        return {**self.analysis.get_additional_data(), "owner_authority_id": None, "shared_with_meeting": True}


class AuthorityNote(models.Model):
    """A note a participant keeps for their own authority: only that authority sees it."""

    analysis = models.ForeignKey(Analysis, on_delete=models.PROTECT, related_name="notes")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"), validators=[reject_html])
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("note for one's own authority")
        verbose_name_plural = _("notes for one's own authority")
        ordering = ["written_at", "pk"]

    def __str__(self):
        return f"#{self.pk} ({self.authority_id})"

    def get_additional_data(self):
        return {**self.analysis.get_additional_data(), "owner_authority_id": self.authority_id}


class Presence(models.Model):
    """Who is on an agenda item's page now, and which dimension they are editing: kept in
    the database so every worker sees the same list."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="presence")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=200, unique=True)
    connected_at = models.DateTimeField(default=timezone.now)
    editing = models.ForeignKey(Dimension, on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    def __str__(self):
        return self.channel_name


class MeetingShare(models.Model):
    """A § 115 exchange whose recipients are a meeting's participants (an exchange with no
    recipient authority): they see what it disclosed while the meeting is open."""

    exchange = models.OneToOneField("concerns.Exchange", on_delete=models.PROTECT, related_name="meeting_share")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="shares")

    class Meta:
        verbose_name = _("sharing with a meeting")

    def __str__(self):
        return f"{self.exchange_id} → {self.meeting_id}"

    def get_additional_data(self):
        return {**self.exchange.get_additional_data(), "meeting_id": self.meeting_id}
