"""Domain errors carry a code; the API renders them as problem+json, the UI as a Dutch message."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

PROBLEM_CONTENT_TYPE = "application/problem+json"


class DomainError(Exception):
    """Base for refusals a user can understand. `message` is Dutch (a lazy gettext string)."""

    code = "domain_error"
    status = 400

    def __init__(self, message: Any = "", **params: Any) -> None:
        self.message = message or self.default_message()
        self.params = params
        super().__init__(str(self.message))

    def default_message(self) -> Any:
        return self.code


class EditConflict(DomainError):
    """Optimistic locking: someone else changed the signal (or the record being edited) since this page was loaded."""

    code = "edit_conflict"
    status = 409

    def default_message(self) -> Any:
        return _(
            "Someone else changed this signal in the meantime. Nothing was saved. "
            "Look at the latest version and try again."
        )


def problem_response(
    *, status: int, title: str, detail: str = "", code: str = "", **extra: Any
) -> JsonResponse:
    body: dict[str, Any] = {
        "type": f"urn:signaalroute:problem:{code}" if code else "about:blank",
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if code:
        body["code"] = code
    body.update(extra)
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
