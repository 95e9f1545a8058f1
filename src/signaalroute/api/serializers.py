from __future__ import annotations

from typing import Any

from rest_framework import serializers

from signaalroute.accounts.models import Membership, Organisation, PartnerCategory, Region
from signaalroute.audit.models import AuditEntry


class StrictCharField(serializers.CharField):
    """Text only: a number or a list where text is expected is refused, not turned into text."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        # The schema's maxLength counts what was sent, before surrounding white space is trimmed.
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A whole number only: "5", 5.0 and true are refused (the schema says integer)."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "name"]


class _Category(serializers.ChoiceField):
    """A partner's data-sharing category; null for a municipality or team (stored blank)."""

    def to_representation(self, value: Any) -> Any:
        return value or None


class OrganisationSerializer(serializers.ModelSerializer):
    region = RegionSerializer(read_only=True)
    category = _Category(choices=PartnerCategory.choices, allow_null=True, read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "category", "region", "parent"]
        read_only_fields = fields


class MembershipSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["role", "domain", "organisation"]


class MeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    username = serializers.CharField()
    memberships = MembershipSerializer(many=True)


class ProfileUpdateSerializer(serializers.Serializer):
    first_name = StrictCharField(max_length=150, allow_blank=True)
    last_name = StrictCharField(max_length=150, allow_blank=True)


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "position",
            "timestamp",
            "actor_id",
            "actor_username",
            "actor_roles",
            "organisation_id",
            "action",
            "outcome",
            "object_type",
            "object_id",
            "fields",
            "request_id",
            "client_address",
            "prev_hash",
            "entry_hash",
        ]


class ReferralListSerializer(serializers.Serializer):
    """A referral in the list: no content, so listing reads no personal data (fetch one to read
    it; that read is audited)."""

    id = serializers.UUIDField()
    state = serializers.CharField()
    version = serializers.IntegerField()
    sent_at = serializers.DateTimeField()
    feedback_due_on = serializers.DateField()
    basis = serializers.CharField()
    municipality = serializers.CharField(source="signal.municipality.name")


class ReferralSerializer(ReferralListSerializer):
    """A referral as the partner may see it: the frozen snapshot only, never the reporter."""

    purpose = serializers.CharField()
    shared = serializers.DictField()


class ReferralAnswerSerializer(serializers.Serializer):
    version = StrictIntegerField(min_value=1, max_value=2**31 - 1)
    reason = StrictCharField(required=False, allow_blank=True, max_length=2000)
    kind = StrictCharField(required=False, allow_blank=True, max_length=30)
    text = StrictCharField(required=False, allow_blank=True, max_length=5000)
