"""Settings shared by every environment.

Every environment variable read here is documented in docs/configuration.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# How rooms reach rooms above them (the audit actor, page sections, subject hooks, close
# checks, the field-key rotation): by name, in conf/wiring.py. Imported here so they are
# settings.
from .keys import derived_field_key, hit_key_checked  # noqa: F401 (test.py uses the first)
from .wiring import (  # noqa: F401
    SIGNAALROUTE_AUDIT_ACTOR_DESCRIBER,
    SIGNAALROUTE_CARE_COORDINATOR_CHECKS,
    SIGNAALROUTE_FIELD_KEYS_ROTATED,
    SIGNAALROUTE_HIT_SOURCES_EXPIRED,
    SIGNAALROUTE_PAGE_PANELS,
    SIGNAALROUTE_SIGNAL_CHANGED,
    SIGNAALROUTE_SUBJECT_SAVED,
)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("SIGNAALROUTE_HOME", PACKAGE_DIR.parent.parent)).resolve()

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "signaalroute.core",
    "signaalroute.accounts",
    "signaalroute.audit",
    "signaalroute.signals",
    "signaalroute.intake",
    "signaalroute.workflow",
    "signaalroute.partners",
    "signaalroute.stacking",
    "signaalroute.hits",
    "signaalroute.api",
    "signaalroute.oversight",
    "signaalroute.monitoring",
    "signaalroute.training",
    "signaalroute.locations",
    "signaalroute.care",
    "signaalroute.approach",
    "signaalroute.meetings",
    "signaalroute.privacy",
    "signaalroute.demo",
]

MIDDLEWARE = [
    "signaalroute.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "signaalroute.accounts.middleware.AccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "signaalroute.urls"
WSGI_APPLICATION = "signaalroute.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "signaalroute.accounts.context_processors.navigation",
            ],
        },
    }
]

# --- Database: embedded SQLite unless DATABASE_URL is set -----------------------------------
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'var' / 'signaalroute.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle session timeout: the session ends after this many minutes without a request.
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "signaalroute.accounts.views.csrf_failure"

# Lockout (django-axes): BIO2 asks for it.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
# Locked per account and per client address (the latter stops guessing across many accounts).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0)

OTP_TOTP_ISSUER = "signaalroute"

# --- OpenID Connect single sign-on (off unless OIDC_RP_CLIENT_ID is set) -------------------
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
# The `iss` the ID token must carry; empty skips the issuer check (the audience is always checked).
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
# RFC 8176: only "mfa" says that more than one factor was used; "otp" alone names a method.
OIDC_MFA_AMR_VALUES = env_list("OIDC_MFA_AMR_VALUES", "mfa")
OIDC_USE_NONCE = True
OIDC_CREATE_USER = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
LOGIN_REDIRECT_URL_FAILURE = "/inloggen/"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("signaalroute.accounts.oidc.SignaalrouteOIDCBackend")

# --- Internationalisation: Dutch UI, English msgids ----------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# --- Static files: built by `make assets` from npm packages, never from a CDN --------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files (attachments) live outside the static root and are served only through
# permission-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "private-media"))
MEDIA_URL = "/private-media-is-never-served/"

# --- The map of risk locations (docs/locations.md) ------------------------------------------
# Tiles: a URL template ({z}/{x}/{y}); empty shows the markers without a base map. The default is
# the Dutch government's base map (BRT-Achtergrondkaart, PDOK). Its host is added to img-src.
SIGNAALROUTE_MAP_TILES = os.environ.get(
    "SIGNAALROUTE_MAP_TILES",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
).strip()
SIGNAALROUTE_MAP_ATTRIBUTION = os.environ.get(
    "SIGNAALROUTE_MAP_ATTRIBUTION", "Kaartgegevens \u00a9 Kadaster (PDOK)"
).strip()
# Coordinates from postcode and house number: "none" (nothing is called) or a dotted path to a
# geocoder, e.g. signaalroute.locations.geocoding.PdokGeocoder (the PDOK Locatieserver).
SIGNAALROUTE_GEOCODER = os.environ.get("SIGNAALROUTE_GEOCODER", "none").strip() or "none"


def tile_origins(template: str) -> list[str]:
    """The origin of the map tiles for the CSP's img-src ("https://host"), or nothing."""
    from urllib.parse import urlsplit

    parts = urlsplit(template)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    return [f"{parts.scheme}://{parts.netloc}"]


# --- Content Security Policy: no inline script, nothing from elsewhere ----------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *tile_origins(SIGNAALROUTE_MAP_TILES)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "signaalroute.api.authentication.ApiTokenAuthentication",
        "signaalroute.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["signaalroute.api.permissions.MatrixPermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "signaalroute.api.schema.ProblemAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "signaalroute.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "signaalroute.api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "signaalroute API",
    "DESCRIPTION": "Van signaal tot aanpak. Errors are application/problem+json (RFC 9457).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["signaalroute.api.permissions.MatrixPermission"],
    "SERVE_AUTHENTICATION": [
        "signaalroute.api.authentication.ApiTokenAuthentication",
        "signaalroute.api.authentication.VerifiedSessionAuthentication",
    ],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "signaalroute@localhost")

# --- Logging: JSON lines with request id, never personal data -------------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "signaalroute.core.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "signaalroute.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's request logger puts the full path (which may carry query strings) in the
        # message; our own access log in RequestIdMiddleware logs the route name instead.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# --- Product settings -------------------------------------------------------------------------
# The demo TOTP helper (`manage.py demo_code`) and the demo banner only work when this is on.
SIGNAALROUTE_DEMO = env_bool("SIGNAALROUTE_DEMO", False)

# Whose traces one version of the matching parameters learns from (manage.py stacking_learn):
# "municipality" (each its own) or "region" (one version for all municipalities of a region).
SIGNAALROUTE_STACKING_LEARN_SCOPE = os.environ.get(
    "SIGNAALROUTE_STACKING_LEARN_SCOPE", "municipality"
).strip()
if SIGNAALROUTE_STACKING_LEARN_SCOPE not in ("municipality", "region"):
    raise ImproperlyConfigured(
        "SIGNAALROUTE_STACKING_LEARN_SCOPE must be 'municipality' or 'region'."
    )

# Attachments: largest file accepted (bytes), and at most this many files per submission.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 20) * 1024 * 1024
ATTACHMENT_MAX_FILES = env_int("ATTACHMENT_MAX_FILES", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # form fields (not files) above this are refused
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# The public reporting form: submissions per client address per window (fixed window).
PUBLIC_FORM_RATE_LIMIT = env_int("PUBLIC_FORM_RATE_LIMIT", 5)
PUBLIC_FORM_RATE_WINDOW_MINUTES = env_int("PUBLIC_FORM_RATE_WINDOW_MINUTES", 60)
# Status look-ups with a receipt code per client address per window.
RECEIPT_LOOKUP_RATE_LIMIT = env_int("RECEIPT_LOOKUP_RATE_LIMIT", 20)

# Links in notification e-mails point here (no personal data is ever put in a link).
SIGNAALROUTE_BASE_URL = os.environ.get("SIGNAALROUTE_BASE_URL", "http://127.0.0.1:8000")


# The regional hit/no-hit check (docs/configuration.md): the HMAC key the municipalities of a
# region share out of band (hex or base64, at least 32 bytes) and its label. Empty: the check is
# off.
SIGNAALROUTE_HIT_KEY_ID = os.environ.get("SIGNAALROUTE_HIT_KEY_ID", "").strip()
SIGNAALROUTE_HIT_KEY = hit_key_checked(
    os.environ.get("SIGNAALROUTE_HIT_KEY", "").strip(), SIGNAALROUTE_HIT_KEY_ID
)


# Encryption at rest of the reporter's identity and identity-document numbers (core.crypto):
# Fernet keys, newest first, comma-separated; every key decrypts, the first encrypts (and the
# keyed hashes of document numbers are made under each). Production refuses to start without.
SIGNAALROUTE_FIELD_KEYS = env_list("SIGNAALROUTE_FIELD_KEYS")
