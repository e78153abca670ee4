import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A tag opener: "<p", "</", "<!--", "<script". A plain "<" in prose ("under 5 < 6") passes.
HTML_TAG = re.compile(r"<\s*[a-zA-Z/!?]")


def reject_html(value: str) -> None:
    """Free text is stored and shown as text; markup in it is refused, not silently stripped."""
    if value and HTML_TAG.search(value):
        raise ValidationError(
            _("The text must not contain HTML or other markup (e.g. <b> or <script>)."),
            code="html",
        )
