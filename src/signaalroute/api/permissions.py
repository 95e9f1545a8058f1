"""The API reads the same URL matrix as the UI (signaalroute.accounts.url_access)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from signaalroute.accounts.access import decide
from signaalroute.accounts.models import ApiToken
from signaalroute.audit.models import Outcome
from signaalroute.audit.services import audit_record

if TYPE_CHECKING:
    # Not at run time: rest_framework.views loads the API settings, which import this module.
    from rest_framework.views import APIView


class MatrixPermission(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        match = request._request.resolver_match
        route = match.view_name if match else None
        machine = isinstance(request.auth, ApiToken)
        verdict = decide(request._request, route, request.user, machine_credential=machine)
        if not verdict.allowed and verdict.reason in {"permission", "unknown_route"}:
            audit_record(
                actor=request.user,
                action="access.denied",
                outcome=Outcome.DENIED,
                extra={"route": route or "", "reason": verdict.reason},
            )
        return verdict.allowed
