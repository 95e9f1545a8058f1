"""Tenancy and identity: region → municipality → team, partner organisations, users, roles."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from signaalroute.core.validators import phone_validator

from .rules import ROLE_LABELS, Domain, Role

DOMAIN_CHOICES = [(Domain.SAFETY.value, _("Safety")), (Domain.CARE.value, _("Care"))]


class Region(models.Model):
    """A regional cooperation (e.g. RIEC Midden-Nederland); the widest tenant."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    TEAM = "team", _("Team")
    PARTNER = "partner", _("Chain partner")


class PartnerCategory(models.TextChoices):
    """Partner categories of the data-sharing step plan (seed 004_0e82b480fca28818.txt §5.6.2)."""

    INVESTIGATIVE = "investigative", _("Investigative agency")
    SUPERVISOR = "supervisor", _("Supervisory authority")
    CARE_MEDICAL_SECRECY = "care_medical", _("Care provider with medical professional secrecy")
    CARE_NO_MEDICAL_SECRECY = "care_other", _("Care provider without medical professional secrecy")
    REPORTING_COORDINATION = "coordination", _("Reporting or coordination function")
    MIGRATION_CHAIN = "migration", _("Non-criminal partner in the migration chain")
    MUNICIPAL_DEPARTMENT = "municipal", _("Municipal department")


class Organisation(models.Model):
    """A municipality, a team inside one, or a partner organisation (ketenpartner)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations")
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("For a team: the municipality it belongs to."),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=PartnerCategory.choices, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "name"], name="org_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == OrganisationKind.TEAM:
            if self.parent is None or self.parent.kind != OrganisationKind.MUNICIPALITY:
                raise ValidationError({"parent": _("A team belongs to a municipality.")})
            if self.parent.region_id != self.region_id:
                raise ValidationError(
                    {"parent": _("A team belongs to a municipality in the same region.")}
                )
        elif self.parent is not None:
            raise ValidationError({"parent": _("Only a team has a parent municipality.")})
        if self.kind == OrganisationKind.PARTNER and not self.category:
            raise ValidationError({"category": _("Choose the category of the chain partner.")})
        if self.kind != OrganisationKind.PARTNER and self.category:
            raise ValidationError({"category": _("Only a chain partner has a category.")})

    @property
    def municipality(self) -> Organisation | None:
        if self.kind == OrganisationKind.MUNICIPALITY:
            return self
        if self.kind == OrganisationKind.TEAM:
            return self.parent
        return None


class User(AbstractUser):
    """An account. Roles come from memberships, never from is_staff or groups."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A role a user holds in an organisation. A user may hold several, in several organisations."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=30, choices=[(r.value, ROLE_LABELS[r]) for r in Role]
    )
    domain = models.CharField(_("domain"), max_length=10, blank=True, choices=DOMAIN_CHOICES)
    # Set when this membership came from the identity provider's groups (OIDC); such
    # memberships are replaced at each SSO login.
    from_identity_provider = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("role in organisation")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.organisation}"

    def clean(self) -> None:
        if self.domain and self.role != Role.FOCAL_OFFICER:
            raise ValidationError({"domain": _("Only a focal officer has a domain.")})


class IdentityProviderGroupMapping(models.Model):
    """Maps a group (or other claim value) of the municipality's IdP to a role in an organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.CharField(_("group at the identity provider"), max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    role = models.CharField(
        _("role"), max_length=30, choices=[(r.value, ROLE_LABELS[r]) for r in Role]
    )
    domain = models.CharField(_("domain"), max_length=10, blank=True, choices=DOMAIN_CHOICES)

    class Meta:
        verbose_name = _("identity provider group mapping")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organisation", "role"], name="idp_group_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.role} @ {self.organisation}"

    def clean(self) -> None:
        if self.domain and self.role != Role.FOCAL_OFFICER:
            raise ValidationError({"domain": _("Only a focal officer has a domain.")})


class ApiToken(models.Model):
    """A partner system's API credential. Only a SHA-256 hash of the secret is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class FocalPoint(models.Model):
    """How a municipality's focal officers are reached (aanspreekpunt mensenhandel): a functional
    mailbox and telephone, kept by its functional administrator and readable by the focal
    officers of the region (seed 002 §2.1, seed 003 §6.4). The officers themselves are the
    members with the focal officer role; only this contact is stored here."""

    municipality = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="focal_point"
    )
    mailbox = models.EmailField(_("functional mailbox"), blank=True)
    phone = models.CharField(
        _("telephone"), max_length=30, blank=True, validators=[phone_validator]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("focal point")

    def __str__(self) -> str:
        return f"focal point {self.municipality_id}"


class Invitation(models.Model):
    """An invitation (uitnodiging) to a new person: a one-time activation link that expires.
    Only the hash of the link's secret is kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation {self.created_at:%Y-%m-%d}"
