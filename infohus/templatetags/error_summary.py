"""The DKFDS error summary: every error of a page's forms, each linking to its field."""

from django import forms, template

register = template.Library()

MULTIPLE_CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _anchor(bound_field) -> str:
    """The id of the input the link focuses: the first option of a radio or checkbox group."""
    if isinstance(bound_field.field.widget, MULTIPLE_CHOICE_WIDGETS):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


def _form_errors(form, fallback_anchor: str):
    for error in form.non_field_errors():
        yield {"anchor": fallback_anchor, "label": "", "message": error}
    for name, errors in form.errors.items():
        if name not in form.fields:
            continue
        bound_field = form[name]
        for error in errors:
            yield {"anchor": _anchor(bound_field), "label": bound_field.label, "message": error}


def errors_of(*forms_or_formsets, fallback_anchor: str = "main-content") -> list[dict]:
    entries = []
    for candidate in forms_or_formsets:
        if not getattr(candidate, "is_bound", False):  # a missing variable renders as ""
            continue
        if isinstance(candidate, forms.BaseFormSet):
            for error in candidate.non_form_errors():
                entries.append({"anchor": fallback_anchor, "label": "", "message": error})
            for form in candidate.forms:
                entries.extend(_form_errors(form, fallback_anchor))
        else:
            entries.extend(_form_errors(candidate, fallback_anchor))
    return entries


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_or_formsets, anchor: str = "main-content"):
    """`{% error_summary form other_form formset %}`: nothing when there are no errors."""
    return {"errors": errors_of(*forms_or_formsets, fallback_anchor=anchor)}
