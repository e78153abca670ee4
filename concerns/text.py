import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from infohus.errors import UserError
from infohus.forms import LONG_TEXT_MAX, SHORT_TEXT_MAX

__all__ = ["LONG_TEXT_MAX", "SHORT_TEXT_MAX", "check_length", "reject_html"]

# A tag opener as a browser reads one: "<" directly followed by a letter, "/", "!" or "?"
# ("<p", "</", "<!--", "<script", "<?php"). A "<" followed by a space or a digit is text to a
# browser too, so prose passes: "a < b", "<3", "karakter < 7".
HTML_TAG = re.compile(r"<[a-zA-Z/!?]")


def reject_html(value: str) -> None:
    """Free text is stored and shown as text; markup in it is refused, not silently stripped."""
    if value and HTML_TAG.search(value):
        raise ValidationError(
            _("The text must not contain HTML or other markup (e.g. <b> or <script>)."),
            code="html",
        )


def check_length(limit: int, **texts: str) -> None:
    """For services: refuse free text over its limit, whatever form (or none) it came from;
    the form says the same at the field (`infohus.forms.TextLimit`)."""
    for text in texts.values():
        if text and len(text) > limit:
            raise UserError(
                _("Write at most %(limit_value)d characters here (the text has %(show_value)d).")
                % {"limit_value": limit, "show_value": len(text)}
            )
