"""Local development and `make demo`: embedded SQLite, console e-mail, demo helpers on."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "false").lower() in {"1", "true", "yes"}
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
SIGNAALROUTE_DEMO = True
