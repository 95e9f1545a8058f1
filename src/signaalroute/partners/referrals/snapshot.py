"""What a referral holds for the partner: the snapshot of exactly the fields the sharing table
allows (``sharing.py``), never the reporter, and which subjects a disclosure holds. A subject
whose processing is restricted (``signals.restrictions``, AVG art. 18) is never shared."""

from __future__ import annotations

from typing import Any

from signaalroute.signals.models import Signal, SubjectRole
from signaalroute.signals.restrictions import without_restricted


def _subject(subject: Any) -> dict[str, str]:
    return {
        "kind": str(subject.get_kind_display()),
        "role": str(subject.get_role_display()),
        "description": subject.description,
    }


def build_shared(signal: Signal, fields: frozenset[str]) -> dict[str, Any]:
    """The snapshot the partner sees: only `fields`, in plain values, never the reporter."""
    shared: dict[str, Any] = {"reference": signal.reference}
    if "municipality" in fields:
        shared["municipality"] = signal.municipality.name
    if "forms" in fields:
        shared["forms"] = signal.form_labels
    if "minors" in fields:
        shared["minors"] = str(signal.get_minors_display())
    if "acute" in fields:
        shared["acute"] = signal.acute
    if "indicators" in fields:
        shared["indicators"] = signal.indicator_labels
    if "observed_on" in fields:
        shared["observed_on"] = signal.observed_on.isoformat() if signal.observed_on else ""
    if "description" in fields:
        shared["description"] = signal.description
    if "location" in fields:
        shared["location"] = signal.address_text
    subjects = without_restricted(signal.subjects.all()) if fields & {"subjects", "victims"} else []
    if "subjects" in fields:
        shared["subjects"] = [_subject(s) for s in subjects if s.role != SubjectRole.VICTIM]
    if "victims" in fields:
        shared["victims"] = [_subject(s) for s in subjects if s.role == SubjectRole.VICTIM]
    return shared


def shared_subject_ids(signal: Signal, fields: frozenset[str]) -> list[str]:
    """The subjects a disclosure with these fields holds (for the disclosure log)."""
    return [
        str(s.pk)
        for s in without_restricted(signal.subjects.all())
        if ("victims" if s.role == SubjectRole.VICTIM else "subjects") in fields
    ]
