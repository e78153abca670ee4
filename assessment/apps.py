from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Assessment")

    def ready(self):
        from auditlog.registry import auditlog

        from assessment import policy  # noqa: F401  registers the meeting's rules
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

        auditlog.register(Meeting)
        auditlog.register(AgendaItem)
        auditlog.register(Analysis)
        auditlog.register(Participant)
        auditlog.register(DimensionScore, m2m_fields={"contributors"})
        auditlog.register(OwnScore)
        auditlog.register(AuthorityNote)
        auditlog.register(MeetingShare)
        auditlog.register(Assessment)
        auditlog.register(AssessmentVersion)
        auditlog.register(Recommendation)
        auditlog.register(FollowUp)
        auditlog.register(FollowUpNote)
        auditlog.register(PoliceWithdrawal)
