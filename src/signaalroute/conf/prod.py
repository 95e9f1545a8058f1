"""Production: secrets from the environment, HTTPS only, secure cookies.

`manage.py check --deploy` must be clean with these settings.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_int, env_list

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters.")

# Encryption at rest: without keys the reporter's identity and identity-document numbers would
# be stored in plain text.
if not SIGNAALROUTE_FIELD_KEYS:  # noqa: F405
    raise ImproperlyConfigured(
        "SIGNAALROUTE_FIELD_KEYS must hold at least one Fernet key "
        "(make one with `manage.py rotate_field_keys --new-key`)."
    )

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The load balancer's health check may speak plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS preloading commits the whole (municipal) domain to HTTPS in browsers for months; that is
# the hosting party's decision, so it is opt-in and its deploy-check warning is silenced.
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
