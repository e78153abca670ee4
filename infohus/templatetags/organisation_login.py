"""`{% organisation_login_url next as url %}`: where the login page's "log in with your
organisation's login" button leads, or "" when single sign-on is off (OIDC_ENABLED)."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def organisation_login_url(next_url: str = "") -> str:
    if not getattr(settings, "OIDC_ENABLED", False):
        return ""
    url = reverse("oidc_authentication_init")
    # The start view checks `next` before it keeps it (mozilla-django-oidc's get_next_url).
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url
