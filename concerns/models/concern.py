"""The case up to the meeting: the concern (Redskab 1), the person, the police check."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from concerns.text import reject_html
from infohus.models import Authority, Infohus


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECEIVED = "received", _("Received")
    WITH_POLICE = "with_police", _("With the police")
    CLEARED = "cleared", _("Cleared for the Infohus")
    GATHERING = "gathering", _("Gathering information")
    READY_FOR_MEETING = "ready_for_meeting", _("Ready for meeting")
    ANALYSED = "analysed", _("Analysed")
    RECOMMENDED = "recommended", _("Recommendation given")
    NOT_CURRENT = "not_current", _("Not current")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    TAKEN_OVER_BY_POLICE = "taken_over_by_police", _("Taken over by the police")
    NOT_EXTREMISM = "not_extremism", _("Not an extremism concern")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    HOTLINE = "hotline", _("The national hotline")
    FORWARDED = "forwarded", _("Forwarded report")
    IN_PERSON = "in_person", _("In person")


class ExtremismKind(models.TextChoices):
    RIGHT_WING = "right_wing", _("Right-wing extremism")
    LEFT_WING = "left_wing", _("Left-wing extremism")
    MILITANT_ISLAMISM = "militant_islamism", _("Militant Islamism")
    OTHER = "other", _("Other/unclear")


class Observation(models.TextChoices):
    FIRST_HAND = "first_hand", _("First-hand (the reporter saw or heard it)")
    SECOND_HAND = "second_hand", _("Second-hand (the reporter was told)")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Unknown")


class CaseNumberSequence(models.Model):
    """The last running number used per Infohus and year (row-locked when a case is numbered)."""

    infohus = models.ForeignKey(Infohus, on_delete=models.PROTECT)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["infohus", "year"], name="one_sequence_per_year")]

    def __str__(self):
        return f"{self.infohus_id}/{self.year}: {self.last}"


class Concern(models.Model):
    """A concern about a person (Redskab 1), recorded by a coordinator of one authority."""

    # What Redskab 1 records and the coordinator fills in (the rest is set by the services).
    INTAKE_FIELDS = (
        "acute_danger",
        "received_via",
        "received_at",
        "reporter_anonymous",
        "reporter_name",
        "reporter_organisation",
        "reporter_contact",
        "reporter_informed",
        "description",
        "observed_on",
        "observation",
        "extremism_kind",
        "journal_number",
    )

    infohus = models.ForeignKey(Infohus, on_delete=models.PROTECT, related_name="concerns")
    case_number = models.CharField(_("case number"), max_length=20)
    state = models.CharField(_("state"), max_length=32, choices=State.choices, default=State.DRAFT)
    owning_authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by authority")
    )
    journal_number = models.CharField(
        _("municipal journal number"), max_length=60, blank=True, validators=[reject_html]
    )

    received_via = models.CharField(_("received via"), max_length=20, choices=Channel.choices, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    reporter_anonymous = models.BooleanField(_("the reporter is anonymous"), default=False)
    reporter_name = models.CharField(_("reporter's name"), max_length=200, blank=True, validators=[reject_html])
    reporter_organisation = models.CharField(
        _("reporter's organisation"), max_length=200, blank=True, validators=[reject_html]
    )
    reporter_contact = models.CharField(
        _("reporter's contact details"), max_length=200, blank=True, validators=[reject_html]
    )
    reporter_informed = models.BooleanField(
        _("the reporter was told how the concern will be handled"), null=True, blank=True
    )

    description = models.TextField(_("what was observed"), blank=True, validators=[reject_html])
    observed_on = models.DateField(_("when it was observed"), null=True, blank=True)
    observation = models.CharField(_("first- or second-hand"), max_length=20, choices=Observation.choices, blank=True)
    extremism_kind = models.CharField(_("kind of extremism"), max_length=30, choices=ExtremismKind.choices, blank=True)
    acute_danger = models.BooleanField(
        _("acute danger"),
        default=False,
        help_text=_("There is an immediate danger to someone's life or safety. Call the police on 112 (or 114) now."),
    )

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["infohus", "case_number"], name="unique_case_number_per_infohus"),
        ]
        indexes = [
            models.Index(fields=["infohus", "state", "submitted_at"]),
            # The concern list's default order: one page is read straight off the index.
            models.Index(fields=["infohus", "-received_at", "-id"], name="concern_list_order"),
            # The start page's "recent" list.
            models.Index(fields=["infohus", "-updated_at", "-id"], name="concern_recent_order"),
        ]

    def __str__(self):
        return self.case_number

    @property
    def is_urgent(self) -> bool:
        return self.acute_danger

    def get_additional_data(self):
        """Stored with every audit entry so the auditor filters without joins."""
        return {
            "infohus_id": self.infohus_id,
            "case_number": self.case_number,
            "owner_authority_id": self.owning_authority_id,
        }


class Person(models.Model):
    """The person the concern is about."""

    INTAKE_FIELDS = ("full_name", "cpr", "birth_date", "gender", "address")

    concern = models.OneToOneField(Concern, on_delete=models.CASCADE, related_name="person")
    full_name = models.CharField(_("name"), max_length=200, blank=True, validators=[reject_html])
    cpr = models.CharField(_("CPR number"), max_length=10, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True, validators=[reject_html])

    class Meta:
        verbose_name = _("person concerned")
        verbose_name_plural = _("persons concerned")
        indexes = [models.Index(fields=["cpr"]), models.Index(fields=["birth_date"])]

    def __str__(self):
        return self.full_name or "–"

    @property
    def formatted_cpr(self) -> str:
        return f"{self.cpr[:6]}-{self.cpr[6:]}" if self.cpr else ""

    def age_on(self, day: date) -> int | None:
        if not self.birth_date:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    @property
    def is_minor(self) -> bool:
        age = self.age
        return age is not None and age < 18

    def get_additional_data(self):
        return self.concern.get_additional_data()


class CustodyHolder(models.Model):
    """A holder of parental custody (forældremyndighedsindehaver) of a minor."""

    INTAKE_FIELDS = ("full_name", "relation", "contact")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="custody_holders")
    full_name = models.CharField(_("name"), max_length=200, validators=[reject_html])
    relation = models.CharField(_("relation"), max_length=100, blank=True, validators=[reject_html])
    contact = models.CharField(_("contact details"), max_length=200, blank=True, validators=[reject_html])

    class Meta:
        verbose_name = _("custody holder")
        verbose_name_plural = _("custody holders")
        ordering = ["pk"]

    def __str__(self):
        return self.full_name

    def get_additional_data(self):
        return self.person.concern.get_additional_data()


class PoliceCheck(models.Model):
    """The police coordinator's decision on a concern (step B)."""

    class Outcome(models.TextChoices):
        CLEARED = "cleared", _("Cleared for the Infohus")
        TAKEN_OVER = "taken_over", _("Taken over by the police as a security matter")
        NOT_EXTREMISM = "not_extremism", _("Not an extremism concern")

    concern = models.OneToOneField(Concern, on_delete=models.PROTECT, related_name="police_check")
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("reason"), validators=[reject_html])
    social_duty_needed = models.BooleanField(
        _("the municipality still has a social preventive duty"), null=True, blank=True
    )
    social_duty_description = models.TextField(
        _("the municipality's remaining social preventive work"), blank=True, validators=[reject_html]
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("police check")
        verbose_name_plural = _("police checks")

    def __str__(self):
        return f"{self.concern}: {self.get_outcome_display()}"

    def get_additional_data(self):
        return self.concern.get_additional_data()


class TimelineEvent(models.Model):
    """One line of a case's history: who did what, when.

    `action` is a stable dotted name that reads as a sentence (`concern.submitted`,
    `exchange.shared`, `request.answered`): the timeline's public API, written only through
    `concerns.timeline.record`, which lists every name.
    """

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="timeline")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(max_length=32)
    action = models.CharField(max_length=60)
    # Only this authority's users see the line (what it recorded for itself alone); empty:
    # everyone who may see the case.
    visible_to = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    from_state = models.CharField(max_length=32, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=32, choices=State.choices, blank=True)
    reason = models.TextField(blank=True)
    changed_fields = models.JSONField(default=list, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.concern} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def changed_labels(self) -> list[str]:
        """The edited fields as the reader's language names them (stored as field names)."""
        labels = []
        for name in self.changed_fields:
            if name == "custody_holders":
                labels.append(CustodyHolder._meta.verbose_name_plural)
            elif name.startswith("person."):
                labels.append(Person._meta.get_field(name.removeprefix("person.")).verbose_name)
            else:
                labels.append(Concern._meta.get_field(name).verbose_name)
        return [str(label) for label in labels]


class ConcernUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Concern, on_delete=models.CASCADE)


class ConcernGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Concern, on_delete=models.CASCADE)
