"""`{{ value|machine_time }}`: a `<time datetime>` value the HTML standard accepts (whole
seconds and a zone offset; Django's "c" format adds microseconds, which it does not)."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def machine_time(value) -> str:
    if not value:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    return value.isoformat()
