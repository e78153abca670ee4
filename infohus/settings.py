"""Settings for Infohus, read from environment variables in one place.

Local defaults work for `make run` (SQLite, DEBUG on). Production sets DEBUG=0,
SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and REDIS_URL; see the README.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = [h.strip() for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env_str("CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "guardian",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_htmx",
    "channels",
    "infohus",
    "concerns",
    "assessment",
    "audit",
    "portal",
]

MIDDLEWARE = [
    "infohus.middleware.ForwardedForMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outermost but two: sees every answer, the lockout and error pages included.
    "infohus.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "infohus.login_guard.SessionRenewalMiddleware",
    "infohus.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Logged out SESSION_ABSOLUTE_HOURS after login; then django-otp's `user.is_verified()`.
    "infohus.login_guard.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the password, the second factor: before choosing a membership.
    "infohus.login_guard.SecondFactorMiddleware",
    "infohus.middleware.ActiveMembershipMiddleware",
    "infohus.middleware.UserErrorMiddleware",
    # Records case URLs answered 404 (someone trying ids); inside auditlog's, for the actor.
    "audit.middleware.RefusedLookupMiddleware",
    # Axes last, so a locked-out login is answered before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "infohus.urls"
WSGI_APPLICATION = "infohus.wsgi.application"
ASGI_APPLICATION = "infohus.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "infohus.context_processors.active_membership",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_int("DB_POOL_MAX", 10) > 0:
    # Under ASGI every request and every WebSocket event runs its database work on a thread
    # that closes its connection afterwards; a new PostgreSQL connection each time costs more
    # than the work. Django's psycopg pool (one per process) keeps them open. A pool and
    # CONN_MAX_AGE > 0 exclude each other. Workers × DB_POOL_MAX < max_connections.
    if DATABASES["default"]["CONN_MAX_AGE"]:
        raise ImproperlyConfigured("Set DB_CONN_MAX_AGE=0 with the connection pool, or DB_POOL_MAX=0 without it")
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DB_POOL_MIN", 2),
        "max_size": env_int("DB_POOL_MAX", 10),
        "timeout": 10,
    }
    # A pooled connection may have died while idle (PostgreSQL restarted, a failover). With
    # health checks Django gives the pool `check=ConnectionPool.check_connection`: it tries
    # each connection (an empty query) before handing it out and replaces a dead one,
    # instead of failing the request that got it (deploy/check.py, fault 2).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The tests that start an ASGI server process (live scoring) share the test database
    # with it, so on SQLite it is a file, not Django's default in-memory database.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}
    # Several threads (and, in tests, processes) write at once: wait for the lock instead
    # of failing, and take it at the start of a transaction so two cannot deadlock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 times a read out after 5 s by default, exactly as long as
            # channels-redis blocks waiting for a message (BZPOPMIN, 5 s): an idle
            # connection then crashes with "Timeout reading". Allow the wait.
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 30}]},
        }
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_USER_MODEL = "infohus.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on with the organisation's login (OpenID Connect, mozilla-django-oidc), off
# unless OIDC_ENABLED. It finds existing active users by their verified e-mail address and
# never creates users, roles or memberships; the second factor still follows (infohus/oidc.py).
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
OIDC_RP_SCOPES = "openid email"
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_CREATE_USER = False
OIDC_STORE_ACCESS_TOKEN = False
OIDC_STORE_ID_TOKEN = False
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
# Ask the provider to authenticate again even if it still has a session: on a shared PC the
# previous user's session at the provider must not log the next person in.
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"prompt": "login"} if env_bool("OIDC_PROMPT_LOGIN", True) else {}
if OIDC_ENABLED:

    def env_required(name: str) -> str:
        value = env_str(name)
        if not value:
            raise ImproperlyConfigured(f"{name} must be set when OIDC_ENABLED is on")
        return value

    AUTHENTICATION_BACKENDS.append("infohus.oidc.OrganisationLoginBackend")
    OIDC_RP_CLIENT_ID = env_required("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_required("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_ISSUER = env_required("OIDC_OP_ISSUER")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_required("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_required("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_required("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_required("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    if OIDC_RP_SIGN_ALGO[:2] not in {"RS", "ES", "PS"}:
        # HS256 would sign with the client secret: the provider's public keys are wanted.
        raise ImproperlyConfigured("OIDC_RP_SIGN_ALGO must be an RS, PS or ES algorithm, e.g. RS256")

# django-guardian: no anonymous object permissions; all checks pass accept_global_perms=False.
ANONYMOUS_USER_NAME = None

# Login throttling (django-axes): lock a user name from an address after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
# Lock a user name from one address, and a user name from anywhere (guessing spread over
# many addresses). An administrator lifts a lock with `manage.py axes_reset_username`.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The login form posts the e-mail address in the field Django calls "username".
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Behind our reverse proxy (which overwrites X-Forwarded-For), the client address comes from
# that header; otherwise the header is dropped by ForwardedForMiddleware.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if BEHIND_PROXY else ["REMOTE_ADDR"]

# Sessions expire after inactivity and on browser close. A request renews the deadline, at
# most once every SESSION_RENEW_SECONDS (infohus/login_guard.py SessionRenewalMiddleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_RENEW_SECONDS = 60
# And at the latest this long after login, however active the user is (infohus/login_guard.py).
SESSION_ABSOLUTE_AGE = timedelta(hours=env_int("SESSION_ABSOLUTE_HOURS", 10))

# The second login factor (django-otp): an authenticator app (TOTP) or a recovery code.
# Wrong codes are throttled 1, 2, 4 … seconds (django-otp's back-off), never switched off.
OTP_TOTP_ISSUER = "Infohus"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE = not DEBUG
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE)
# The load balancer asks a worker directly over HTTP (infohus/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("htmx-ext-ws", BASE_DIR / "node_modules" / "htmx-ext-ws" / "dist"),
]

# Uploaded case files live outside the web root and are served only through checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "uploads")))
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 10) * 1024 * 1024

# Deletion deadlines per kind of record, in days after the event named, for
# `manage.py retention` (run daily from cron). DEFAULTS ONLY: police and municipality are
# separate data controllers and each sets and documents its own (docs/retention.md).
RETENTION = {
    "concern_not_extremism": env_int("RETENTION_NOT_EXTREMISM_DAYS", 183),  # after the police check
    "concern_not_current": env_int("RETENTION_NOT_CURRENT_DAYS", 183),  # after it was found not current
    "concern_withdrawn": env_int("RETENTION_WITHDRAWN_DAYS", 183),  # after it was withdrawn
    "concern_closed": env_int("RETENTION_CLOSED_DAYS", 5 * 365),  # after it was closed
    "attachment": env_int("RETENTION_ATTACHMENT_DAYS", 365),  # after the case ended
    "exchange": env_int("RETENTION_EXCHANGE_DAYS", 5 * 365),  # after the sharing
    "meeting_record": env_int("RETENTION_MEETING_DAYS", 5 * 365),  # after the meeting closed
    "refused_lookup": env_int("RETENTION_REFUSED_LOOKUP_DAYS", 90),  # a single refused case URL
    "audit_entry": env_int("RETENTION_AUDIT_DAYS", 5 * 365),  # after it was written
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "infohus@localhost")
# The address users reach the app at, for links in notification e-mails (which carry no personal data).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# No personal data in logs: requests are logged by the server without bodies or query strings
# that could carry it; application loggers name objects by id and case number only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # it logs each rendering step at INFO
        "django.request": {"level": "ERROR"},
    },
}

# Where users report accessibility problems (the accessibility statement) and reach the
# municipality's data-protection officer (the privacy notice).
ACCESSIBILITY_CONTACT = env_str("ACCESSIBILITY_CONTACT", "it-support@kommune.invalid")
PRIVACY_CONTACT = env_str("PRIVACY_CONTACT", "dpo@kommune.invalid")

# Django's own CSRF failure page is rendered without the request (no header, no menu).
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# An external meeting participant's invitation link (a one-time password-setting link)
# stays valid until about the meeting: two weeks, the usual rhythm of Infohus meetings.
PASSWORD_RESET_TIMEOUT = 14 * 24 * 60 * 60
