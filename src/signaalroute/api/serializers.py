from __future__ import annotations

from rest_framework import serializers

from signaalroute.accounts.models import Membership, Organisation, Region
from signaalroute.audit.models import AuditEntry


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "name"]


class OrganisationSerializer(serializers.ModelSerializer):
    region = RegionSerializer(read_only=True)

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
    first_name = serializers.CharField(max_length=150, allow_blank=True)
    last_name = serializers.CharField(max_length=150, allow_blank=True)


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
    version = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    kind = serializers.CharField(required=False, allow_blank=True, max_length=30)
    text = serializers.CharField(required=False, allow_blank=True, max_length=5000)
