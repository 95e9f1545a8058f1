"""API views: thin, every read through a scoped selector."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.selectors import memberships_of, organisations_visible_to
from signaalroute.accounts.services import user_profile_update
from signaalroute.audit.models import AuditEntry
from signaalroute.oversight.selectors import audit_entries_visible_to
from signaalroute.partners.referrals.answers import referral_answer, referral_open
from signaalroute.partners.referrals.models import Referral
from signaalroute.partners.referrals.selectors import referrals_for_partner

from .serializers import (
    AuditEntrySerializer,
    MeSerializer,
    OrganisationSerializer,
    ProfileUpdateSerializer,
    ReferralAnswerSerializer,
    ReferralListSerializer,
    ReferralSerializer,
)


class MeView(APIView):
    @extend_schema(responses=MeSerializer, summary="The authenticated user and their roles")
    def get(self, request: Request) -> Response:
        data = {
            "id": request.user.pk,
            "username": request.user.get_username(),
            "memberships": memberships_of(request.user),
        }
        return Response(MeSerializer(data).data)

    @extend_schema(
        request=ProfileUpdateSerializer, responses=MeSerializer, summary="Update your own name"
    )
    def patch(self, request: Request) -> Response:
        serializer = ProfileUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = _actor(request)
        user_profile_update(actor=user, user=user, **serializer.validated_data)
        return self.get(request)


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations of the regions the user belongs to (a directory, no personal data)."""

    serializer_class = OrganisationSerializer
    lookup_value_converter = "uuid"

    def get_queryset(self) -> QuerySet[Organisation]:
        return organisations_visible_to(_actor(self.request)).select_related("region")


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail, for auditors only."""

    serializer_class = AuditEntrySerializer
    lookup_value_converter = "uuid"

    def get_queryset(self) -> QuerySet[AuditEntry]:
        return audit_entries_visible_to(_actor(self.request)).order_by("-position")


def _actor(request: Request) -> User:
    """The signed-in user behind a request that passed MatrixPermission."""
    if not isinstance(request.user, User):
        raise NotAuthenticated()
    return request.user


class ReferralViewSet(viewsets.ReadOnlyModelViewSet):
    """Referrals to the partner's organisation, for partner systems (token) and contacts."""

    serializer_class = ReferralSerializer
    lookup_value_converter = "uuid"

    def get_serializer_class(self) -> Any:
        return ReferralListSerializer if self.action == "list" else ReferralSerializer

    def get_queryset(self) -> QuerySet[Referral]:
        return referrals_for_partner(_actor(self.request)).order_by("-sent_at")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        referral = referral_open(actor=_actor(request), referral=self.get_object())
        return Response(ReferralSerializer(referral).data)

    def _answer(self, request: Request, action: str) -> Response:
        referral = self.get_object()
        answer = ReferralAnswerSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        data = answer.validated_data
        referral = referral_answer(
            actor=_actor(request),
            referral=referral,
            answer=action,
            expected_version=data["version"],
            reason=data.get("reason", ""),
            kind=data.get("kind", ""),
            text=data.get("text", ""),
        )
        return Response(ReferralSerializer(referral).data)

    @extend_schema(
        request=ReferralAnswerSerializer, responses=ReferralSerializer, summary="Accept a referral"
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        return self._answer(request, "accept")

    @extend_schema(
        request=ReferralAnswerSerializer,
        responses=ReferralSerializer,
        summary="Decline a referral (reason required)",
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: Any = None) -> Response:
        return self._answer(request, "decline")

    @extend_schema(
        request=ReferralAnswerSerializer,
        responses=ReferralSerializer,
        summary="Give feedback on a referral",
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: Any = None) -> Response:
        return self._answer(request, "feedback")
