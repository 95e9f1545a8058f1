"""Which URL needs what: the permission matrix for every named route, in one table.

A route that is not in this table is refused (default deny). The test suite walks the URLconf
and fails for a route that is missing here, and checks for each route that a persona without
the permission is refused.
"""

from __future__ import annotations

from enum import StrEnum

from .rules import Permission


class Access(StrEnum):
    PUBLIC = "public"  # anyone, also without logging in
    LOGGED_IN = "logged_in"  # logged in, the second factor may still be pending
    VERIFIED = "verified"  # logged in and past the second factor where the roles need one


URL_ACCESS: dict[str, Access | Permission] = {
    # accounts
    "accounts:login": Access.PUBLIC,
    "accounts:logout": Access.LOGGED_IN,
    "accounts:otp-verify": Access.LOGGED_IN,
    "accounts:otp-setup": Access.LOGGED_IN,
    "accounts:profile": Access.VERIFIED,
    "oidc_authentication_init": Access.PUBLIC,
    "oidc_authentication_callback": Access.PUBLIC,
    # core
    "core:home": Permission.VIEW_HOME,
    "core:healthz": Access.PUBLIC,
    "core:set-language": Access.PUBLIC,
    # audit
    "audit:list": Permission.VIEW_AUDIT_LOG,
    "audit:export": Permission.VIEW_AUDIT_LOG,
    # api
    "api:schema": Access.VERIFIED,
    "api:me": Access.VERIFIED,
    "api:organisation-list": Access.VERIFIED,
    "api:organisation-detail": Access.VERIFIED,
    "api:auditentry-list": Permission.VIEW_AUDIT_LOG,
    "api:auditentry-detail": Permission.VIEW_AUDIT_LOG,
}
