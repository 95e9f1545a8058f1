"""Validators shared by apps on every layer."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy

#: A telephone number as people write it: at least three digits, spaces, a leading +, -, ().
phone_validator = RegexValidator(
    r"^(?=(?:\D*\d){3})\+?[0-9 ()\-]{3,30}$",
    message=gettext_lazy("Enter a telephone number: digits, spaces, a leading +, - or brackets."),
    code="phone",
)
