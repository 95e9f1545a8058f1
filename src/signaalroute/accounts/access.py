"""The single decision "may this request reach this route?", used by the UI and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from .models import User
from .rules import Permission
from .selectors import has_permission, needs_second_factor
from .url_access import URL_ACCESS, Access

IDP_MFA_SESSION_KEY = "signaalroute_idp_mfa"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""  # "unknown_route", "login", "second_factor", "permission"


ALLOW = Verdict(True)


def second_factor_done(request: HttpRequest, user: User | AnonymousUser) -> bool:
    if not needs_second_factor(user):
        return True
    if getattr(user, "is_verified", lambda: False)():
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(IDP_MFA_SESSION_KEY))


def decide(
    request: HttpRequest,
    route: str | None,
    user: User | AnonymousUser,
    *,
    machine_credential: bool = False,
) -> Verdict:
    """Default deny: an unknown route, a missing login, factor or permission is refused.

    `machine_credential` is true for API tokens of partner systems: those are issued to a
    system by a functional administrator and have no second factor to pass.
    """
    access = URL_ACCESS.get(route or "")
    if access is None:
        return Verdict(False, "unknown_route")
    if access == Access.PUBLIC:
        return ALLOW
    if not getattr(user, "is_authenticated", False):
        return Verdict(False, "login")
    if access == Access.LOGGED_IN:
        return ALLOW
    if not machine_credential and not second_factor_done(request, user):
        return Verdict(False, "second_factor")
    if access == Access.VERIFIED:
        return ALLOW
    assert isinstance(access, Permission)
    if has_permission(user, access):
        return ALLOW
    return Verdict(False, "permission")
