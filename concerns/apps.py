from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "concerns"
    verbose_name = _("Concerns")

    def ready(self):
        from auditlog.registry import auditlog

        from concerns import policy  # noqa: F401  registers the case's rules and grants
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

        auditlog.register(Concern, exclude_fields=["updated_at"])
        # The CPR number is masked in the change log; the auditor finds a person through
        # the case records, not through the log's copies.
        auditlog.register(Person, mask_fields=["cpr"])
        auditlog.register(CustodyHolder)
        auditlog.register(PoliceCheck)
        auditlog.register(InformationRequest)
        auditlog.register(InformationItem)
        auditlog.register(Exchange)
        auditlog.register(ExchangeItem)
