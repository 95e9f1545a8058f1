"""The signal forms. Server-side validation, Dutch messages at the field (via gettext)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import Organisation, OrganisationKind, User
from signaalroute.accounts.selectors import handling_municipalities
from signaalroute.intake.inputs import ReporterInput, SignalInput, SubjectInput
from signaalroute.signals.indicator_labels import indicator_label
from signaalroute.signals.indicators import load_catalogue
from signaalroute.signals.models import (
    Capacity,
    ExploitationForm,
    LocationKind,
    SubjectKind,
    SubjectRole,
    YesNoUnknown,
    postcode_validator,
)
from signaalroute.workflow.classification import classification_fields

from .files import CheckedFile, check_upload
from .known_details import (
    STRUCTURED_GROUPS,
    known_detail_errors,
    known_detail_fields,
    known_subjects,
)
from .selectors import submit_municipalities, team_coordinators_for

SUBJECT_ROWS = 3
PUBLIC_CAPACITIES = [
    Capacity.RESIDENT,
    Capacity.PROFESSIONAL,
    Capacity.ENTREPRENEUR,
    Capacity.UNKNOWN,
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[CheckedFile]:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(uploads) > settings.ATTACHMENT_MAX_FILES:
            raise ValidationError(
                _("Add at most %(count)s files."), params={"count": settings.ATTACHMENT_MAX_FILES}
            )
        return [check_upload(upload) for upload in uploads]


def _indicator_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    catalogue = load_catalogue()
    groups: dict[str, list[tuple[str, str]]] = {}
    for indicator in catalogue.indicators:
        if indicator.family != "nl_signal_list":
            continue
        group = " / ".join(str(CATALOGUE_FORM_LABELS.get(f, f)) for f in indicator.forms)
        label = indicator_label(indicator, version=catalogue.version)
        groups.setdefault(group, []).append((indicator.code, label))
    return list(groups.items())


CATALOGUE_FORM_LABELS = {
    "sexual": _("Signs of sexual exploitation"),
    "labour": _("Signs of labour exploitation"),
    "criminal": _("Signs of criminal exploitation"),
    "organ_removal": _("Signs of forced organ removal"),
}


class SignalForm(forms.Form):
    """What every way in asks about the signal itself."""

    description = forms.CharField(
        label=_("What did you see or hear?"),
        help_text=_("Describe what happened, who was involved and why it worries you."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        error_messages={"required": _("Describe what you saw or heard.")},
    )
    observed_on = forms.DateField(
        label=_("When did you see it?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a valid date.")},
    )
    location_kind = forms.ChoiceField(
        label=_("Where was it?"),
        choices=LocationKind.choices,
        initial=LocationKind.UNKNOWN,
        widget=forms.RadioSelect,
    )
    postcode = forms.CharField(
        label=_("Postcode"), required=False, max_length=7, validators=[postcode_validator]
    )
    house_number = forms.IntegerField(
        label=_("House number"),
        required=False,
        min_value=1,
        max_value=99999,
        error_messages={"invalid": _("Enter a house number in digits.")},
    )
    house_number_addition = forms.CharField(
        label=_("House number addition"), required=False, max_length=10
    )
    place_description = forms.CharField(
        label=_("Description of the place"), required=False, max_length=500
    )
    online_location = forms.CharField(
        label=_("Website, advert or profile"), required=False, max_length=500
    )
    exploitation_forms = forms.MultipleChoiceField(
        label=_("What kind of exploitation do you suspect?"),
        required=False,
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    minors = forms.ChoiceField(
        label=_("Are minors (under 18) involved?"),
        choices=YesNoUnknown.choices,
        initial=YesNoUnknown.UNKNOWN,
        widget=forms.RadioSelect,
    )
    acute = forms.BooleanField(
        label=_("Someone is in acute danger"),
        required=False,
        help_text=_("Call 112 first. Tick this too, so the focal officer is warned at once."),
    )
    indicators = forms.MultipleChoiceField(
        label=_("Which signs did you see?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick what you saw yourself. You do not need to be sure."),
    )
    attachments = MultipleFileField(
        label=_("Photos or documents"),
        required=False,
        help_text=_("JPEG, PNG, PDF, Word or text; at most 20 MB per file."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = _indicator_choices()
        # What the reporter knows, as structured details (optional; a folded part of the form).
        self.fields.update(known_detail_fields())
        for i in range(SUBJECT_ROWS):
            self.fields[f"subject_{i}_kind"] = forms.ChoiceField(
                label=_("Kind"), required=False, choices=[("", "—"), *SubjectKind.choices]
            )
            self.fields[f"subject_{i}_role"] = forms.ChoiceField(
                label=_("Role"), required=False, choices=[("", "—"), *SubjectRole.choices]
            )
            self.fields[f"subject_{i}_description"] = forms.CharField(
                label=_("Description (name, address, business, number plate)"),
                required=False,
                max_length=1000,
            )

    def subject_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"subject_{i}_kind"], self[f"subject_{i}_role"], self[f"subject_{i}_description"]]
            for i in range(SUBJECT_ROWS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("location_kind")
        if kind == LocationKind.ADDRESS:
            if not data.get("postcode"):
                self.add_error("postcode", _("Give the postcode of the address."))
            if not data.get("house_number"):
                self.add_error("house_number", _("Give the house number of the address."))
        if kind == LocationKind.PLACE and not data.get("place_description", "").strip():
            self.add_error("place_description", _("Describe the place."))
        if kind == LocationKind.ONLINE and not data.get("online_location", "").strip():
            self.add_error("online_location", _("Give the website, advert or profile."))
        for i in range(SUBJECT_ROWS):
            values = [data.get(f"subject_{i}_{part}") for part in ("kind", "role", "description")]
            if any(values) and not all(values):
                self.add_error(
                    f"subject_{i}_description",
                    _("Fill in kind, role and description, or leave the row empty."),
                )
        for name, message in known_detail_errors(data):
            self.add_error(name, message)
        return data

    def structured_fields(self) -> dict[str, list[forms.BoundField]]:
        """The optional structured fields per group, for the template."""
        return {group: [self[name] for name in names] for group, names in STRUCTURED_GROUPS.items()}

    def signal_input(self) -> SignalInput:
        data = self.cleaned_data
        subjects = [
            SubjectInput(
                kind=data[f"subject_{i}_kind"],
                role=data[f"subject_{i}_role"],
                description=data[f"subject_{i}_description"],
            )
            for i in range(SUBJECT_ROWS)
            if data.get(f"subject_{i}_description")
        ]
        subjects += known_subjects(data)
        return SignalInput(
            description=data["description"],
            observed_on=data.get("observed_on"),
            location_kind=data["location_kind"],
            postcode=data.get("postcode", ""),
            house_number=data.get("house_number"),
            house_number_addition=data.get("house_number_addition", ""),
            place_description=data.get("place_description", ""),
            online_location=data.get("online_location", ""),
            capacity=data.get("capacity", Capacity.UNKNOWN) or Capacity.UNKNOWN,
            forms=data.get("exploitation_forms", []),
            minors=data["minors"],
            acute=data.get("acute", False),
            indicator_codes=data.get("indicators", []),
            vulnerable_groups=data.get("vulnerable_groups") or [],
            sector=data.get("sector") or "",
            subjects=subjects,
        )


class InternalSignalForm(SignalForm):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=None,
        empty_label=None,
    )
    capacity = forms.ChoiceField(
        label=_("In what capacity did you see it?"),
        choices=[c for c in Capacity.choices if c[0] not in {"resident", "entrepreneur"}],
        initial=Capacity.FRONT_DESK,
    )
    team_coordinator = forms.ModelChoiceField(
        label=_("Your team coordinator (step 1)"),
        queryset=None,
        required=False,
        empty_label=_("Skip step 1 and send straight to the focal officer"),
        help_text=_("Discuss the signal with your team coordinator first; they forward it."),
    )

    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    field_order = ["municipality", "team_coordinator", "capacity"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(classification_fields())
        self.fields["municipality"].queryset = submit_municipalities(user)
        self.fields["team_coordinator"].queryset = team_coordinators_for(user)
        self.fields["team_coordinator"].label_from_instance = lambda u: (
            u.get_full_name() or u.username
        )


class PublicSignalForm(SignalForm):
    """The public form (residents, professionals, entrepreneurs), anonymous allowed."""

    municipality = forms.ModelChoiceField(label=_("Which municipality is it about?"), queryset=None)
    capacity = forms.ChoiceField(
        label=_("You are"), choices=[(c.value, c.label) for c in PUBLIC_CAPACITIES]
    )
    anonymous = forms.BooleanField(
        label=_("I want to report anonymously"),
        required=False,
        help_text=_(
            "Then leave your contact details empty. You can still follow your report with the receipt code and secret code."
        ),
    )
    name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )
    phone = forms.CharField(label=_("Your telephone number"), required=False, max_length=30)
    # Honeypot: people never see or fill it (hidden by CSS and from assistive technology).
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    field_order = ["municipality", "capacity"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        self.fields["municipality"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("anonymous") and any(data.get(f) for f in ("name", "email", "phone")):
            self.add_error(
                "anonymous", _("You chose to report anonymously: leave your contact details empty.")
            )
        return data

    def reporter_input(self) -> ReporterInput:
        data = self.cleaned_data
        return ReporterInput(
            name=data.get("name", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            anonymous=bool(data.get("anonymous"))
            or not any(data.get(f) for f in ("name", "email", "phone")),
        )


class RegisterSignalForm(SignalForm):
    """The focal officer records a signal received by phone, e-mail or Meld Misdaad Anoniem."""

    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, empty_label=None)
    channel = forms.ChoiceField(
        label=_("How did the signal come in?"),
        choices=[
            ("phone", _("Telephone")),
            ("email", _("E-mail")),
            ("mma", _("Meld Misdaad Anoniem")),
        ],
        widget=forms.RadioSelect,
    )
    capacity = forms.ChoiceField(
        label=_("Capacity of the reporter"), choices=Capacity.choices, initial=Capacity.UNKNOWN
    )
    reporter_name = forms.CharField(label=_("Name of the reporter"), required=False, max_length=200)
    reporter_email = forms.EmailField(label=_("E-mail address of the reporter"), required=False)
    reporter_phone = forms.CharField(
        label=_("Telephone number of the reporter"), required=False, max_length=30
    )
    reporter_organisation = forms.CharField(
        label=_("Organisation of the reporter"), required=False, max_length=200
    )

    field_order = ["municipality", "channel", "capacity"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(classification_fields())
        self.fields["municipality"].queryset = handling_municipalities(user)
        # The focal officer writes down what someone else saw.
        self.fields["description"].label = _("What did the reporter see or hear?")
        self.fields["description"].help_text = _(
            "Describe what the reporter told: what happened, who was involved and why it worries."
        )
        self.fields["description"].error_messages["required"] = _(
            "Describe what the reporter saw or heard."
        )
        self.fields["observed_on"].label = _("When did the reporter see it?")

    def reporter_input(self) -> ReporterInput:
        data = self.cleaned_data
        return ReporterInput(
            name=data.get("reporter_name", ""),
            email=data.get("reporter_email", ""),
            phone=data.get("reporter_phone", ""),
            organisation=data.get("reporter_organisation", ""),
            anonymous=not any(
                data.get(f) for f in ("reporter_name", "reporter_email", "reporter_phone")
            ),
        )


class ReceiptForm(forms.Form):
    # Typed as the reporter likes: with spaces, without dashes, in lower case (see
    # intake.services.receipt_code_canonical).
    code = forms.CharField(label=_("Receipt code"), max_length=40)
    secret = forms.CharField(label=_("Secret code"), max_length=60, widget=forms.PasswordInput)


class AdditionForm(forms.Form):
    text = forms.CharField(
        label=_("What do you want to add?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = MultipleFileField(label=_("Photos or documents"), required=False)
