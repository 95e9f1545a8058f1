"""The Signal aggregate (signaal): what was seen, when, where, by whom (kept apart), about whom,
and its timeline.

Fields follow ../shared/DOMAIN.md "What is recorded" and seed 002_f9bb08b28be3f2cb.txt annex 1
step 1 ("which persons, in what capacity, what background"). Every other domain app stands on
this one: the route (workflow) moves `state`, stacking reads the subjects, partners refer it.

The tables keep the names they had when these models lived in `intake` and `workflow`
(`db_table`), so moving the models changed no data.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalroute.core.fields import EncryptedTextField

from .classification import load_classification
from .indicators import load_catalogue
from .states import Outcome, State


class Channel(models.TextChoices):
    INTERNAL = "internal", _("Internal form")
    PUBLIC = "public", _("Public form")
    PHONE = "phone", _("Telephone")
    EMAIL = "email", _("E-mail")
    MMA = "mma", _("Meld Misdaad Anoniem")
    ADVICE = "advice", _("From an advice question")


class ExploitationForm(models.TextChoices):
    """Forms of exploitation (art. 273f Sr; seed 001_1cc0d1ead85ea8c6.txt §2)."""

    SEXUAL = "sexual", _("Sexual exploitation")
    SEXUAL_ONLINE = "sexual_online", _("Sexual exploitation online or by webcam")
    LABOUR = "labour", _("Labour exploitation")
    CRIMINAL_THEFT = "criminal_theft", _("Criminal exploitation: theft")
    CRIMINAL_DRUGS = "criminal_drugs", _("Criminal exploitation: drugs")
    CRIMINAL_BEGGING = "criminal_begging", _("Criminal exploitation: begging")
    CRIMINAL_MONEY_MULE = (
        "criminal_money_mule",
        _("Criminal exploitation: money mule or front person (katvanger)"),
    )
    CRIMINAL_BENEFIT_FRAUD = "criminal_benefit_fraud", _("Criminal exploitation: benefit fraud")
    ORGAN_REMOVAL = "organ_removal", _("Forced organ removal")
    FORCED_SURROGACY = "forced_surrogacy", _("Forced surrogacy")
    UNKNOWN = "unknown", _("Unknown")


# Which indicator-catalogue forms belong to each exploitation form.
CATALOGUE_FORM = {
    ExploitationForm.SEXUAL: "sexual",
    ExploitationForm.SEXUAL_ONLINE: "sexual",
    ExploitationForm.LABOUR: "labour",
    ExploitationForm.CRIMINAL_THEFT: "criminal",
    ExploitationForm.CRIMINAL_DRUGS: "criminal",
    ExploitationForm.CRIMINAL_BEGGING: "criminal",
    ExploitationForm.CRIMINAL_MONEY_MULE: "criminal",
    ExploitationForm.CRIMINAL_BENEFIT_FRAUD: "criminal",
    ExploitationForm.ORGAN_REMOVAL: "organ_removal",
    ExploitationForm.FORCED_SURROGACY: "organ_removal",
}


class Capacity(models.TextChoices):
    """In what capacity the reporter saw it (DOMAIN.md "Actors": reporter)."""

    FRONT_DESK = "front_desk", _("Front desk (civil affairs, customer contact)")
    ENFORCEMENT = "enforcement", _("Enforcement officer (BOA)")
    INSPECTION = "inspection", _("Inspector")
    WMO = "wmo", _("Social support (Wmo)")
    SOCIAL_TEAM = "social_team", _("Social team")
    YOUTH_TEAM = "youth_team", _("Youth team")
    SCHOOL_ATTENDANCE = "school_attendance", _("School attendance officer")
    PERMITS = "permits", _("Permits")
    BUILDING = "building", _("Building and housing inspection")
    OTHER_EMPLOYEE = "other_employee", _("Other municipal employee")
    RESIDENT = "resident", _("Resident")
    PROFESSIONAL = "professional", _("Professional (teacher, doctor, youth worker)")
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
    UNKNOWN = "unknown", _("Unknown")


class LocationKind(models.TextChoices):
    ADDRESS = "address", _("An address")
    PLACE = "place", _("A place without an address")
    ONLINE = "online", _("Online")
    UNKNOWN = "unknown", _("Unknown")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class ReportLanguage(models.TextChoices):
    """The language a report was made in. The public form speaks Dutch and English; Polish,
    Bulgarian and Romanian are the languages the municipality's own outreach uses (seed
    004_0e82b480fca28818.txt §5.3.1). Feedback to the reporter goes in this language where the
    texts are translated, else in English."""

    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")
    POLISH = "pl", _("Polish")
    ROMANIAN = "ro", _("Romanian")
    BULGARIAN = "bg", _("Bulgarian")


postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Za-z]{2}$", _("Enter a Dutch postcode, such as 3762 AB.")
)


class Signal(models.Model):
    """A signal (signaal) of possible human trafficking. The reporter is in ReporterIdentity."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="signals"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=30, choices=State.choices, db_index=True)
    state_changed_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1)
    submission_key = models.UUIDField(null=True, blank=True, unique=True)
    language = models.CharField(
        _("language of the report"),
        max_length=5,
        choices=ReportLanguage.choices,
        default=ReportLanguage.DUTCH,
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    description = models.TextField(_("what was seen"), max_length=10_000)
    observed_on = models.DateField(_("when"), null=True, blank=True)
    location_kind = models.CharField(
        _("where"), max_length=10, choices=LocationKind.choices, default=LocationKind.UNKNOWN
    )
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[postcode_validator]
    )
    house_number = models.PositiveIntegerField(_("house number"), null=True, blank=True)
    house_number_addition = models.CharField(_("house number addition"), max_length=10, blank=True)
    place_description = models.CharField(_("description of the place"), max_length=500, blank=True)
    online_location = models.CharField(_("website, advert or profile"), max_length=500, blank=True)
    capacity = models.CharField(
        _("capacity of the reporter"),
        max_length=20,
        choices=Capacity.choices,
        default=Capacity.UNKNOWN,
    )
    forms = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    minors = models.CharField(
        _("minors involved"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    acute = models.BooleanField(_("acute danger"), default=False, db_index=True)
    indicator_codes = models.JSONField(_("indicators seen"), default=list, blank=True)
    catalogue_version = models.CharField(max_length=20, blank=True)

    # Step 1: the team coordinator the reporter chose (sees the signal and the reporter).
    team_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    on_meeting_agenda = models.BooleanField(
        _("on the agenda of the signalling meeting"), default=False
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_signals"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)

    # What it is about, for counting (signals.classification; never shared with partners).
    vulnerable_groups = models.JSONField(_("vulnerable groups"), default=list, blank=True)
    sector = models.CharField(_("sector"), max_length=40, blank=True)
    migration = models.CharField(
        _("migration component"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    classification_version = models.CharField(max_length=20, blank=True)

    class Meta:
        db_table = "intake_signal"
        verbose_name = _("signal")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.location_kind == LocationKind.ADDRESS and not (self.postcode and self.house_number):
            errors["postcode"] = _("Give the postcode and house number of the address.")
        if self.location_kind == LocationKind.PLACE and not self.place_description.strip():
            errors["place_description"] = _("Describe the place.")
        if self.location_kind == LocationKind.ONLINE and not self.online_location.strip():
            errors["online_location"] = _("Give the website, advert or profile.")
        unknown = set(self.forms) - set(ExploitationForm.values)
        if unknown:
            errors["forms"] = _("Unknown form of exploitation.")
        lists = load_classification(self.classification_version or None)
        if lists.unknown("vulnerable_groups", self.vulnerable_groups):
            errors["vulnerable_groups"] = _("Unknown vulnerable group.")
        if self.sector and lists.unknown("sectors", [self.sector]):
            errors["sector"] = _("Unknown sector.")
        if self.state == State.MERGED and self.merged_into_id is None:
            errors["merged_into"] = _("Choose the signal to merge into.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_overdue(self) -> bool:
        return self.due_at is not None and self.due_at < timezone.now()

    @property
    def form_labels(self) -> list[str]:
        return [str(ExploitationForm(f).label) for f in self.forms if f in ExploitationForm.values]

    @property
    def vulnerable_group_labels(self) -> list[str]:
        lists = load_classification(self.classification_version or None)
        return [lists.label("vulnerable_groups", code) for code in self.vulnerable_groups]

    @property
    def sector_label(self) -> str:
        lists = load_classification(self.classification_version or None)
        return lists.label("sectors", self.sector) if self.sector else ""

    @property
    def indicator_labels(self) -> list[str]:
        catalogue = load_catalogue(self.catalogue_version or None)
        return [catalogue.by_code[c].label for c in self.indicator_codes if c in catalogue.by_code]

    @property
    def address_text(self) -> str:
        if self.location_kind == LocationKind.ADDRESS:
            # Stored without a space ("3764AA"); written as the post office writes it.
            code = self.postcode.replace(" ", "").upper()
            postcode = f"{code[:4]} {code[4:]}" if len(code) == 6 else self.postcode
            return f"{postcode} {self.house_number or ''}{self.house_number_addition}".strip()
        if self.location_kind == LocationKind.PLACE:
            return self.place_description
        if self.location_kind == LocationKind.ONLINE:
            return self.online_location
        return ""


class ReporterIdentity(models.Model):
    """Who reported (melder). Step 2: the name stays with the focal officer (seed 002 annex 1).

    Readable only through signals.selectors.reporter_identity_for: the focal officers of the
    receiving municipality, the team coordinator the reporter chose, and the reporter.
    """

    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="reporter")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_signals",
    )
    # Encrypted at rest (core.fields): the database holds ciphertext only.
    name = EncryptedTextField(_("name"), max_length=200, blank=True)
    email = EncryptedTextField(_("e-mail address"), max_length=254, blank=True)
    phone = EncryptedTextField(_("telephone number"), max_length=30, blank=True)
    organisation = EncryptedTextField(_("organisation"), max_length=200, blank=True)
    anonymous = models.BooleanField(default=False)

    class Meta:
        db_table = "intake_reporteridentity"
        verbose_name = _("reporter")

    def __str__(self) -> str:
        return "reporter"  # never the name: str() ends up in logs and admin listings


class Attachment(models.Model):
    """A photo or document; the file lives outside the static root, served only via a view."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="attachments")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "intake_attachment"
        verbose_name = _("attachment")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return str(self.id)

    @property
    def storage_name(self) -> str:
        return f"attachments/{self.id.hex}"


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Reported")
    TRANSITION = "transition", _("Moved")
    NOTE = "note", _("Note")
    ENRICHMENT = "enrichment", _("Enrichment")
    TASK = "task", _("Task")
    FEEDBACK = "feedback", _("Feedback to the reporter")
    REPORTER_ADDITION = "reporter_addition", _("Addition by the reporter")
    ATTACHMENT = "attachment", _("Attachment")
    AGENDA = "agenda", _("Signalling meeting")
    ADVICE = "advice", _("Advice question")
    REFERRAL = "referral", _("Referral")
    PARTNER_FEEDBACK = "partner_feedback", _("Feedback from partner")
    CLASSIFICATION = "classification", _("What it is about")


class SignalEvent(models.Model):
    """One line of a signal's timeline. `text` may hold personal data: shown only to those who
    may see the signal; `visible_to_reporter` marks feedback the reporter reads."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_state = models.CharField(max_length=30, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=30, choices=State.choices, blank=True)
    text = models.TextField(max_length=10_000, blank=True)
    data = models.JSONField(default=dict, blank=True)
    visible_to_reporter = models.BooleanField(default=False)

    class Meta:
        db_table = "workflow_signalevent"
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"


from .restrictions import SubjectRestriction  # noqa: E402, F401  (a model of this app)
from .subjects import SECRET_DETAILS, SignalSubject, SubjectKind, SubjectRole  # noqa: E402, F401
