"""Local development and `make demo`: embedded SQLite, console e-mail, demo helpers on."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Demo helpers (seed_demo, demo_code) are on for the embedded database only, so a production
# host that forgets DJANGO_SETTINGS_MODULE cannot load personas with a published password.
SIGNAALROUTE_DEMO = env_bool("SIGNAALROUTE_DEMO", not os.environ.get("DATABASE_URL"))
