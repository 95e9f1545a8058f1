"""Every API error as application/problem+json (RFC 9457): a service's DomainError and
ValidationError map here as they map onto a form in the UI (core.forms)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from signaalroute.core.problems import PROBLEM_CONTENT_TYPE, DomainError

_TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Not authenticated"),
    403: gettext_lazy("No access"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    409: gettext_lazy("Conflict"),
    415: gettext_lazy("Unsupported media type"),
    429: gettext_lazy("Too many requests"),
}


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        problem = {
            "type": f"urn:signaalroute:problem:{exc.code}",
            "title": str(exc.message),
            "status": exc.status,
            "code": exc.code,
        }
        return Response(problem, status=exc.status, content_type=PROBLEM_CONTENT_TYPE)
    if isinstance(exc, DjangoValidationError):
        # A service's field errors, as a form would show them (core.forms.apply_errors).
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    body: dict[str, Any] = {
        "type": f"urn:signaalroute:problem:{code}",
        "title": str(_TITLES.get(response.status_code, gettext_lazy("Error"))),
        "status": response.status_code,
        "code": code,
    }
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = _("One or more fields are not valid.")
        body["errors"] = response.data
    elif isinstance(exc, exceptions.APIException):
        body["detail"] = str(exc.detail)
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
