from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The data-protection officer's pages: the audit log and the § 115 exchanges, as
    metadata. On top of the case apps, whose records it reads."""

    name = "audit"
    verbose_name = _("Audit")

    def ready(self):
        from auditlog.registry import auditlog

        from audit.models import RefusedLookupAlert, RetentionAction

        # Its creation is the log line the officer reads; the single refusals are kept apart.
        auditlog.register(RefusedLookupAlert)
        auditlog.register(RetentionAction)
