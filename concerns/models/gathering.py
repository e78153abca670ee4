"""Redskab 2: the authorities to involve, the information they contribute, and the
§ 115 exchanges that carry information from one data controller to the other."""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from concerns.models.concern import Concern
from concerns.text import reject_html
from infohus.models import Authority


class Source(models.TextChoices):
    """Who can contribute information (Redskab 2's overview of authorities)."""

    POLICE = "police", _("Police")
    CHILDREN_FAMILY = "children_family", _("Children and family services")
    ADULT_SOCIAL = "adult_social", _("Adult social services")
    EDUCATION = "education", _("School/education")
    JOBCENTER = "jobcenter", _("Jobcenter")
    PSYCHIATRY = "psychiatry", _("Psychiatry")
    PRISON_PROBATION = "prison_probation", _("Prison and Probation Service")
    OTHER = "other", _("Others")


class PrivateStorage(FileSystemStorage):
    """Attachments live under MEDIA_ROOT, outside the web root, with no URL of their own:
    they are served only through the permission-checked download view."""

    def url(self, name):
        raise NotImplementedError("Attachments are served only through the permission-checked view.")


private_storage = PrivateStorage()


def attachment_path(instance, filename):
    # The stored name carries no personal data: the original name is kept in the row.
    return f"attachments/{instance.concern.infohus_id}/{uuid.uuid4().hex}"


class InformationRequest(models.Model):
    """An authority asked to check its records and contribute to the analysis.

    The overview is the coordinators' joint plan, visible to both sides of the case;
    what arrives is recorded as owned information items.
    """

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="requests")
    source = models.CharField(_("authority"), max_length=30, choices=Source.choices)
    source_name = models.CharField(
        _("name of the unit"),
        max_length=200,
        blank=True,
        validators=[reject_html],
        help_text=_("E.g. the school's name or the department."),
    )
    asked_for = models.TextField(_("what they are asked for"), validators=[reject_html])
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requesting_authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("asked by authority")
    )
    requested_at = models.DateTimeField(_("asked on"), default=timezone.now)
    due_on = models.DateField(_("answer wanted by"), null=True, blank=True)
    received_at = models.DateTimeField(_("arrived"), null=True, blank=True)

    class Meta:
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        ordering = ["requested_at", "pk"]

    def __str__(self):
        return f"{self.concern} – {self.get_source_display()}"

    @property
    def is_open(self) -> bool:
        return self.received_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()

    def get_additional_data(self):
        return self.concern.get_additional_data()


class InformationItem(models.Model):
    """What one authority contributed. Owned by the municipality or the police: only the
    owner's users see it, others only once it is shared through a § 115 exchange."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="items")
    owning_authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("owning authority")
    )
    source = models.CharField(_("contributed by"), max_length=30, choices=Source.choices)
    source_name = models.CharField(_("name of the unit"), max_length=200, blank=True, validators=[reject_html])
    text = models.TextField(_("information"), validators=[reject_html])
    information_date = models.DateField(_("date of the information"))
    request = models.ForeignKey(
        InformationRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("answers the request"),
    )
    attachment = models.FileField(_("attachment"), storage=private_storage, upload_to=attachment_path, blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment_size = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("information item")
        verbose_name_plural = _("information items")
        ordering = ["information_date", "pk"]

    def __str__(self):
        # Shown in the audit log: an id and the owner, never the content.
        return f"#{self.pk} ({self.owning_authority})"

    def get_additional_data(self):
        return {**self.concern.get_additional_data(), "owner_authority_id": self.owning_authority_id}


class Exchange(models.Model):
    """One disclosure under retsplejelovens § 115, from one data controller to another.

    The record stays when sharing is revoked: revoking stops future access only.
    """

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="exchanges")
    from_authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    # Empty when the recipients are a meeting's participants (assessment.MeetingShare).
    to_authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("to"), null=True, blank=True
    )
    items = models.ManyToManyField(InformationItem, through="ExchangeItem", related_name="exchanges")
    legal_basis_section = models.PositiveSmallIntegerField(_("section (stk.)"))
    legal_basis_number = models.PositiveSmallIntegerField(_("number (nr.)"), null=True, blank=True)
    purpose = models.TextField(_("purpose"), validators=[reject_html])
    necessity = models.TextField(_("why it is necessary"), validators=[reject_html])
    summary = models.TextField(
        _("summary of the concern"),
        blank=True,
        validators=[reject_html],
        help_text=_("What of Redskab 1 is disclosed with the items, e.g. to a meeting's participants."),
    )
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField(blank=True, validators=[reject_html])

    class Meta:
        verbose_name = _("§ 115 exchange")
        verbose_name_plural = _("§ 115 exchanges")
        ordering = ["-shared_at", "-pk"]

    def __str__(self):
        return f"§ 115 #{self.pk}: {self.from_authority} → {self.recipient}"

    @property
    def recipient(self) -> str:
        return str(self.to_authority) if self.to_authority_id else str(_("the meeting's participants"))

    @property
    def legal_basis(self) -> str:
        basis = _("Administration of Justice Act § 115, section %(stk)s") % {"stk": self.legal_basis_section}
        if self.legal_basis_number:
            basis += _(", no. %(nr)s") % {"nr": self.legal_basis_number}
        return basis

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def get_additional_data(self):
        return {
            **self.concern.get_additional_data(),
            "owner_authority_id": self.from_authority_id,
            "recipient_authority_id": self.to_authority_id,
        }


class ExchangeItem(models.Model):
    """One item in an exchange, with a snapshot of exactly what was disclosed."""

    exchange = models.ForeignKey(Exchange, on_delete=models.PROTECT, related_name="shared_items")
    item = models.ForeignKey(InformationItem, on_delete=models.PROTECT, related_name="+")
    snapshot_text = models.TextField()
    snapshot_information_date = models.DateField()
    snapshot_source = models.CharField(max_length=30, choices=Source.choices)
    snapshot_attachment_name = models.CharField(max_length=255, blank=True)
    snapshot_attachment_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["exchange", "item"], name="item_once_per_exchange")]

    def __str__(self):
        return f"{self.exchange_id}/{self.item_id}"

    def get_additional_data(self):
        return self.exchange.get_additional_data()


class InformationItemUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(InformationItem, on_delete=models.CASCADE)


class InformationItemGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(InformationItem, on_delete=models.CASCADE)
