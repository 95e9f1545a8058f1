"""Stacking (stapelen): the traces a signal leaves, their blocking keys, the candidate links the
engine proposes and the focal officer decides, the stacking alerts, and the rule per
municipality. Seed 003_7eb11e2830c5e158.txt §8.1: signals that are not stacked never add up.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from signaalroute.core.fields import EncryptedKeysJSONField
from signaalroute.matching.scoring import default_parameters, probability
from signaalroute.signals.models import SECRET_DETAILS


class TraceKind(models.TextChoices):
    PERSON = "person", _("Person")
    ADDRESS = "address", _("Address or place")
    ORGANISATION = "organisation", _("Organisation or business")
    VEHICLE = "vehicle", _("Vehicle")
    ONLINE = "online", _("Online trace")


class FoundKind(models.TextChoices):
    """The kinds of identifier found in free text (``matching.extract``)."""

    PHONE = "phone", _("Telephone number")
    EMAIL = "email", _("E-mail address")
    ADDRESS = "address", _("Address")
    PLATE = "plate", _("Licence plate")
    KVK = "kvk", _("KvK number")
    IBAN = "iban", _("IBAN")
    URL = "url", _("Web address")


class FoundStatus(models.TextChoices):
    OPEN = "open", _("To decide")
    ACCEPTED = "accepted", _("Added to the details")
    DISMISSED = "dismissed", _("Dismissed")


class FoundSource(models.TextChoices):
    DESCRIPTION = "description", _("What was seen")
    SUBJECT = "subject", _("Description of an involved party")
    ADDITION = "addition", _("Addition by the reporter")


class FoundIdentifier(models.Model):
    """An identifier found in what the reporter wrote (gevonden in de tekst): the signal's
    description, its subjects' descriptions, the reporter's additions. Proposed to the focal
    officer as a subject detail; while open it counts for stacking and the regional check at
    once (a trace of its own). One row per signal, kind and normalised value, ever: a dismissed
    value is never proposed again, an accepted one lives on in the subject's details.

    ``text`` is the value as written, ``parts`` an address's parts as written; ``value`` the
    normaliser's value (personal data like the text: shown only on the signal page, to the
    focal officers of its municipality).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    signal = models.ForeignKey(
        "signals.Signal", on_delete=models.CASCADE, related_name="found_identifiers"
    )
    kind = models.CharField(max_length=10, choices=FoundKind.choices)
    value = models.CharField(max_length=300)
    text = models.CharField(max_length=300)
    parts = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=20, choices=FoundSource.choices)
    status = models.CharField(
        max_length=10, choices=FoundStatus.choices, default=FoundStatus.OPEN, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["signal", "kind", "value"], name="foundidentifier_once_per_signal"
            )
        ]

    def __str__(self) -> str:
        return f"found {self.kind}"  # never the value: str() ends up in logs


class Trace(models.Model):
    """What one signal says about one person, address, organisation, vehicle or online trace
    (spoor): a subject of the signal, an identifier found in its text and not yet decided
    (``found``), or the signal's own location (both empty).

    ``record`` holds the values as given (the raw fields of ``matching.records``), the
    identity-document number encrypted like in the subject's details (``SECRET_DETAILS``);
    ``flags`` says which of them a normaliser flagged (invalid, partial, estimate): kept, shown,
    never used for a certain match.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    signal = models.ForeignKey("signals.Signal", on_delete=models.CASCADE, related_name="traces")
    subject = models.OneToOneField(
        "signals.SignalSubject",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="trace",
    )
    found = models.OneToOneField(
        FoundIdentifier,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="trace",
    )
    # Denormalised from the signal: every query is scoped by it.
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=TraceKind.choices)
    record = EncryptedKeysJSONField(default=dict, encrypted_keys=SECRET_DETAILS)
    flags = models.JSONField(default=dict, blank=True)
    label = models.CharField(max_length=300, blank=True)  # for the focal officer's screens
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["signal"],
                condition=models.Q(subject__isnull=True, found__isnull=True),
                name="trace_one_location_per_signal",
            )
        ]

    def __str__(self) -> str:
        return f"trace {self.kind}"


class TraceKey(models.Model):
    """A blocking key of a trace (``person|phone:+316…``, ``address|address:3762AB|12``): traces
    that share a key are compared; the index makes the cost grow with the candidates, not with
    all traces. An identity-document number is filed under a keyed hash only
    (``person|doc#<hmac>``, ``identifiers.sealed_keys``), never as text."""

    trace = models.ForeignKey(Trace, on_delete=models.CASCADE, related_name="keys")
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trace", "key"], name="tracekey_unique"),
        ]
        indexes = [models.Index(fields=["municipality", "key"], name="tracekey_lookup")]

    def __str__(self) -> str:
        return "trace key"


class Tier(models.TextChoices):
    CERTAIN = "certain", _("Certain (same identifier)")
    PROBABLE = "probable", _("Probable")
    POSSIBLE = "possible", _("Possible")


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    UNDONE = "undone", _("Link undone")


class Candidate(models.Model):
    """A proposed link between two traces (kandidaat-koppeling), decided by a focal officer.

    One row per pair, ever: ``trace_a`` has the smaller id. A rejected or undone pair is never
    proposed again (the row stays); a confirmed pair joins the two traces into one stack.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    trace_a = models.ForeignKey(Trace, on_delete=models.CASCADE, related_name="+")
    trace_b = models.ForeignKey(Trace, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    tier = models.CharField(max_length=10, choices=Tier.choices)
    weight = models.FloatField()  # Fellegi-Sunter match weight (log2 Bayes factor + prior)
    probability = models.FloatField()
    reasons = models.JSONField(default=list)  # [[field, level], …] that counted
    status = models.CharField(
        max_length=10,
        choices=CandidateStatus.choices,
        default=CandidateStatus.PROPOSED,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["trace_a", "trace_b"], name="candidate_pair_unique"),
        ]

    def __str__(self) -> str:
        return f"candidate {self.tier}"

    @property
    def held(self) -> bool:
        """A rule holds the pair at "possible" although the model's weight says "probable"
        (a name alone, a shared phone against another surname, one house): the page says so,
        since the pair shows probability 0.50 (``matching.scoring.HELD_PROBABILITY``)."""
        return (
            self.tier == Tier.POSSIBLE and probability(self.weight) >= default_parameters().probable
        )


class StackingSettings(models.Model):
    """The stacking-alert rule of a municipality (configurable; defaults from the issue: at
    least 2 signals from at least 2 different sources within 12 months, or the ILO/EC
    indicator assessment over the stack pointing to a possible victim)."""

    municipality = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="stacking_settings"
    )
    min_signals = models.PositiveSmallIntegerField(
        _("at least this many signals"),
        default=2,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
    )
    min_sources = models.PositiveSmallIntegerField(
        _("from at least this many different sources"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    window_months = models.PositiveSmallIntegerField(
        _("within this many months"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    alert_on_assessment = models.BooleanField(
        _("also alert when the indicator assessment points to a possible victim"), default=True
    )

    class Meta:
        verbose_name = _("stacking settings")

    def __str__(self) -> str:
        return f"stacking settings {self.municipality_id}"


class StackAlert(models.Model):
    """A worklist item: these signals stack up, and why (stapelsignaal)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    trace = models.ForeignKey(Trace, on_delete=models.CASCADE, related_name="alerts")
    # The rule that fired and its figures, e.g. {"rule": "count", "signals": 2, "sources": 2}.
    reason = models.JSONField()
    signature = models.CharField(max_length=64)  # the stack's signals; one alert per stack state
    created_at = models.DateTimeField(auto_now_add=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "signature"], name="stackalert_once_per_stack"
            ),
        ]

    def __str__(self) -> str:
        return "stack alert"


class MatchingModelStatus(models.TextChoices):
    ACTIVE = "active", _("in use")
    SUPERSEDED = "superseded", _("replaced by a newer version")
    REJECTED = "rejected", _("not used: failed the sanity check")


class MatchingModel(models.Model):
    """A version of the parameters the engine matches with (koppelmodel), learnt from the
    traces of one municipality, or of a whole region (``SIGNAALROUTE_STACKING_LEARN_SCOPE``),
    by ``manage.py stacking_learn`` (``learning.py``). The newest version that passed its
    sanity check is in use; without one the frozen defaults are. It holds the weights and, for
    the version in use only, how often each name occurs (two times or more) under a keyed hash
    of the name: pseudonymised data, see ``learning.frequency_token``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=MatchingModelStatus.choices)
    parameters = models.JSONField()  # scoring.Parameters.as_json()
    frequencies = models.JSONField(default=dict)  # TermFrequencies.as_json(), keyed tokens
    # What each kind's estimate rests on: records, compared pairs, sure pairs, λ before and
    # after its guards (learn.KindEstimate), and the sanity check's problems.
    basis = models.JSONField(default=dict)
    problems = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=True, region__isnull=False)
                | models.Q(municipality__isnull=False, region__isnull=True),
                name="matchingmodel_one_scope",
            ),
            models.UniqueConstraint(
                fields=["municipality", "version"],
                condition=models.Q(municipality__isnull=False),
                name="matchingmodel_version_once",
            ),
            models.UniqueConstraint(
                fields=["region", "version"],
                condition=models.Q(region__isnull=False),
                name="matchingmodel_region_version_once",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"matching model v{self.version}"
