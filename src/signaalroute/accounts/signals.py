"""Audit every login, failed login and logout (security events)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from signaalroute.audit.models import Outcome
from signaalroute.audit.services import audit_record

from .access import IDP_MFA_SESSION_KEY
from .models import User
from .selectors import primary_organisation


@receiver(user_logged_in)
def audit_login(sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    idp_mfa = bool(getattr(user, "idp_did_mfa", False))
    if idp_mfa and request is not None:
        request.session[IDP_MFA_SESSION_KEY] = True
    audit_record(actor=user, action="auth.login", obj=user, extra={"second_factor_by_idp": idp_mfa})


@receiver(user_login_failed)
def audit_login_failed(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The typed username is not stored: it may be a mistyped password or someone else's name.
    user = get_user_model().objects.filter(username=credentials.get("username", "")).first()
    org = primary_organisation(user) if user else None
    audit_record(
        actor=None,
        organisation_id=org.pk if org else None,
        action="auth.login",
        outcome=Outcome.FAILED,
        object_type="accounts.user" if user else "",
        object_id=str(user.pk) if user else "",
    )
