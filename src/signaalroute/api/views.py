"""API views: thin, every read through a scoped selector."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from signaalroute.accounts.selectors import memberships_of, organisations_visible_to
from signaalroute.accounts.services import user_profile_update
from signaalroute.audit.selectors import audit_entries_visible_to

from .serializers import (
    AuditEntrySerializer,
    MeSerializer,
    OrganisationSerializer,
    ProfileUpdateSerializer,
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
        user_profile_update(actor=request.user, user=request.user, **serializer.validated_data)  # type: ignore[arg-type]
        return self.get(request)


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations of the regions the user belongs to (a directory, no personal data)."""

    serializer_class = OrganisationSerializer
    lookup_value_converter = "uuid"

    def get_queryset(self) -> Any:
        return organisations_visible_to(self.request.user).select_related("region")


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail, for auditors only."""

    serializer_class = AuditEntrySerializer
    lookup_value_converter = "uuid"

    def get_queryset(self) -> Any:
        return audit_entries_visible_to(self.request.user).order_by("-position")
