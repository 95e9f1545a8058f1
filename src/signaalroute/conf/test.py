"""The test suite: fast hashing, in-memory mail, demo helpers on."""

from .base import *  # noqa: F403
from .base import SELF, SIGNAALROUTE_FIELD_KEYS, derived_field_key

SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SIGNAALROUTE_DEMO = True
ALLOWED_HOSTS = ["*"]
LOGGING["root"]["level"] = "WARNING"  # type: ignore[index]  # noqa: F405
# A fixed DEMO key for the regional hit/no-hit check (public, not a secret).
SIGNAALROUTE_HIT_KEY = "64656d6f2d6f6e6c792d6869742d6b65792d6e6f742d7365637265742d2d2d2d"
SIGNAALROUTE_HIT_KEY_ID = "demo"
SIGNAALROUTE_FIELD_KEYS = SIGNAALROUTE_FIELD_KEYS or [derived_field_key(SECRET_KEY)]
# No tiles and no geocoder: the tests call nothing outside (the map shows markers only).
SIGNAALROUTE_MAP_TILES = ""
SIGNAALROUTE_GEOCODER = "none"
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] = [SELF, "data:"]  # noqa: F405
