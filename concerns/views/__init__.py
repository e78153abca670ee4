from django.contrib import messages


def form_errors_as_messages(request, form) -> None:
    """Show a form's errors as messages, for small forms posted from another page."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
