"""What the data-protection officer's pages record themselves: case URLs a user was refused.

A refused lookup is a case URL (a concern, an item, a meeting, a recommendation, by id)
answered "not found" to a logged-in user: a stale link, or someone trying ids. Each is
kept as a `RefusedLookup`; when one user's reach `services.ALERT_AFTER` within
`services.ALERT_WINDOW`, a `RefusedLookupAlert` is written, and that is what the audit
log shows the officer of the user's own authority.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infohus.models import Authority, Infohus


class RefusedLookup(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    infohus = models.ForeignKey(Infohus, on_delete=models.PROTECT, related_name="+", null=True)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+", null=True)
    url_name = models.CharField(max_length=100)
    # Ids are no one's personal data; a URL never holds a name or a CPR number here.
    path = models.CharField(max_length=300)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "at"]), models.Index(fields=["at"])]

    def __str__(self):
        return f"{self.user_id} {self.path}"


class RefusedLookupAlert(models.Model):
    """One user's burst of refused lookups, as the audit log shows it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    infohus = models.ForeignKey(Infohus, on_delete=models.PROTECT, related_name="+", null=True)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+", null=True)
    first_at = models.DateTimeField(_("first attempt"))
    at = models.DateTimeField(_("time"), default=timezone.now)
    count = models.PositiveIntegerField(_("number of attempts"))
    paths = models.JSONField(_("addresses tried"), default=list)

    class Meta:
        verbose_name = _("attempt to open cases without access")
        verbose_name_plural = _("attempts to open cases without access")
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self):
        return f"#{self.pk} ({self.count})"

    def get_additional_data(self):
        # The user's own authority's officer sees it (the actor is one of its users).
        return {"infohus_id": self.infohus_id, "owner_authority_id": self.authority_id, "refused_count": self.count}


class RetentionAction(models.Model):
    """What `manage.py retention` did to one record when its deletion deadline passed.

    Audited, so the officers see it in the log; and the command's memory, so a daily run
    never does the same twice.
    """

    class Action(models.TextChoices):
        ANONYMISED = "anonymised", _("anonymised")
        FILE_DELETED = "file_deleted", _("file deleted")
        DELETED = "deleted", _("deleted")

    kind = models.CharField(_("kind of record"), max_length=40)
    target = models.CharField(_("type"), max_length=60)  # the model's label, e.g. "concerns.concern"
    object_pk = models.CharField(_("object"), max_length=40)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    infohus = models.ForeignKey(Infohus, on_delete=models.PROTECT, related_name="+", null=True)
    case_number = models.CharField(_("case number"), max_length=20, blank=True)
    owner_authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("owning authority")
    )
    recipient_authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("recipient authority")
    )
    due_since = models.DateTimeField(_("deadline passed"))
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("deletion under the retention rules")
        verbose_name_plural = _("deletions under the retention rules")
        constraints = [
            models.UniqueConstraint(fields=["kind", "target", "object_pk"], name="retention_once_per_record")
        ]

    def __str__(self):
        return f"{self.kind} {self.target}#{self.object_pk}"

    def get_additional_data(self):
        return {
            "infohus_id": self.infohus_id,
            "case_number": self.case_number,
            "owner_authority_id": self.owner_authority_id,
            "recipient_authority_id": self.recipient_authority_id,
            "retention_kind": self.kind,
        }
