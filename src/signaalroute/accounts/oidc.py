"""Single sign-on with the municipality's own identity provider (OpenID Connect).

The IdP's groups claim is mapped to roles through IdentityProviderGroupMapping rows, so a
functional administrator changes who gets which role without a deploy. When the ID token's
`amr` claim says the IdP did multi-factor authentication, our own TOTP step is skipped.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from signaalroute.audit.models import Outcome
from signaalroute.audit.services import audit_record

from .models import User
from .services import memberships_sync_from_groups

logger = logging.getLogger(__name__)


def sso_username(claims: dict[str, Any]) -> str:
    return f"sso:{claims.get('sub', '')}"[:150]


class SignaalrouteOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        # Deactivated accounts are matched too, so they are refused in update_user; left
        # out here, create_user would collide with their username (IntegrityError, a 500).
        return self.UserModel.objects.filter(username=sso_username(claims))

    def create_user(self, claims: dict[str, Any]) -> User:
        user = User.objects.create_user(
            username=sso_username(claims),
            email=claims.get("email", ""),
            first_name=claims.get("given_name", ""),
            last_name=claims.get("family_name", ""),
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        self._sync(user, claims)
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        if not user.is_active:
            raise PermissionDenied  # authenticate() then fails and sends user_login_failed
        user.email = claims.get("email", user.email)
        user.first_name = claims.get("given_name", user.first_name)
        user.last_name = claims.get("family_name", user.last_name)
        user.save(update_fields=["email", "first_name", "last_name"])
        self._sync(user, claims)
        return user

    def _sync(self, user: User, claims: dict[str, Any]) -> None:
        groups = claims.get(settings.OIDC_GROUPS_CLAIM, [])
        if isinstance(groups, str):
            groups = [groups]
        memberships_sync_from_groups(user=user, groups=groups)

    def verify_token(self, token: str, **kwargs: Any) -> Any:
        """The library checks signature, expiry and nonce; we add audience and issuer.

        OpenID Connect Core 1.0 §3.1.3.7 steps 2-3. The ID token is the call that passes a
        `nonce`; a signed userinfo response is held to the same rule when it names them.
        """
        payload = super().verify_token(token, **kwargs)
        is_id_token = "nonce" in kwargs
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if (is_id_token or audience is not None) and (settings.OIDC_RP_CLIENT_ID not in audiences):
            raise SuspiciousOperation("OIDC token audience is not this client")
        issuer = settings.OIDC_OP_ISSUER
        if issuer and (is_id_token or "iss" in payload) and payload.get("iss") != issuer:
            raise SuspiciousOperation("OIDC token issuer is not the configured one")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            amr = payload.get("amr") or []
            if isinstance(amr, str):
                amr = [amr]
            user.idp_did_mfa = bool(set(amr) & set(settings.OIDC_MFA_AMR_VALUES))
        return user


class SignaalrouteCallbackView(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        """A refused token or an unreachable IdP ends on the login page, audited, not a 400/500."""
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException) as error:
            logger.warning("sso login refused", extra={"code": type(error).__name__})
            audit_record(
                actor=None,
                action="auth.login",
                outcome=Outcome.FAILED,
                extra={"method": "oidc", "reason": type(error).__name__},
            )
            messages.error(
                request,
                _(
                    "Logging in with your organisation's account did not succeed. Try again or "
                    "contact your functional administrator."
                ),
            )
            return HttpResponseRedirect(self.failure_url)

    @property
    def failure_url(self) -> str:
        # The library redirects to LOGIN_REDIRECT_URL_FAILURE as is; ours is a URL name, which
        # Django refuses as a redirect target (DisallowedRedirect, a 400).
        return resolve_url(self.get_settings("LOGIN_REDIRECT_URL_FAILURE", "/"))


def _only_when_enabled(view: Any) -> Any:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


authentication_init = _only_when_enabled(OIDCAuthenticationRequestView.as_view())
authentication_callback = _only_when_enabled(SignaalrouteCallbackView.as_view())
