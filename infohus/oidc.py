"""Single sign-on: logging in with the organisation's own login (OpenID Connect).

The documented extension point of issue 11, off unless `OIDC_ENABLED`. mozilla-django-oidc
runs the authorization-code flow (PKCE, nonce, RS256 through the provider's JWKS); this
module narrows it to what Infohus allows:

- SSO only *finds* a user: the verified `email` claim matched case-insensitively against an
  existing, active account. It never creates users, roles or memberships; administrators
  create them as before. An unknown, inactive or ambiguous identity is refused with a
  message on the login page.
- The ID token's issuer and audience are checked, and the userinfo answer must be about the
  same subject (mozilla-django-oidc checks neither, #340).
- An SSO login has passed the *password* step only: django-otp's middleware sees no device in
  the session, so `infohus.login_guard.SecondFactorMiddleware` sends it to the app's own
  second factor exactly like a password login (README, "Single sign-on").
"""

import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from infohus.second_factor import mark_authenticated_now

log = logging.getLogger("infohus.security")

# Set on the request when the provider proved an identity that has no active account here.
REFUSED = "organisation_login_refused"


class Refused(SuspiciousOperation):
    """The identity is genuine but may not log in here (mozilla-django-oidc turns a
    SuspiciousOperation while finding the user into "no user")."""


class OrganisationLoginBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        # Only the callback view calls with exactly these; a password login passes by.
        if request is None or set(kwargs) != {"nonce", "code_verifier"}:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, SuspiciousOperation, KeyError, ValueError) as exc:
            # Talking to the provider failed, or its token did not verify. No claim is
            # logged: they are personal data.
            log.warning("organisation login failed: %s", type(exc).__name__)
            return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("token from another issuer")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("token for another client")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("token authorised for another client")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        claims = super().get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: the userinfo's subject must be the ID token's.
        if not claims.get("sub") or claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo about another subject")
        return claims

    def verify_claims(self, claims):
        # Only an address the provider vouches for may pick an account here.
        if not claims.get("email") or claims.get("email_verified") not in (True, "true"):
            self._refuse("e-mail address not verified by the provider")
        return True

    def filter_users_by_claims(self, claims):
        users = list(super().filter_users_by_claims(claims)[:2])  # email__iexact
        if not users:
            self._refuse("no account with the e-mail address")
        if len(users) > 1:
            self._refuse("several accounts with the e-mail address")
        return users

    def update_user(self, user, claims):
        if not self.user_can_authenticate(user):
            self._refuse(f"user {user.pk} is not active")
        return user

    def create_user(self, claims):
        # Never reached with OIDC_CREATE_USER=False; refused here too, should that change.
        self._refuse("single sign-on never creates users")

    def get_user(self, user_id):
        # mozilla-django-oidc's returns inactive users too: a session logged in through it
        # would outlive the user's deactivation. ModelBackend's check, as for a password login.
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _refuse(self, reason: str):
        setattr(self.request, REFUSED, True)
        log.warning("organisation login refused: %s", reason)
        raise Refused(reason)


class OrganisationLoginCallbackView(OIDCAuthenticationCallbackView):
    def login_success(self):
        response = super().login_success()
        # The absolute session lifetime counts from here, as for a password login.
        mark_authenticated_now(self.request.session)
        log.info("organisation login: user %s passed the first step", self.user.pk)
        return response

    def login_failure(self):
        if getattr(self.request, REFUSED, False):
            messages.error(
                self.request,
                _(
                    "Your organisation's login knows you, but Infohus has no active user with your "
                    "e-mail address. Ask the administrator of your Infohus."
                ),
            )
        else:
            messages.error(
                self.request,
                _(
                    "Logging in with your organisation's login did not succeed. Try again, or log in with your password."
                ),
            )
        return redirect("login")


# Mounted by infohus/urls.py only when OIDC_ENABLED. The callback URL to register at the
# provider is /oidc/callback/. Both are open pages: the user is not logged in yet.
urlpatterns = [
    path(
        "oidc/authenticate/",
        login_not_required(OIDCAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        login_not_required(OrganisationLoginCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
]
