"""Single sign-on with the municipality's own identity provider (OpenID Connect).

The IdP's groups claim is mapped to roles through IdentityProviderGroupMapping rows, so a
functional administrator changes who gets which role without a deploy. When the ID token's
`amr` claim says the IdP did multi-factor authentication, our own TOTP step is skipped.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .models import User
from .services import memberships_sync_from_groups


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

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            amr = payload.get("amr") or []
            if isinstance(amr, str):
                amr = [amr]
            user.idp_did_mfa = bool(set(amr) & set(settings.OIDC_MFA_AMR_VALUES))
        return user


class SignaalrouteCallbackView(OIDCAuthenticationCallbackView):
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
