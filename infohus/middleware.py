from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import resolve
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from infohus.errors import UserError, describe
from infohus.memberships import resolve_active_membership, resolve_connection_membership

# Pages a logged-in user may reach before choosing the Infohus they work in.
NO_MEMBERSHIP_NEEDED = {
    "login",
    "logout",
    "select_membership",
    "set_language",
    "accessibility",
    "privacy",
    "second_factor",
    "enrol_second_factor",
    # Single sign-on's start and return (infohus/oidc.py), when it is switched on.
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "healthz",
}


class ActiveMembershipMiddleware:
    """Attach the membership the user works in now (`request.membership`).

    A user with one membership works in it; a user with several picks one. Everything a
    page shows is scoped to that membership's Infohus and role.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership, request.membership_count = resolve_active_membership(request.user, request.session)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or request.membership is not None:
            return None
        match = resolve(request.path_info)
        if match.url_name in NO_MEMBERSHIP_NEEDED or match.namespace == "admin":
            return None
        return redirect("select_membership")


class MembershipScopeMiddleware(BaseMiddleware):
    """The WebSocket twin of ActiveMembershipMiddleware: `scope["membership"]` is the
    membership the session works in, resolved by the same function as a page's.

    Sits inside channels' AuthMiddlewareStack, which provides `scope["user"]` and
    `scope["session"]`. A consumer asks the policy with it, as a view does. The connection
    outlives a request: a consumer re-resolves the membership (a deactivated one must stop
    working) and calls `policy.forget_all` before each message it acts on.
    """

    async def __call__(self, scope, receive, send):
        resolved = await database_sync_to_async(resolve_connection_membership)(scope.get("user"), scope["session"])
        scope = dict(scope, membership=resolved.membership)
        return await super().__call__(scope, receive, send)


def show_user_error(request, error: UserError) -> None:
    """The one place an HTTP response tells the user about an error they caused."""
    described = describe(error)
    messages.error(request, described["message"])
    for detail in described["details"]:
        messages.warning(request, detail)


class UserErrorMiddleware:
    """Turn an error the user caused (a refused transition, a missing reason) into a Danish
    message on the page they came from. The service's transaction has rolled back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UserError):
            return None
        show_user_error(request, exception)
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


class NoStoreMiddleware:
    """Keep case and log data out of the browser's cache: Infohus runs on shared PCs, where
    the next user must not find a case page under Back or in the cache on disk.

    Every response to a logged-in user, and every HTML page, is sent `Cache-Control:
    no-store` (with `Pragma: no-cache` for old proxies). Static files are left alone: they
    hold no case data and are meant to be cached (in production nginx serves them, and
    `runserver`'s static handler never reaches the middleware anyway).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
            return response
        user = getattr(request, "user", None)
        html = response.get("Content-Type", "").startswith("text/html")
        if (user is not None and user.is_authenticated) or html:
            if "no-store" not in response.get("Cache-Control", ""):
                response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
