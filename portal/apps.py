from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top of the stack: the start page every role lands on, and the demo data, both of
    which span every app."""

    name = "portal"
    verbose_name = _("Start page")
