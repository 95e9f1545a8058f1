"""The access export (inzageoverzicht, AVG art. 15): everything recorded about one person in the
privacy officer's municipality, found by the request's search terms, with the disclosure log
(who received what, when, on which basis).

What counts as the person, so the officer can explain it: a person involved in a signal
(``SignalSubject`` of kind person) whose description or name fields (given names, prefix,
surname, aliases) hold every word of the name given, or whose details hold one of the other
identifiers given (a telephone number, e-mail address, IBAN, licence plate, document number:
compared without spaces, dots and hyphens). A recorded date of birth that differs from the one
given excludes the subject.

What it never holds: the reporter (``ReporterIdentity`` is not read), the other persons of a
signal (third parties), the signal's own free-text description (it may name others: the export
says it is withheld and why), the text of referrals and the contents of linked signals.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from signaalroute.approach.catalogue import catalogue
from signaalroute.approach.models import ApproachCase
from signaalroute.care.lists import care_lists
from signaalroute.care.models import CareTrajectory
from signaalroute.matching.normalise_dates import normalise_date_of_birth
from signaalroute.partners.referrals.models import Disclosure
from signaalroute.signals.models import SignalSubject, SubjectKind
from signaalroute.signals.restrictions import restricted_ids
from signaalroute.stacking.engine import stack_links
from signaalroute.stacking.models import Candidate, Trace
from signaalroute.stacking.traces import FIELD_LABELS

from .models import DataSubjectRequest

NAME_FIELDS = ("given_names", "surname_prefix", "surname", "aliases")


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"\W+", text.casefold()) if w}


def _plain(value: Any) -> str:
    return re.sub(r"[\s.\-]", "", str(value)).casefold()


def _values(details: dict[str, Any], names: tuple[str, ...] | None = None) -> list[str]:
    out: list[str] = []
    for key, value in details.items():
        if names is None or key in names:
            out += [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return out


def _exact_birth(value: str) -> str | None:
    found = normalise_date_of_birth(value)
    return found.value if found.is_certain and found.value and len(found.value) == 10 else None


def subject_matches(subject: SignalSubject, name: str, birth: str, identifiers: str) -> bool:
    """Whether this subject is the person of the request (see the module's docstring)."""
    details = dict(subject.details or {})
    wanted = _exact_birth(birth) if birth else None
    held = _exact_birth(str(details.get("date_of_birth", ""))) if wanted else None
    if wanted and held and wanted != held:
        return False
    name_words = _words(name)
    haystack = _words(" ".join([subject.description, *_values(details, NAME_FIELDS)]))
    if name_words and name_words <= haystack:
        return True
    given = {_plain(line) for line in identifiers.splitlines() if len(_plain(line)) >= 5}
    return bool(given & {_plain(v) for v in _values(details)})


def subjects_of(request: DataSubjectRequest) -> list[SignalSubject]:
    """The person's subjects in the request's municipality."""
    candidates = SignalSubject.objects.filter(
        signal__municipality_id=request.municipality_id, kind=SubjectKind.PERSON
    ).select_related("signal")
    return [
        s
        for s in candidates
        if subject_matches(s, request.name, request.date_of_birth, request.identifiers)
    ]


@dataclass
class DisclosureRow:
    partner: str
    basis: str
    fields: list[str]
    at: dt.datetime


@dataclass
class CareRow:
    reference: str
    municipality: str
    status: str
    started_on: dt.date
    ended_on: dt.date | None
    shelter: list[tuple[str, dt.date | None, dt.date | None]]


@dataclass
class CaseRow:
    reference: str
    title: str
    interventions: list[str]


@dataclass
class SignalEntry:
    """One signal in which the person is recorded, as the person may see it."""

    subject_id: Any
    reference: str
    received: dt.date
    municipality: str
    forms: list[str]
    state: str
    kind: str
    role: str
    description: str
    details: list[tuple[str, str]]
    restricted: bool
    linked_signals: int
    disclosures: list[DisclosureRow] = field(default_factory=list)
    care: list[CareRow] = field(default_factory=list)
    cases: list[CaseRow] = field(default_factory=list)


@dataclass
class AccessStatement:
    municipality: str
    made_on: dt.date
    entries: list[SignalEntry]


def _linked_signals(subject: SignalSubject) -> int:
    """How many other signals the person's trace is linked to in a stack (never their contents)."""
    trace = Trace.objects.filter(subject=subject).first()
    if trace is None:
        return 0
    pairs = Candidate.objects.filter(stack_links(), Q(trace_a=trace) | Q(trace_b=trace))
    signals = {
        s for pair in pairs.values_list("trace_a__signal_id", "trace_b__signal_id") for s in pair
    }
    signals.discard(subject.signal_id)
    return len(signals)


def _detail_rows(details: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for key, value in details.items():
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        rows.append((str(FIELD_LABELS.get(key, key)), shown))
    return rows


def _care(subject: SignalSubject) -> list[CareRow]:
    rows = []
    trajectories = CareTrajectory.objects.filter(victim=subject).select_related("municipality")
    for t in trajectories.prefetch_related("placements"):
        shelter = [
            (care_lists().label("shelter_types", p.shelter_type), p.placed_on, p.left_on)
            for p in t.placements.all()
        ]
        rows.append(
            CareRow(
                t.reference,
                t.municipality.name,
                str(t.get_status_display()),
                t.started_on,
                t.ended_on,
                shelter,
            )
        )
    return rows


def _cases(subject: SignalSubject) -> list[CaseRow]:
    rows = []
    for case in ApproachCase.objects.filter(signals=subject.signal).prefetch_related(
        "interventions"
    ):
        kinds = [catalogue().kind(i.kind) for i in case.interventions.all()]
        rows.append(CaseRow(case.reference, case.title, [k.label if k else "" for k in kinds if k]))
    return rows


def access_statement(request: DataSubjectRequest) -> AccessStatement:
    """The statement for one request; without subjects found it is empty, dated today."""
    subjects = subjects_of(request)
    restricted = restricted_ids(subjects)
    ids = {str(s.pk) for s in subjects}
    by_subject: dict[str, list[DisclosureRow]] = {}
    disclosures = Disclosure.objects.filter(
        signal_id__in={s.signal_id for s in subjects}
    ).select_related("recipient")
    for d in disclosures.order_by("at"):
        row = DisclosureRow(d.recipient.name, d.basis_label, d.field_labels, d.at)
        for sid in ids & set(d.subject_ids):
            by_subject.setdefault(sid, []).append(row)
    entries = []
    for s in sorted(subjects, key=lambda s: s.signal.created_at):
        signal = s.signal
        entries.append(
            SignalEntry(
                subject_id=s.pk,
                reference=signal.reference,
                received=timezone.localdate(signal.created_at),
                municipality=request.municipality.name,
                forms=signal.form_labels,
                state=str(signal.get_state_display()),
                kind=str(s.get_kind_display()),
                role=str(s.get_role_display()),
                description=s.description,
                details=_detail_rows(dict(s.details or {})),
                restricted=s.pk in restricted,
                linked_signals=_linked_signals(s),
                disclosures=by_subject.get(str(s.pk), []),
                care=_care(s),
                cases=_cases(s),
            )
        )
    return AccessStatement(request.municipality.name, timezone.localdate(), entries)
