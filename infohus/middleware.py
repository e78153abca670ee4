from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import resolve
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from infohus.memberships import active_memberships

SESSION_KEY = "active_membership_id"

# Pages a logged-in user may reach before choosing the Infohus they work in.
NO_MEMBERSHIP_NEEDED = {"login", "logout", "select_membership", "set_language"}


class ActiveMembershipMiddleware:
    """Attach the membership the user works in now (`request.membership`).

    A user with one membership works in it; a user with several picks one. Everything a
    page shows is scoped to that membership's Infohus and role.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        if request.user.is_authenticated:
            memberships = list(active_memberships(request.user))
            chosen = request.session.get(SESSION_KEY)
            request.membership = next((m for m in memberships if m.pk == chosen), None)
            if request.membership is None and len(memberships) == 1:
                request.membership = memberships[0]
                request.session[SESSION_KEY] = memberships[0].pk
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or request.membership is not None:
            return None
        match = resolve(request.path_info)
        if match.url_name in NO_MEMBERSHIP_NEEDED or match.namespace == "admin":
            return None
        return redirect("select_membership")


class UserErrorMiddleware:
    """Turn an error the user caused (a refused transition, a missing reason) into a Danish
    message on the page they came from. The service's transaction has rolled back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from concerns.errors import ConcernError

        if not isinstance(exception, ConcernError):
            return None
        messages.error(request, exception.message)
        for detail in exception.details:
            messages.warning(request, detail)
        back = request.headers.get("referer", "")
        if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
            return redirect(back)
        match = resolve(request.path_info)
        if "pk" in match.kwargs:
            return redirect(f"{match.namespace}:detail", match.kwargs["pk"])
        return redirect("home")


class LanguageMiddleware:
    """Danish unless the user chose English (the language cookie set by `set_language`).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and an English
    browser in a Danish municipality must still get the Danish UI.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ForwardedForMiddleware:
    """Trust X-Forwarded-For only behind our own reverse proxy (BEHIND_PROXY=1).

    The audit log's addresses and the login throttling read it; a client talking to the
    app directly could otherwise forge both.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.BEHIND_PROXY:
            request.META.pop("HTTP_X_FORWARDED_FOR", None)
            request.META.pop("HTTP_X_FORWARDED_PORT", None)
        return self.get_response(request)
