"""What a signal is about (classificatie), set by the focal officer at triage or enrichment so it
can be counted: vulnerable group(s), sector, migration component. The lists are data
(``signals.classification``); the form and the service are here, the view in ``views``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy

from signaalroute.accounts.models import User
from signaalroute.accounts.rules import Permission
from signaalroute.audit.services import audit_record
from signaalroute.signals.classification import classification_clean, load_classification
from signaalroute.signals.models import EventKind, Signal, YesNoUnknown
from signaalroute.signals.services import event_add, signal_claim

from .errors import TransitionRefused
from .selectors import may_act

FIELDS = ("vulnerable_groups", "sector", "migration")


class ClassificationForm(forms.Form):
    """Offered on the signal page (focal officer) and, where the reporter knows it, on the
    internal form. Choices come from the newest lists."""

    vulnerable_groups = forms.MultipleChoiceField(
        label=gettext_lazy("Vulnerable group of the (possible) victim"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.ChoiceField(
        label=gettext_lazy("Sector (labour exploitation)"),
        required=False,
    )
    migration = forms.ChoiceField(
        label=gettext_lazy("Migration component"),
        required=False,
        choices=YesNoUnknown.choices,
        initial=YesNoUnknown.UNKNOWN,
        help_text=gettext_lazy("Did the (possible) victim cross a border to get here?"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "waarover-%s")
        super().__init__(*args, **kwargs)
        lists = load_classification()
        self.fields["vulnerable_groups"].choices = lists.choices("vulnerable_groups")  # type: ignore[attr-defined]
        self.fields["sector"].choices = [("", "—"), *lists.choices("sectors")]  # type: ignore[attr-defined]


class VersionedClassificationForm(ClassificationForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def initial_for(signal: Signal) -> dict[str, Any]:
    return {
        "vulnerable_groups": list(signal.vulnerable_groups),
        "sector": signal.sector,
        "migration": signal.migration,
        "version": signal.version,
    }


def classification_fields() -> dict[str, forms.Field]:
    """The fields the internal forms offer, where the reporter knows it (no migration question:
    that is the focal officer's to judge)."""
    fields = ClassificationForm().fields
    return {name: fields[name] for name in ("vulnerable_groups", "sector")}


@transaction.atomic
def signal_classify(
    *,
    actor: User,
    signal: Signal,
    vulnerable_groups: list[str],
    sector: str,
    migration: str,
    expected_version: int,
) -> Signal:
    """Record what the signal is about; audited with the fields that changed (codes only)."""
    if not may_act(actor, signal, Permission.HANDLE_SIGNAL):
        raise TransitionRefused()
    values = classification_clean(
        vulnerable_groups=vulnerable_groups, sector=sector, migration=migration
    )
    changed = [f for f in FIELDS if getattr(signal, f) != values[f]]
    signal_claim(signal=signal, expected_version=expected_version)
    for name, value in values.items():
        setattr(signal, name, value)
    signal.save(update_fields=[*values, "version"])
    event_add(
        signal=signal,
        actor=actor,
        kind=EventKind.CLASSIFICATION,
        data={f: values[f] for f in FIELDS},
    )
    audit_record(
        actor=actor,
        action="signal.classify",
        obj=signal,
        organisation_id=signal.municipality_id,
        fields=changed,
    )
    return signal
