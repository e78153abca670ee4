from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.oidc_provider import UNVERIFIED


class ClaimsValidator(OAuth2Validator):
    """The `email` scope's claims, as a broker sends them (django-oauth-toolkit sends only
    `sub` by itself)."""

    def get_additional_claims(self, request):
        return {"email": request.user.email, "email_verified": request.user.first_name != UNVERIFIED}
