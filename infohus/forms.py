from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

DJANGO_BLANK = BLANK_CHOICE_DASH[0][1]


def _plain_blank_choice(field: forms.Field) -> None:
    """Say "Choose" where Django would show "---------" as a select's empty choice."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_BLANK:
            field.empty_label = _("Choose")
    elif isinstance(field, forms.ChoiceField) and not isinstance(field.widget, forms.RadioSelect):
        choices = list(field.choices)
        if any(value == "" and label == DJANGO_BLANK for value, label in choices):
            field.choices = [(value, _("Choose") if value == "" else label) for value, label in choices]


# Free text (a textarea) is limited well below the request limit: a description or an
# information text may be long, a reason or a purpose is a few sentences. The services
# check the same limits (`concerns.text.check_length`).
LONG_TEXT_MAX = 10_000
SHORT_TEXT_MAX = 2_000
SHORT_TEXT_FIELDS = frozenset(
    {
        "reason",
        "purpose",
        "necessity",
        "missing",
        "asked_for",
        "social_duty_description",
        "justification",
        "not_current_reason",
        "revoke_reason",
    }
)


class TextLimit(MaxLengthValidator):
    message = _("Write at most %(limit_value)d characters here (the text has %(show_value)d).")


def _limit_free_text(name: str, field: forms.Field) -> None:
    if isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea) and field.max_length is None:
        field.validators.append(TextLimit(SHORT_TEXT_MAX if name in SHORT_TEXT_FIELDS else LONG_TEXT_MAX))


class DesignSystemMixin:
    """Give widgets the DKFDS classes and free text its length limit. Django itself ties
    help texts to inputs (aria-describedby) and marks invalid inputs (aria-invalid)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            _plain_blank_choice(field)
            _limit_free_text(name, field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-checkbox"
                continue
            if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
