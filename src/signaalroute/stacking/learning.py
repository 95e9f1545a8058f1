"""The parameters the engine matches with, learnt from the installation's own traces.

``manage.py stacking_learn`` (weekly, see docs/configuration.md) runs :func:`matching_model_learn`
for each municipality, or each region when ``SIGNAALROUTE_STACKING_LEARN_SCOPE`` is
``"region"``: how often different people agree by chance (``u``), the share of matches among
compared pairs (λ) and how common each name is (term frequencies) are learnt from the traces
(``matching.learn``), ``m`` is taken over from the version in use. The result is stored as a
new :class:`MatchingModel` version; it comes into use only when it passes the sanity check
against the version in use, and otherwise stays on record, rejected, with its reasons.
Municipalities with fewer persons than ``matching.learn.MIN_RECORDS`` keep the cold start.

:func:`parameters_in_use` is what the engine asks: the active version of the municipality, else
of its region, else the frozen defaults, with the term frequencies of that version. Names are
counted under a keyed hash (:func:`frequency_token`), so the stored table holds no names.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from signaalroute.accounts.models import Organisation, OrganisationKind, Region
from signaalroute.audit.services import audit_record
from signaalroute.matching.batch import blocked_pairs
from signaalroute.matching.frequencies import TermFrequencies
from signaalroute.matching.learn import (
    KindEstimate,
    SanityProblem,
    estimate_population,
    sanity_problems,
)
from signaalroute.matching.records import Record
from signaalroute.matching.scoring import (
    KIND_OF,
    Parameters,
    default_parameters,
    parameters_from_json,
)

from .models import Candidate, CandidateStatus, MatchingModel, MatchingModelStatus, Trace
from .traces import record_for

_FIELD_WORDS = {
    "given_names": gettext_lazy("given name"),
    "surname": gettext_lazy("surname"),
    "date_of_birth": gettext_lazy("date of birth"),
    "postcode": gettext_lazy("postcode"),
    "trade_names": gettext_lazy("trade name"),
}
_cache: dict[uuid.UUID, Parameters] = {}
#: Names counted fewer times than this are not stored in a version's frequency table.
MIN_STORED_COUNT = 2


def learn_scope() -> str:
    """``"municipality"`` (default) or ``"region"``: whose traces one version learns from."""
    return getattr(settings, "SIGNAALROUTE_STACKING_LEARN_SCOPE", "municipality")


@functools.cache
def _frequency_key(secret: str) -> bytes:
    return hashlib.sha256(b"signaalroute.stacking.frequencies|" + secret.encode()).digest()


def frequency_token(value: str) -> str:
    """A name as it is counted in a stored frequency table: a keyed hash (HMAC-SHA256 with a key
    derived from ``SECRET_KEY``), not the name. Pseudonymised, not anonymous: whoever holds the
    key can test a name, which is why only counts of two and more are stored."""
    key = _frequency_key(settings.SECRET_KEY)
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:20]


def problem_text(problem: SanityProblem) -> str:
    """A sanity problem in words (the active language)."""
    field = str(_FIELD_WORDS.get(problem.field, problem.field))
    if problem.code == "exact_against":
        return _("an agreeing %(field)s would count against a match") % {"field": field}
    if problem.code == "different_for":
        return _("a differing %(field)s would count for a match") % {"field": field}
    return _(
        "the share of compared pairs that is probable would go from %(before).1f%% to %(after).1f%%"
    ) % {"before": problem.before * 100, "after": problem.after * 100}


def model_in_use(municipality_id: uuid.UUID) -> MatchingModel | None:
    """The active version for a municipality: its own, else its region's (one query)."""
    return (
        MatchingModel.objects.filter(status=MatchingModelStatus.ACTIVE)
        .filter(Q(municipality_id=municipality_id) | Q(region__organisations__id=municipality_id))
        .order_by(F("region_id").asc(nulls_first=True), "-version")  # its own first
        .only("id", "municipality_id", "region_id", "version", "created_at")
        .first()
    )


def _parameters_of(model: MatchingModel) -> Parameters:
    found = _cache.get(model.pk)
    if found is None:
        stored = MatchingModel.objects.only("parameters", "frequencies").get(pk=model.pk)
        params = parameters_from_json(stored.parameters)
        frequencies = TermFrequencies.from_json(stored.frequencies, keyed=frequency_token)
        found = params.with_frequencies(frequencies if frequencies.persons else None)
        if len(_cache) > 64:
            _cache.clear()
        _cache[model.pk] = found
    return found


def parameters_in_use(municipality_id: uuid.UUID) -> Parameters:
    """What the engine matches a municipality's traces with (see the module docstring)."""
    model = model_in_use(municipality_id)
    return _parameters_of(model) if model is not None else default_parameters()


def _scope_filter(municipality: Organisation | None, region: Region | None) -> Q:
    if municipality is not None:
        return Q(municipality=municipality)
    return Q(municipality__region=region, municipality__kind=OrganisationKind.MUNICIPALITY)


def scope_records(
    municipality: Organisation | None, region: Region | None
) -> tuple[list[Record], list[uuid.UUID], list[tuple[int, int, bool]]]:
    """The records of every scored trace in the scope (persons, addresses, organisations), the
    signal of each (pairs within one signal are never compared by the engine), and the links
    the focal officers decided between them, as index pairs: True confirmed, False rejected or
    undone (``learn.estimate_population``'s labels)."""
    rows = Trace.objects.filter(_scope_filter(municipality, region)).values_list(
        "id", "kind", "record", "signal_id"
    )
    records: list[Record] = []
    signals: list[uuid.UUID] = []
    position: dict[uuid.UUID, int] = {}
    for trace_id, kind, details, signal_id in rows.iterator(chunk_size=2000):
        record = record_for(kind, details or {})
        if record is not None and type(record) in KIND_OF:
            position[trace_id] = len(records)
            records.append(record)
            signals.append(signal_id)
    links = (
        Candidate.objects.filter(_scope_filter(municipality, region))
        .exclude(status=CandidateStatus.PROPOSED)
        .values_list("trace_a_id", "trace_b_id", "status")
    )
    decided = [
        (position[a], position[b], status == CandidateStatus.CONFIRMED)
        for a, b, status in links.iterator(chunk_size=2000)
        if a in position and b in position
    ]
    return records, signals, decided


def _basis(estimates: dict[str, KindEstimate], params: Parameters) -> dict[str, Any]:
    return {
        kind: {
            "records": e.records,
            "blocked_pairs": e.blocked_pairs,
            "sure_pairs": e.sure_pairs,
            "prior_floor": e.prior_floor,
            "prior_em": e.prior_em,
            "prior": params.kinds[kind].prior,
            "learnt": e.learnt,
            "labelled_matches": e.labelled_matches,
            "known_non_matches": e.known_non_matches,
        }
        for kind, e in estimates.items()
    }


def matching_model_learn(
    *,
    municipality: Organisation | None = None,
    region: Region | None = None,
    actor: Any = None,
    records: list[Record] | None = None,
    note: Callable[[str], None] | None = None,
) -> MatchingModel | None:
    """Learn a new version for one municipality or one region and store it: active when it
    passes the sanity check against the version in use, else rejected with its problems.
    None when no kind had enough records to learn from (nothing is stored then).

    ``records`` (tests, the demo) replaces the scope's traces; pairs within one signal are left
    out of the estimate, as the engine never compares them."""
    if (municipality is None) == (region is None):
        raise ValueError("learn for one municipality or one region")
    decided: list[tuple[int, int, bool]] = []
    if records is None:
        records, signals, decided = scope_records(municipality, region)
    else:
        signals = list(range(len(records)))  # type: ignore[arg-type]
    pairs = [(a, b) for a, b in blocked_pairs(records) if signals[a] != signals[b]]
    scope = Q(municipality=municipality) if municipality is not None else Q(region=region)
    organisation_id = municipality.pk if municipality is not None else None
    with transaction.atomic():
        # One run per scope at a time: the scope's row is locked while the version is made.
        if municipality is not None:
            Organisation.objects.select_for_update().filter(pk=municipality.pk).first()
            current_model = model_in_use(municipality.pk)
        else:
            Region.objects.select_for_update().filter(pk=region.pk).first()  # type: ignore[union-attr]
            current_model = MatchingModel.objects.filter(
                scope, status=MatchingModelStatus.ACTIVE
            ).first()
        current = _parameters_of(current_model) if current_model else default_parameters()
        learnt, estimates = estimate_population(
            records, pairs, current, estimated_on=f"{len(records)} traces", decided=decided
        )
        if not any(e.learnt for e in estimates.values()):
            if note:
                note(_("Too few traces (%(n)s) to learn from.") % {"n": len(records)})
            return None
        problems = sanity_problems(learnt, current, estimates)
        frequencies = TermFrequencies.from_records(records, keyed=frequency_token)
        last = MatchingModel.objects.filter(scope).aggregate(n=Max("version"))["n"] or 0
        if not problems:
            replaced = MatchingModel.objects.filter(scope, status=MatchingModelStatus.ACTIVE)
            if region is not None:  # the region's version replaces its municipalities' own
                replaced = MatchingModel.objects.filter(
                    Q(region=region) | Q(municipality__region=region),
                    status=MatchingModelStatus.ACTIVE,
                )
            replaced.update(status=MatchingModelStatus.SUPERSEDED)
        model = MatchingModel.objects.create(
            municipality=municipality,
            region=region,
            version=last + 1,
            status=MatchingModelStatus.REJECTED if problems else MatchingModelStatus.ACTIVE,
            parameters=learnt.as_json(),
            frequencies=_kept_frequencies(frequencies) if not problems else {},
            basis=_basis(estimates, learnt),
            problems=[problem.__dict__ for problem in problems],
        )
        # Only the version in use keeps its name frequencies: the others are history.
        MatchingModel.objects.filter(scope).exclude(status=MatchingModelStatus.ACTIVE).exclude(
            frequencies={}
        ).update(frequencies={})
        audit_record(
            actor=actor,
            action="stacking.model_learn",
            obj=model,
            organisation_id=organisation_id,
            extra={"version": model.version, "status": model.status},
        )
    return model


def _kept_frequencies(frequencies: TermFrequencies) -> dict[str, Any]:
    """The frequencies as stored: names seen fewer than :data:`MIN_STORED_COUNT` times are left
    out (a name seen once is weighed as unseen), so the table cannot tell that one person is in
    the municipality's signals."""
    data = frequencies.as_json()
    for name, counts in data.items():
        if isinstance(counts, dict):
            data[name] = {token: n for token, n in counts.items() if n >= MIN_STORED_COUNT}
    return data


def learn_all(
    *, actor: Any = None, note: Callable[[str], None] | None = None
) -> list[tuple[Organisation | Region, MatchingModel | None]]:
    """Learn a version for every municipality (or region, see :func:`learn_scope`)."""
    made: list[tuple[Organisation | Region, MatchingModel | None]] = []
    if learn_scope() == "region":
        for region in Region.objects.all():
            made.append((region, matching_model_learn(region=region, actor=actor, note=note)))
    else:
        for municipality in Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY):
            model = matching_model_learn(municipality=municipality, actor=actor, note=note)
            made.append((municipality, model))
    return made


# --- What the functional administrator sees -------------------------------------------------------

#: The person fields and levels shown in the overview of a version's weights.
SHOWN_LEVELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("given_names", ("exact", "one-letter", "similar", "initials", "different")),
    ("surname", ("exact", "one-letter", "similar", "phonetic", "different")),
    ("date_of_birth", ("exact", "swapped", "typo", "one-part", "year-only", "different")),
    ("address", ("exact", "area", "different")),
    ("phone", ("agree", "digits", "disagree")),
)


@dataclass(frozen=True)
class ModelOverview:
    """The version in use for a municipality (None: the frozen defaults), the versions on
    record for it and its region, and the person weights in use (field, level, bits)."""

    in_use: MatchingModel | None
    history: list[tuple[MatchingModel, list[str]]]
    weights: list[tuple[str, str, float]]
    prior: float
    frequencies: int  # persons the name frequencies were counted over (0: none)
    confirmed_links: int = 0  # the focal officers' confirmed links the version learnt from
    rejected_links: int = 0  # … and their rejected or undone ones, left out of its EM


def model_overview(municipality: Organisation) -> ModelOverview:
    in_use = model_in_use(municipality.pk)
    params = _parameters_of(in_use) if in_use is not None else default_parameters()
    history = list(
        MatchingModel.objects.filter(
            Q(municipality=municipality) | Q(region_id=municipality.region_id)
        ).defer("parameters", "frequencies")[:12]
    )
    person = params.kinds["person"]
    basis = in_use.basis if in_use is not None else {}
    weights = [
        (name, level, person.level_weights[name][level])
        for name, levels in SHOWN_LEVELS
        for level in levels
        if level in person.level_weights.get(name, {})
    ]
    return ModelOverview(
        in_use=in_use,
        history=[
            (model, [problem_text(SanityProblem(**p)) for p in model.problems]) for model in history
        ],
        weights=weights,
        prior=person.prior,
        frequencies=params.frequencies.persons if params.frequencies is not None else 0,
        confirmed_links=sum(kind.get("labelled_matches", 0) for kind in basis.values()),
        rejected_links=sum(kind.get("known_non_matches", 0) for kind in basis.values()),
    )
