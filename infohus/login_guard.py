"""Two checks on a logged-in session before any page: it is younger than the absolute
lifetime, and it has passed the second factor.

django-otp has no site-wide check (only a view decorator), so this copies the shape of
Django's LoginRequiredMiddleware: a page marked `login_not_required` (the login page, the
accessibility statement, the privacy notice, an invitation link) stays open; every other
page, the technical admin site included, needs a verified session.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.urls import resolve
from django.utils.translation import gettext as _

from infohus.second_factor import session_outlived

# The steps between the password and the first page.
SECOND_FACTOR_STEPS = {"second_factor", "enrol_second_factor", "logout"}


class SessionRenewalMiddleware:
    """Move a session's idle deadline (SESSION_IDLE_MINUTES after the last request) on,
    saving the session at most once every SESSION_RENEW_SECONDS unless a page changed it.

    Django's SESSION_SAVE_EVERY_REQUEST writes the session row on every request, which
    halves the throughput of a page that does nothing else. Renewing once a minute lets
    the deadline fall at most that long before "idle minutes after the last request".
    Sits just inside SessionMiddleware, which saves what this marks."""

    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        if session.accessed and not session.is_empty():  # not for a page that never looked at it
            now = int(time.time())
            # A session a page changed is saved anyway: note the renewal it makes.
            if session.modified or now - session.get(self.KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[self.KEY] = now
        return response


class SessionLifetimeMiddleware:
    """Log out a session SESSION_ABSOLUTE_HOURS after its login, however active it was
    (the idle timeout, SESSION_IDLE_MINUTES, is the session cookie's own age)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and session_outlived(request.session):
            logout(request)
            messages.info(request, _("You have been logged out because you logged in too long ago. Log in again."))
        return self.get_response(request)


class SecondFactorMiddleware:
    """Send a session that has only passed the password to the second-factor step (or, for a
    user with no authenticator yet, to setting one up). Until then it works in no
    membership, so no menu or role shows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or request.user.is_verified():
            return None
        request.membership, request.membership_count = None, 0
        match = resolve(request.path_info)
        if match.url_name in SECOND_FACTOR_STEPS:
            return None
        if not getattr(view_func, "login_required", True) and match.namespace != "admin":
            return None  # a public page
        after = request.get_full_path() if request.method == "GET" else resolve_url("home")
        return redirect_to_login(after, resolve_url("second_factor"))
