"""What a directory entry may hold and how it is checked: the fields, the forms of exploitation a
partner can handle, phone and routing-code formats (the one place for these rules)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from signaalroute.core.validators import phone_validator
from signaalroute.partners.directory.models import PartnerContact, PartnerProfile
from signaalroute.signals.models import ExploitationForm

# The directory entry's fields, in the order of the form and the CSV file.
PROFILE_FIELDS: tuple[str, ...] = (
    "description",
    "handles_forms",
    "target_groups",
    "thresholds",
    "phone_24_7",
    "phone",
    "hours",
    "mailbox",
    "routing_roles",
    "feedback_weeks",
    "sharing_profile",
)


LIST_FIELDS = frozenset({"handles_forms", "routing_roles"})


FEEDBACK_WEEKS_MIN, FEEDBACK_WEEKS_MAX = 1, 52


# Codes the routing rules use for a role a partner fills, e.g. "police", "care_coordinator".
routing_role_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,49}$",
    message=gettext_lazy(
        "Use routing codes of lower-case letters, digits and underscores, e.g. care_coordinator."
    ),
    code="routing_role",
)


CONTACT_FIELDS: tuple[str, ...] = ("name", "role", "email", "phone")


# The forms of exploitation a partner can say it handles ("unknown" is a signal's answer only).
HANDLED_FORMS: list[tuple[str, Any]] = [
    (value, label) for value, label in ExploitationForm.choices if value != ExploitationForm.UNKNOWN
]


def clean_list(values: Any) -> list[str]:
    if isinstance(values, str):
        values = values.split(",")
    cleaned: list[str] = []
    for value in values or []:
        text = str(value).strip()
        if text and text not in cleaned:
            cleaned.append(text)
    return cleaned


def check_profile(profile: PartnerProfile) -> None:
    """The model's own checks plus the directory's: known forms, codes, phone numbers."""
    errors: dict[str, list[Any]] = {}
    try:
        profile.full_clean(exclude=["organisation"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    # A TextField's max_length is not checked by full_clean (only by a form): check it here, as
    # the CSV import does not pass through a form.
    for name in PROFILE_FIELDS:
        model_field = PartnerProfile._meta.get_field(name)
        limit = getattr(model_field, "max_length", None)
        value = getattr(profile, name)
        if limit and isinstance(value, str) and len(value) > limit and name not in errors:
            errors[name] = [
                _("Use at most %(limit)s characters (now %(length)s).")
                % {"limit": limit, "length": len(value)}
            ]
    known = {code for code, _label in HANDLED_FORMS}
    unknown = [code for code in profile.handles_forms or [] if code not in known]
    if unknown:
        errors.setdefault("handles_forms", []).append(
            _("Unknown form of exploitation: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    for code in profile.routing_roles or []:
        try:
            routing_role_validator(code)
        except ValidationError as error:
            errors.setdefault("routing_roles", []).extend(error.messages)
            break
    for name in ("phone_24_7", "phone"):
        value = getattr(profile, name)
        if value:
            try:
                phone_validator(value)
            except ValidationError as error:
                errors.setdefault(name, []).extend(error.messages)
    weeks = profile.feedback_weeks
    if (
        isinstance(weeks, int)
        and "feedback_weeks" not in errors
        and not FEEDBACK_WEEKS_MIN <= weeks <= FEEDBACK_WEEKS_MAX
    ):
        errors.setdefault("feedback_weeks", []).append(
            _("Enter a number of weeks from %(low)s to %(high)s.")
            % {"low": FEEDBACK_WEEKS_MIN, "high": FEEDBACK_WEEKS_MAX}
        )
    if errors:
        raise ValidationError(errors)


def check_contact(contact: PartnerContact) -> None:
    errors: dict[str, list[Any]] = {}
    try:
        contact.full_clean(exclude=["organisation"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if contact.phone and "phone" not in errors:
        try:
            phone_validator(contact.phone)
        except ValidationError as error:
            errors["phone"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
