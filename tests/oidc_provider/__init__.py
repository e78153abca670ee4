"""A real OpenID Connect provider for the single-sign-on tests: django-oauth-toolkit in a
Django project and process of its own (its own database and users, like a broker), started
by `serve.py`. Test-only: nothing in the app imports it."""

# A provider account whose first name is this has an e-mail address the provider has not
# verified (`email_verified` false).
UNVERIFIED = "unverified"
