"""Redskab 4: the holistic assessment and the recommendation, in versions approved by both
sides, and the follow-up of the intervention by the caseworker."""

import calendar
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessment.models.meeting import Analysis
from concerns.models import Concern
from concerns.text import reject_html
from infohus.models import Department


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 August + 6 = 28/29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Assessment(models.Model):
    """The holistic assessment of one analysis (helhedsvurdering): written in versions."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="assessments")
    analysis = models.OneToOneField(Analysis, on_delete=models.PROTECT, related_name="assessment")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("holistic assessment")
        verbose_name_plural = _("holistic assessments")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.concern} #{self.pk}"

    def get_additional_data(self):
        return {**self.concern.get_additional_data(), "owner_authority_id": None}


class AssessmentVersion(models.Model):
    """One version of the text. Once both sides approve it, it is frozen: a later change
    makes a new version, and earlier ones stay readable."""

    class Outcome(models.TextChoices):
        RECOMMEND = "recommend", _("Recommendations")
        NOT_CURRENT = "not_current", _("Not current")

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    problems = models.TextField(_("main problems"), validators=[reject_html])
    resources = models.TextField(_("resources"), validators=[reject_html])
    conclusion = models.TextField(_("overall conclusion"), validators=[reject_html])
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    not_current_reason = models.TextField(_("why the concern is not current"), blank=True, validators=[reject_html])
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    municipal_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    municipal_approved_at = models.DateTimeField(null=True, blank=True)
    police_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    police_approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("version of the assessment")
        verbose_name_plural = _("versions of the assessment")
        ordering = ["assessment", "-number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "number"], name="version_once")]

    def __str__(self):
        return f"{self.assessment_id} v{self.number}"

    @property
    def is_approved(self) -> bool:
        return self.municipal_approved_at is not None and self.police_approved_at is not None

    @property
    def approved_at(self):
        return max(self.municipal_approved_at, self.police_approved_at) if self.is_approved else None

    @property
    def is_frozen(self) -> bool:
        """Approved by either side: a change now makes a new version, so nobody approves a
        text the other side changed after reading it."""
        return self.municipal_approved_at is not None or self.police_approved_at is not None

    def get_additional_data(self):
        return self.assessment.get_additional_data()


class LifeArea(models.TextChoices):
    FAMILY = "family", _("Family")
    SCHOOL = "school", _("School and education")
    WORK = "work", _("Work and employment")
    NETWORK = "network", _("Network and spare time")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    HOUSING = "housing", _("Housing")
    ONLINE = "online", _("Life online")
    CRIME = "crime", _("Crime")


class Intervention(models.TextChoices):
    CONVERSATION = "conversation", _("A conversation with the person and the family")
    MENTOR = "mentor", _("Mentor")
    EXIT = "exit", _("Exit programme")
    RELATIONSHIP = "relationship", _("Street-level relationship work")
    CHILD_INVESTIGATION = "child_investigation", _("Child investigation under Barnets Lov § 20")
    PSYCHIATRY = "psychiatry", _("Assessment or treatment in psychiatry")
    PREVENTIVE_TALK = "preventive_talk", _("Preventive talk with the police")
    OTHER = "other", _("Other")


class Recommendation(models.Model):
    """What one authority is recommended to do: the areas of life, the interventions and
    when to follow up. To the municipality it names the department that acts."""

    class Addressee(models.TextChoices):
        MUNICIPALITY = "municipality", _("The municipality")
        PSYCHIATRY = "psychiatry", _("Psychiatry")
        POLICE = "police", _("The police")
        PRISON_PROBATION = "prison_probation", _("Prison and Probation Service")
        OTHER = "other", _("Others")

    version = models.ForeignKey(AssessmentVersion, on_delete=models.CASCADE, related_name="recommendations")
    addressee = models.CharField(_("addressed to"), max_length=20, choices=Addressee.choices)
    department = models.CharField(_("department"), max_length=30, choices=Department.choices, blank=True)
    addressee_name = models.CharField(_("name of the unit"), max_length=200, blank=True, validators=[reject_html])
    areas = models.JSONField(_("areas of life"), default=list)
    interventions = models.JSONField(_("interventions"), default=list)
    details = models.TextField(_("what is recommended"), validators=[reject_html])
    follow_up_on = models.DateField(_("follow up by"))

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["version", "pk"]

    def __str__(self):
        return f"{self.version_id}/{self.pk}"

    @property
    def area_labels(self) -> list[str]:
        return [str(LifeArea(a).label) for a in self.areas if a in LifeArea.values]

    @property
    def intervention_labels(self) -> list[str]:
        return [str(Intervention(i).label) for i in self.interventions if i in Intervention.values]

    @property
    def concern(self) -> Concern:
        return self.version.assessment.concern

    @property
    def to(self) -> str:
        if self.addressee == self.Addressee.MUNICIPALITY and self.department:
            return f"{self.get_addressee_display()}, {self.get_department_display()}"
        return ", ".join(str(part) for part in (self.get_addressee_display(), self.addressee_name) if part)

    def get_additional_data(self):
        return self.version.get_additional_data()


class FollowUp(models.Model):
    """The caseworker's follow-up of a recommendation to their department."""

    recommendation = models.OneToOneField(Recommendation, on_delete=models.PROTECT, related_name="follow_up")
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="follow_ups")
    department = models.CharField(_("department"), max_length=30, choices=Department.choices)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(_("received"), default=timezone.now)
    intervention = models.TextField(_("the intervention"), blank=True, validators=[reject_html])
    started_on = models.DateField(_("started"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    next_follow_up_on = models.DateField(_("next follow-up"))
    # Reviews after the intervention ends (6 and 12 months is good practice abroad).
    review_6_on = models.DateField(_("review after 6 months"), null=True, blank=True)
    review_12_on = models.DateField(_("review after 12 months"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["next_follow_up_on"]

    def __str__(self):
        return f"{self.concern} – {self.recommendation_id}"

    @property
    def is_overdue(self) -> bool:
        return self.next_follow_up_on < timezone.localdate()

    def default_reviews(self):
        if self.ended_on:
            return add_months(self.ended_on, 6), add_months(self.ended_on, 12)
        return None, None

    def get_additional_data(self):
        return {**self.concern.get_additional_data(), "owner_authority_id": None}


class FollowUpNote(models.Model):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField(_("status"), validators=[reject_html])
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self):
        return f"#{self.pk}"

    def get_additional_data(self):
        return self.follow_up.get_additional_data()


class PoliceWithdrawal(models.Model):
    """The police withdraw a concern from the Infohus after the police check: it has become
    a security matter. The municipality's remaining social preventive duty is recorded as
    at the police check; the reason is the police's."""

    concern = models.OneToOneField(Concern, on_delete=models.PROTECT, related_name="police_withdrawal")
    from_state = models.CharField(max_length=32)
    reason = models.TextField(_("reason (seen only by the police)"), validators=[reject_html])
    social_duty_needed = models.BooleanField(_("the municipality still has a social preventive duty"))
    social_duty_description = models.TextField(
        _("the municipality's remaining social preventive work"), blank=True, validators=[reject_html]
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("withdrawal by the police")

    def __str__(self):
        return f"{self.concern}"

    def get_additional_data(self):
        # The police's record: the municipal data-protection officer does not see it.
        return {**self.concern.get_additional_data(), "owner_authority_id": self.concern.infohus.police_district_id}
