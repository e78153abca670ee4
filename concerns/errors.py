"""Errors a user can cause in a case. The base and the common ones are the floor's
(`infohus.errors`); services raise them and the view layer shows their message."""

from django.utils.translation import gettext_lazy as _

from infohus.errors import NotPermitted, TransitionNotAllowed, UserError

__all__ = ["IncompleteConcern", "NotPermitted", "TransitionNotAllowed", "UserError"]


class IncompleteConcern(UserError):
    default_message = _("The concern is not complete and cannot be submitted yet.")
