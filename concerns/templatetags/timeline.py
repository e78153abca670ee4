from django import template

from concerns import timeline

register = template.Library()


@register.filter
def sentence(event) -> str:
    """A timeline line as the reader's language says it: `{{ event|sentence }}`."""
    return timeline.describe(event)
