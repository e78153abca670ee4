from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfohusConfig(AppConfig):
    name = "infohus"
    verbose_name = _("Infohus")

    def ready(self):
        from auditlog.registry import auditlog

        from infohus.models import AuditQuery, Membership

        auditlog.register(Membership)
        auditlog.register(AuditQuery)
