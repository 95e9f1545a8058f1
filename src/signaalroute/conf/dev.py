"""Local development and `make demo`: embedded SQLite, console e-mail, demo helpers on."""

import os

from .base import *  # noqa: F403
from .base import SIGNAALROUTE_FIELD_KEYS, SIGNAALROUTE_HIT_KEY, derived_field_key, env_bool

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Demo helpers (seed_demo, demo_code) are on for the embedded database only, so a production
# host that forgets DJANGO_SETTINGS_MODULE cannot load personas with a published password.
SIGNAALROUTE_DEMO = env_bool("SIGNAALROUTE_DEMO", not os.environ.get("DATABASE_URL"))
# The regional hit/no-hit check: a fixed DEMO key, public in this repository and therefore
# worthless as a secret; only in demo mode (like the personas). Otherwise from the environment.
if SIGNAALROUTE_DEMO and not SIGNAALROUTE_HIT_KEY:
    SIGNAALROUTE_HIT_KEY = "64656d6f2d6f6e6c792d6869742d6b65792d6e6f742d7365637265742d2d2d2d"
    SIGNAALROUTE_HIT_KEY_ID = "demo"
# Encryption at rest: a key derived from SECRET_KEY when none is given (not for production).
SIGNAALROUTE_FIELD_KEYS = SIGNAALROUTE_FIELD_KEYS or [derived_field_key(SECRET_KEY)]
