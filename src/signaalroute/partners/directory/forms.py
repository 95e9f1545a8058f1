"""Forms of the partner directory: search, a partner's directory entry, a contact, CSV import.

The services in partners/directory/services.py check everything again; these forms give the messages at
the field and keep what the user typed when something is wrong.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import PartnerCategory
from signaalroute.partners.directory.models import PartnerProfile
from signaalroute.partners.directory.rules import (
    FEEDBACK_WEEKS_MAX,
    FEEDBACK_WEEKS_MIN,
    HANDLED_FORMS,
    PROFILE_FIELDS,
    phone_validator,
    routing_role_validator,
)
from signaalroute.partners.referrals.sharing import PROFILE_LABELS, NamedProfile
from signaalroute.partners.routing.rules import ROLES

IMPORT_MAX_BYTES = 2 * 1024 * 1024


class DirectorySearchForm(forms.Form):
    """The directory list's search and filters (GET; the parameter names are Dutch URLs)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Searches names, what partners do, target groups and thresholds."),
    )
    categorie = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *PartnerCategory.choices],
    )
    vorm = forms.ChoiceField(
        label=_("Form of exploitation"),
        required=False,
        choices=[("", _("All forms")), *HANDLED_FORMS],
    )


def _routing_roles_help() -> Any:
    return format_lazy(
        "{} {}",
        _("Codes separated by commas, used by the routing rules. Known codes:"),
        ", ".join(ROLES),
    )


class PartnerProfileForm(forms.Form):
    """A partner's directory entry; the fields are directory.PROFILE_FIELDS."""

    description = forms.CharField(
        label=_("What this partner does"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    handles_forms = forms.MultipleChoiceField(
        label=_("Forms of exploitation it handles"),
        required=False,
        choices=HANDLED_FORMS,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.CharField(
        label=_("Target groups"),
        required=False,
        max_length=500,
        help_text=_("For example: victims aged 18 and over; employers and employment agencies."),
    )
    thresholds = forms.CharField(
        label=_("Which signals it takes (threshold)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "So colleagues know when to turn to this partner, e.g. only signals with strong "
            "signs of coercion."
        ),
    )
    phone_24_7 = forms.CharField(
        label=_("24/7 telephone number"),
        required=False,
        max_length=30,
        validators=[phone_validator],
        help_text=_("Leave empty when the partner cannot be reached day and night."),
    )
    phone = forms.CharField(
        label=_("Telephone number"),
        required=False,
        max_length=30,
        validators=[phone_validator],
    )
    hours = forms.CharField(
        label=_("Opening hours"),
        required=False,
        max_length=200,
        help_text=_("For example: Mon-Fri 9.00-17.00"),
    )
    mailbox = forms.EmailField(
        label=_("Functional mailbox"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter an e-mail address, e.g. meldpunt@example.nl.")},
    )
    routing_roles = forms.CharField(
        label=_("Roles in the routing rules"),
        required=False,
        max_length=500,
        help_text=_routing_roles_help(),
    )
    feedback_weeks = forms.IntegerField(
        label=_("Weeks until feedback is due"),
        min_value=FEEDBACK_WEEKS_MIN,
        max_value=FEEDBACK_WEEKS_MAX,
        initial=4,
        error_messages={
            "required": _("Enter the number of weeks."),
            "invalid": _("Enter a whole number of weeks."),
        },
    )

    sharing_profile = forms.ChoiceField(
        label=_("Sharing rules"),
        required=False,
        choices=[
            ("", _("The rules of its category")),
            *((p.value, PROFILE_LABELS[p]) for p in NamedProfile),
        ],
        help_text=_(
            "Which rows of the sharing table apply to this partner. Only where the region has "
            "its own rules for this organisation, such as for the care coordinator or the RIEC."
        ),
    )

    def clean_routing_roles(self) -> list[str]:
        codes: list[str] = []
        for part in self.cleaned_data.get("routing_roles", "").split(","):
            code = part.strip()
            if not code or code in codes:
                continue
            try:
                routing_role_validator(code)
            except ValidationError as error:
                raise ValidationError(
                    format_lazy("{} ({})", error.messages[0], code), code="routing_role"
                ) from None
            codes.append(code)
        return codes

    @classmethod
    def initial_for(cls, profile: PartnerProfile) -> dict[str, Any]:
        """The form's starting values from a (possibly unsaved) directory entry."""
        initial: dict[str, Any] = {name: getattr(profile, name) for name in PROFILE_FIELDS}
        initial["handles_forms"] = list(profile.handles_forms or [])
        initial["routing_roles"] = ", ".join(profile.routing_roles or [])
        return initial


class PartnerContactForm(forms.Form):
    """A named contact at a partner, with their role."""

    # Prefixed: this form shares its page with the profile form, which has a "phone" too.
    prefix = "contact"

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Enter the contact's name.")},
    )
    role = forms.CharField(
        label=_("Role"),
        max_length=200,
        help_text=_("For example: AVIM duty officer."),
        error_messages={"required": _("Enter the contact's role.")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter an e-mail address, e.g. meldpunt@example.nl.")},
    )
    phone = forms.CharField(
        label=_("Telephone number"), required=False, max_length=30, validators=[phone_validator]
    )


class DirectoryImportForm(forms.Form):
    """A CSV file in the export's format. `cleaned_data["file"]` is the file's text."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("In the format of the export, saved as CSV UTF-8; at most 2 MB."),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": _("Choose the CSV file to import."),
            "empty": _("The file is empty."),
        },
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."), code="too_large")
        data = upload.read(IMPORT_MAX_BYTES + 1)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _(
                    "The file could not be read: it is not UTF-8 text. In your spreadsheet "
                    'program, save it as "CSV UTF-8" and try again.'
                ),
                code="encoding",
            ) from None
        if "\x00" in text:
            raise ValidationError(_("This is not a text file. Import a CSV file."), code="binary")
        if not text.strip():
            raise ValidationError(_("The file is empty."), code="empty")
        return text
