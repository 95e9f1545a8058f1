"""API authentication: hashed tokens for partner systems, verified sessions for the UI."""

from __future__ import annotations

import hmac
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from signaalroute.accounts.models import ApiToken
from signaalroute.accounts.services import hash_token_secret


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <prefix>.<secret>`. Only the secret's SHA-256 is stored."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.startswith(f"{self.keyword} "):
            return None
        prefix, _sep, secret = header[len(self.keyword) + 1 :].strip().partition(".")
        failed = AuthenticationFailed(_("The API token is invalid, expired or revoked."))
        if not prefix or not secret:
            raise failed
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        now = timezone.now()
        if (
            token is None
            or not hmac.compare_digest(token.secret_hash, hash_token_secret(secret))
            or token.revoked_at is not None
            or (token.expires_at is not None and token.expires_at <= now)
            or not token.user.is_active
        ):
            raise failed
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class VerifiedSessionAuthentication(SessionAuthentication):
    """The UI's session, with CSRF checks; the matrix checks the second factor."""

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return 'Session realm="signaalroute"'
