"""Errors a user can cause: a refused action, a transition the case's state does not allow,
missing or wrong input. Services raise them and roll back; `describe` turns one into the
Danish message the user reads, for an HTTP page (UserErrorMiddleware) and for a WebSocket
message alike.
"""

from django.utils.translation import gettext_lazy as _


class UserError(Exception):
    default_message = _("The action could not be carried out.")

    def __init__(self, message=None, *, details=None):
        self.message = message or self.default_message
        self.details = list(details or [])
        super().__init__(str(self.message))


class NotPermitted(UserError):
    default_message = _("Your role may not do this.")


class TransitionNotAllowed(UserError):
    default_message = _("The case cannot be moved to that state from its current state.")


def describe(error: UserError) -> dict:
    """What the user is told: the message, and the details that say what to do about it.

    Rendered in the active language (Danish unless the user chose English), as plain
    strings, so the same dict serves a page's messages and a JSON WebSocket message.
    """
    return {"message": str(error.message), "details": [str(detail) for detail in error.details]}
