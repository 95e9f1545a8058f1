"""Learning the parameters of one population: an installation's traces, or a list to dedupe.

The frozen defaults (``data/parameters.json``) are a cold start, estimated on generated
records. A population differs from them in two ways, and this module learns both from its
own records, as Splink does:

* **u**, how often two *different* people agree by chance, depends on the population: how
  varied its names and dates are, how many share a house. It is estimated from random pairs
  of the population's own records (almost every random pair is a non-match);
* **λ**, the share of matches among the compared (blocked) pairs, depends on how often the
  population repeats itself. It is estimated by expectation-maximisation with ``m`` and ``u``
  fixed over *all* pairs of the population, the pairs outside the blocks counting as
  non-matches (:func:`_prior_over_all_pairs`, as Splink estimates the probability that two
  random records match), and then read as a share of the compared pairs. EM over the compared
  pairs alone overstates it: ``u`` is a share of random pairs, while compared non-matches
  agree on the name that brought them together far more often, so the name would count twice.
  λ is kept between guards so that it cannot run to an edge:
  at least the share of pairs a deterministic rule calls a match (same given name, surname and
  exact date of birth, or a shared identifier without a contradiction: these are matches in
  practice), at most :data:`PRIOR_CEILING`.

**m**, how the records of one person vary (typos, initials, a birth year for a date), is
learnt by EM the way Splink trains it (:func:`learn_m.learn_m_by_em`): per training session (the pairs one
kind of blocking key brings together) only for the fields that key does not involve, with the
model learnt from (the cold start, or the previous version) as a prior worth
:data:`M_PRIOR_PAIRS` matched pairs, and guards so that it cannot collapse. EM over all
compared pairs at once confused how records vary with who is in them (on FEBRL without
identifiers a different given name became almost no evidence, -2.9 bits instead of -6.3); per
session it ranks pairs better, and since a name alone no longer reaches "probable"
(``scoring.NAME_IS_NO_PERSON``, 2026-12-05) it also gains F1 at the default threshold
(``docs/benchmarks.md``).

Term frequencies (``frequencies.py``) are counted from the same records.
:func:`sanity_problems` says why a new estimate should not replace the one in use.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .blocking import blocking_keys
from .compare import compare
from .estimate import LEVELS_OF, SESSIONS, _em, _frequencies, initial_agreement
from .fields import DIFFERENT, EXACT, INITIALS
from .learn_m import (  # noqa: F401 - M_PRIOR_PAIRS is named in the docstring above
    M_PRIOR_PAIRS,
    PRIOR_CEILING,
    PRIOR_MINIMUM,
    SANITY_FIELDS,
    learn_m_by_em,
)
from .records import Record
from .scoring import (
    CERTAIN_FIELDS,
    CONTRADICTIONS,
    KIND_OF,
    KindParameters,
    Parameters,
    probability,
)

#: The least share of matches among all pairs (scoring's floor of the prior).
ALL_PAIRS_MINIMUM = 1e-12
#: Fewer records of a kind than this give no estimate worth trusting: the model learnt from
#: (the frozen defaults, or the previous version) is kept for that kind.
MIN_RECORDS = 50
#: Random pairs sampled per kind for ``u``.
RANDOM_PAIRS = 20_000
#: At most this many blocked pairs per kind (a random sample beyond it) for λ: a sample says
#: the same share, and keeps a large installation's nightly estimate short.
MAX_BLOCKED_PAIRS = 200_000
#: A new estimate may change the share of blocked pairs that reach "probable" by at most
#: this factor against the parameters in use; a bigger jump is a sign of bad data (an import
#: gone wrong), not of a population that changed overnight.
MAX_SHIFT = 2.0
#: … and only when it moves by more than this share (absolute) over at least this many pairs:
#: a small municipality with no probable pair yet may get its first ones.
MIN_SHIFT = 0.02
MIN_SHIFT_PAIRS = 100


@dataclass(frozen=True)
class KindEstimate:
    """What was learnt for one kind: the records and pairs it rests on, the bounds of λ."""

    records: int
    blocked_pairs: int
    sure_pairs: int  # blocked pairs a deterministic rule calls a match
    prior_floor: float
    prior_em: float  # λ as EM found it, before the guards
    learnt: bool  # False: too few records, the model learnt from was kept
    # the compared pairs' vectors (the sanity check weighs old and new parameters on them)
    vectors: Sequence[dict[str, str]] = field(default=(), repr=False, compare=False)
    labelled_matches: int = 0  # confirmed links counted as matches for m
    known_non_matches: int = 0  # rejected or undone links left out of EM

    @property
    def held(self) -> bool:
        """EM ran λ past a guard, which holds it there."""
        return self.learnt and not self.prior_floor <= self.prior_em <= PRIOR_CEILING


def is_sure_match(kind: str, vector: dict[str, str]) -> bool:
    """The deterministic rule: a pair nobody would doubt. For persons: given name, surname and
    an exact date of birth agree exactly; for any kind: a certain identifier agrees and nothing
    contradicts it (``scoring.CONTRADICTIONS``)."""
    if any(vector.get(name) == DIFFERENT for name in CONTRADICTIONS.get(kind, ())):
        return False
    if any(vector.get(name) == "agree" for name in CERTAIN_FIELDS.get(kind, ())):
        return True
    if kind == "person":
        return all(
            vector.get(name) == EXACT for name in ("given_names", "surname", "date_of_birth")
        )
    return False


def _session_pairs(
    records: Sequence[Record], pairs: Sequence[tuple[int, int]], kind: str
) -> list[tuple[list[int], set[str]]]:
    """Per training session of ``estimate.SESSIONS``: the positions in ``pairs`` of the pairs
    that its kind of blocking key brings together, and the fields that key involves."""
    keys: dict[int, set[str]] = {}

    def prefixes(i: int) -> set[str]:
        if i not in keys:
            keys[i] = blocking_keys(records[i])
        return keys[i]

    shared = [{key.split(":", 1)[0] for key in prefixes(a) & prefixes(b)} for a, b in pairs]
    return [
        ([n for n, found in enumerate(shared) if found & set(kinds)], involved)
        for kinds, involved in SESSIONS.get(kind, [])
    ]


def _prior_over_all_pairs(
    params: KindParameters,
    vectors: Sequence[dict[str, str]],
    *,
    scale: float,
    all_pairs: float,
    start: float,
) -> float:
    """λ over all pairs of the population, as Splink's "probability that two random records
    match": EM with ``m`` and ``u`` fixed, where the pairs outside the blocks count as
    non-matches (they agree on no name, date or identifier that blocking would have seen).
    ``scale`` is the number of blocked pairs for each vector given (a sample of them)."""
    patterns = Counter(tuple(sorted(vector.items())) for vector in vectors)
    prior = max(start, ALL_PAIRS_MINIMUM)
    for _round in range(50):
        current = replace(params, prior=prior)
        expected = scale * sum(
            probability(current.weight(dict(pattern))) * n for pattern, n in patterns.items()
        )
        new = min(max(expected / all_pairs, ALL_PAIRS_MINIMUM), PRIOR_CEILING)
        if abs(new - prior) <= 1e-4 * prior:
            return new
        prior = new
    return prior


def estimate_population(
    records: Sequence[Record],
    blocked: Sequence[tuple[int, int]],
    base: Parameters,
    *,
    random_pairs: int = RANDOM_PAIRS,
    seed: int = 2026,
    estimated_on: str = "",
    learn_m: bool = True,
    consistent_share: bool = True,
    decided: Sequence[tuple[int, int, bool]] = (),
) -> tuple[Parameters, dict[str, KindEstimate]]:
    """``u``, ``λ`` and ``m`` of each kind learnt from ``records``, with what each estimate
    rests on. ``blocked`` are the index pairs the engine compares.

    ``m`` is learnt by EM per training session (:func:`learn_m.learn_m_by_em`), with ``base.m`` as its
    prior; ``learn_m`` False keeps ``base.m`` (for the benchmark's ablation).
    ``consistent_share`` False estimates λ the old way, by EM over the blocked pairs alone
    (for the ablation too). ``decided``: index pairs a person decided, True for a confirmed
    link (a labelled match for ``m``), False for a rejected or undone one (left out of the
    pairs EM reads: it is known not to be a match, and outside the blocks it counts as one)."""
    rejected = {frozenset((a, b)) for a, b, confirmed in decided if not confirmed}
    rng = random.Random(seed)  # noqa: S311 - sampling, not cryptography
    by_kind: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        by_kind.setdefault(KIND_OF[type(record)], []).append(index)
    kinds = dict(base.kinds)
    found: dict[str, KindEstimate] = {}
    for kind, indexes in by_kind.items():
        old = base.kinds.get(kind)
        if old is None:
            continue
        wanted = set(indexes)
        pairs = blocked_of_kind = [
            pair for pair in blocked if pair[0] in wanted and frozenset(pair) not in rejected
        ]
        labelled = [
            compare(records[a], records[b])
            for a, b, confirmed in decided
            if confirmed and a in wanted and b in wanted
        ]
        if len(pairs) > MAX_BLOCKED_PAIRS:
            pairs = rng.sample(pairs, MAX_BLOCKED_PAIRS)
        if len(indexes) < MIN_RECORDS or not pairs:
            found[kind] = KindEstimate(len(indexes), len(pairs), 0, 0.0, old.prior, False)
            continue
        vectors = [compare(records[a], records[b]) for a, b in pairs]
        sample = [
            compare(records[i], records[j])
            for i, j in (rng.sample(indexes, 2) for _n in range(random_pairs))
        ]
        levels = LEVELS_OF[kind]
        u = _frequencies(sample, levels)
        m = {field: old.m.get(field, u[field]) for field in levels}
        if learn_m:
            sessions = _session_pairs(records, pairs, kind)
            m, _used = learn_m_by_em(
                kind, vectors, sessions, replace(old, m=m), u, levels, labelled=labelled
            )
            if kind == "person" and INITIALS in m.get("given_names", {}):
                ceiling = u["given_names"][INITIALS] / initial_agreement(
                    [records[i] for i in indexes]
                )
                m["given_names"][INITIALS] = min(m["given_names"][INITIALS], ceiling)
        sure = sum(is_sure_match(kind, vector) for vector in vectors)
        if consistent_share:
            scale = len(blocked_of_kind) / len(pairs)
            total = len(indexes) * (len(indexes) - 1) / 2
            floor = max(sure * scale / total, ALL_PAIRS_MINIMUM)
            em_prior = _prior_over_all_pairs(
                replace(old, m=m, u=u), vectors, scale=scale, all_pairs=total, start=floor
            )
            # the share of matches among the compared pairs, as the consistent model counts it
            em_prior = em_prior * total / len(blocked_of_kind)
            floor = max(sure / len(vectors), PRIOR_MINIMUM)
            prior = min(max(em_prior, floor), PRIOR_CEILING)
            fitted = replace(old, prior=em_prior)
        else:
            fitted = _em(vectors, u, levels, m=m, fixed_m=True, unscored=old.unscored)
            floor = max(sure / len(vectors), PRIOR_MINIMUM)
            prior = min(max(fitted.prior, floor), PRIOR_CEILING)
        kinds[kind] = replace(old, m=m, u=u, prior=prior)
        found[kind] = KindEstimate(
            len(indexes),
            len(pairs),
            sure,
            floor,
            fitted.prior,
            True,
            vectors,
            labelled_matches=len(labelled) if learn_m else 0,
            known_non_matches=sum(
                1 for a, b, confirmed in decided if not confirmed and a in wanted
            ),
        )
    params = replace(base, kinds=kinds, estimated_on=estimated_on, frequencies=None)
    return params, found


def probable_share(
    kind_params: KindParameters, vectors: Sequence[dict[str, str]], threshold: float
) -> float:
    """The share of ``vectors`` whose probability reaches ``threshold``."""
    if not vectors:
        return 0.0
    return sum(probability(kind_params.weight(v)) >= threshold for v in vectors) / len(vectors)


@dataclass(frozen=True)
class SanityProblem:
    """Why a new estimate should not be used: ``code`` is ``exact_against`` (agreeing on
    ``field`` would count against a match), ``different_for`` (differing would count for
    one) or ``shift`` (the share of compared pairs reaching "probable" would jump from
    ``before`` to ``after``). Callers put it in words."""

    code: str
    kind: str
    field: str = ""
    before: float = 0.0
    after: float = 0.0


def sanity_problems(
    new: Parameters,
    current: Parameters,
    estimates: dict[str, KindEstimate],
    *,
    shift: bool = True,
) -> list[SanityProblem]:
    """Why ``new`` should not replace ``current`` (empty when it may): weights that turned
    (agreeing on a name counts against a match) or a jump of more than :data:`MAX_SHIFT` in
    the share of compared pairs that reach "probable" (unless not ``shift``: a list deduped
    once has no parameters in use to shift from). A λ that EM ran past a guard is no problem:
    the guard holds it (:attr:`KindEstimate.held`)."""
    problems = []
    for kind, estimate in estimates.items():
        if not estimate.learnt:
            continue
        params = new.kinds[kind]
        for name in SANITY_FIELDS.get(kind, ()):
            weights = params.level_weights.get(name, {})
            if weights.get(EXACT, 1.0) <= 0:
                problems.append(SanityProblem("exact_against", kind, name))
            if weights.get(DIFFERENT, -1.0) >= 0:
                problems.append(SanityProblem("different_for", kind, name))
        old = current.kinds.get(kind)
        if shift and estimate.vectors and old is not None:
            before = probable_share(old, estimate.vectors, current.probable)
            after = probable_share(params, estimate.vectors, new.probable)
            low, high = sorted((before, after))
            if (
                len(estimate.vectors) >= MIN_SHIFT_PAIRS
                and high - low > MIN_SHIFT
                and (low == 0 or high / low > MAX_SHIFT)
            ):
                problems.append(SanityProblem("shift", kind, before=before, after=after))
    return problems
