"""Enforces the URL permission matrix for every non-API view (the API has MatrixPermission)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from rest_framework.views import APIView

from signaalroute.audit.models import Outcome
from signaalroute.audit.services import audit_record

from .access import decide

logger = logging.getLogger("signaalroute.access")


def _is_api_view(view_func: Any) -> bool:
    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


class AccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_active:
            # Deactivated: every session ends at once, whichever backend logged it in.
            auth_logout(request)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if _is_api_view(view_func):
            return None
        match = request.resolver_match
        route = match.view_name if match else None
        verdict = decide(request, route, request.user)
        if verdict.allowed:
            return None
        if verdict.reason == "login":
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                messages.info(request, _("Your session has ended. Please log in again."))
            return redirect_to_login(request.get_full_path())
        if verdict.reason == "second_factor":
            return redirect("accounts:otp-verify")
        logger.warning("access denied", extra={"route": route or "-", "code": verdict.reason})
        audit_record(
            actor=request.user,
            action="access.denied",
            outcome=Outcome.DENIED,
            extra={"route": route or "", "reason": verdict.reason},
        )
        raise PermissionDenied
