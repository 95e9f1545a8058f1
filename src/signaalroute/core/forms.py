"""The one place where a service's refusal lands on a form.

A service raises Django's `ValidationError` (field by field) or a `DomainError` (a Dutch
message with a code). Views call the service through `call_service`; the error ends up at the
field it names, or at the top of the form, so the page can be shown again with nothing typed
lost. The API maps the same errors to problem+json (`signaalroute.api.problems`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .problems import DomainError

T = TypeVar("T")


def apply_errors(form: forms.BaseForm, error: ValidationError | DomainError) -> None:
    """Put a service's error on the form's fields (unknown fields: on the form)."""
    if isinstance(error, DomainError):
        form.add_error(None, str(error.message))
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ServiceResult(Generic[T]):
    """What `call_service` gives back: `ok`, and the service's `value` or the `error` it raised."""

    def __init__(
        self,
        *,
        ok: bool,
        value: T | None = None,
        error: ValidationError | DomainError | None = None,
    ) -> None:
        self.ok = ok
        self._value = value
        self.error = error

    @property
    def value(self) -> T:
        """The service's return value; only there when `ok`."""
        if not self.ok:
            raise RuntimeError("the service refused; there is no value")
        return cast(T, self._value)

    @property
    def status(self) -> int:
        """The HTTP status to show the form again with: 409 for conflicts, else 400."""
        return getattr(self.error, "status", 400)

    @property
    def message(self) -> str:
        """A DomainError's Dutch message (field errors are on the form)."""
        if isinstance(self.error, DomainError):
            return str(self.error.message)
        return ""


def form_status(form: forms.BaseForm) -> int:
    """The status to show a form page with: 400 when the form was sent and has errors."""
    return 400 if form.is_bound and form.errors else 200


def call_service(
    form: forms.BaseForm, service: Callable[..., T], /, **kwargs: Any
) -> ServiceResult[T]:
    """Run `service(**kwargs)`; a refusal goes onto `form` instead of becoming a 500."""
    try:
        value = service(**kwargs)
    except (ValidationError, DomainError) as error:
        apply_errors(form, error)
        return ServiceResult(ok=False, error=error)
    return ServiceResult(ok=True, value=value)


def date_field(
    label: Any, *, required: bool = False, required_message: Any = None
) -> forms.DateField:
    """A date as the browser's date picker gives it (YYYY-MM-DD, also shown that way when the
    form is filled in again), with the Dutch message for a date it cannot read."""
    messages = {"invalid": _("Enter a date, such as 30-11-2026.")}
    if required_message is not None:
        messages["required"] = required_message
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=messages,
    )
