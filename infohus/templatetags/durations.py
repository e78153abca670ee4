"""`{{ delta|whole_minutes }}`: a duration in whole minutes, rounded up (a wait of 14½
minutes is told as 15, never as a shorter wait than it is)."""

import math
from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def whole_minutes(value) -> int:
    if not isinstance(value, timedelta):
        return 0
    return max(1, math.ceil(value.total_seconds() / 60))
