"""Writes about accounts: second-factor devices, API tokens, SSO memberships. All audited."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalroute.audit.models import Outcome
from signaalroute.audit.services import audit_record

from .models import ApiToken, IdentityProviderGroupMapping, Membership, User
from .selectors import forget_memberships

logger = logging.getLogger(__name__)


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed TOTP device for the setup page (replaces an earlier unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    audit_record(actor=user, action="auth.totp_setup_started", obj=user)
    return device


def totp_verify(*, user: User, token: str, device: TOTPDevice | None = None) -> TOTPDevice | None:
    """Check a code against the user's (or the given) device. Audits the attempt."""
    devices = [device] if device else list(TOTPDevice.objects.filter(user=user, confirmed=True))
    for candidate in devices:
        allowed, _info = candidate.verify_is_allowed()
        if allowed and candidate.verify_token(token):
            with transaction.atomic():
                if not candidate.confirmed:
                    candidate.confirmed = True
                    candidate.save(update_fields=["confirmed"])
                    audit_record(actor=user, action="auth.totp_confirmed", obj=user)
                audit_record(actor=user, action="auth.second_factor", obj=user)
            return candidate
    audit_record(actor=user, action="auth.second_factor", obj=user, outcome=Outcome.FAILED)
    return None


def hash_token_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


@transaction.atomic
def api_token_create(*, actor: User | None, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the plain value is returned once and never stored."""
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=prefix, secret_hash=hash_token_secret(secret))
    token.full_clean()
    token.save()
    audit_record(actor=actor, action="api_token.create", obj=token, fields=["name"])
    return token, f"{prefix}.{secret}"


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="api_token.revoke", obj=token, fields=["revoked_at"])
    return token


@transaction.atomic
def memberships_sync_from_groups(*, user: User, groups: Iterable[str]) -> list[Membership]:
    """Replace the user's IdP-derived memberships by those the group mappings give."""
    wanted = {
        (m.organisation_id, m.role, m.domain)
        for m in IdentityProviderGroupMapping.objects.filter(group__in=list(groups))
    }
    existing = {
        (m.organisation_id, m.role, m.domain): m
        for m in Membership.objects.filter(user=user, from_identity_provider=True)
    }
    for key, membership in existing.items():
        if key not in wanted:
            membership.delete()
    for org_id, role, domain in wanted - existing.keys():
        if Membership.objects.filter(user=user, organisation_id=org_id, role=role).exists():
            continue  # the role is held already, given by hand
        membership = Membership(
            user=user,
            organisation_id=org_id,
            role=role,
            domain=domain,
            from_identity_provider=True,
        )
        try:
            membership.full_clean()
        except ValidationError:
            logger.warning("invalid identity provider group mapping skipped", extra={"code": role})
            continue
        membership.save()
    forget_memberships(user)
    audit_record(actor=user, action="auth.sso_roles_synced", obj=user, fields=["memberships"])
    return list(Membership.objects.filter(user=user))


@transaction.atomic
def user_profile_update(*, actor: User, user: User, **changes: str) -> User:
    """Change a user's own name fields; the audit entry names the fields, not the values."""
    allowed = {"first_name", "last_name"}
    changed = [
        name for name, value in changes.items() if name in allowed and getattr(user, name) != value
    ]
    for name in changed:
        setattr(user, name, changes[name])
    if changed:
        user.full_clean(exclude=["password"])
        user.save(update_fields=changed)
        audit_record(actor=actor, action="user.update", obj=user, fields=changed)
    return user
