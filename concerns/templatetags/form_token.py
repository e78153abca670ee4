"""`{% form_token "item" %}`: the hidden one-time token of a form that creates a record
(`concerns/views/once.py`)."""

from django import template
from django.utils.html import format_html

from concerns.views.once import FIELD, token_for

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context, form: str) -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token_for(context["request"], form))
