"""Errors a user can cause. Services raise them; the view layer shows their message."""

from django.utils.translation import gettext_lazy as _


class ConcernError(Exception):
    default_message = _("The action could not be carried out.")

    def __init__(self, message=None, *, details=None):
        self.message = message or self.default_message
        self.details = details or []
        super().__init__(str(self.message))


class NotPermitted(ConcernError):
    default_message = _("Your role may not do this.")


class TransitionNotAllowed(ConcernError):
    default_message = _("The case cannot be moved to that state from its current state.")


class IncompleteConcern(ConcernError):
    default_message = _("The concern is not complete and cannot be submitted yet.")
