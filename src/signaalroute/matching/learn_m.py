"""``m`` learnt by EM per training session, the way Splink trains it, with the model learnt
from as a prior (``learn.estimate_population`` calls it), and with the focal officers'
confirmed links as labelled matches when an installation learns.

A confirmed link is a pair a person looked at and called one person: its comparison levels
count as one matched pair each, in every field, on top of what EM expects. A rejected or undone
link is left out of the pairs EM reads (``estimate_population``): it is known not to be a match.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .fields import DIFFERENT, EXACT, MISSING
from .scoring import KindParameters, probability

#: ``m`` is learnt with the model learnt from as a prior worth this many matched pairs per
#: training session: a small population moves it little, a large one as far as its data say.
M_PRIOR_PAIRS = 200.0
#: EM rounds per training session.
M_ROUNDS = 25
#: The share of matches among blocked pairs is kept at or below this (a session whose share
#: runs to it is left out).
PRIOR_CEILING = 0.9
#: … and at or above this (a population without a single sure match still compares pairs).
PRIOR_MINIMUM = 1e-4
#: Fields whose weights must keep their sign: agreeing counts for a match, differing against.
SANITY_FIELDS: dict[str, tuple[str, ...]] = {
    "person": ("given_names", "surname", "date_of_birth"),
    "address": ("postcode",),
    "organisation": ("trade_names",),
}


def learn_m_by_em(
    kind: str,
    vectors: Sequence[dict[str, str]],
    sessions: Sequence[tuple[list[int], set[str]]],
    old: KindParameters,
    u: dict[str, dict[str, float]],
    levels: dict[str, tuple[str, ...]],
    *,
    labelled: Sequence[dict[str, str]] = (),
) -> tuple[dict[str, dict[str, float]], int]:
    """``m`` by EM with ``u`` fixed, the way Splink trains it: in each training session (the
    pairs one kind of blocking key brings together) only for the fields that key does not
    involve, since within the block those agree whether or not a pair is a match. The
    sessions' expected counts are pooled with ``old.m`` as a prior worth
    :data:`M_PRIOR_PAIRS` matched pairs. Guards: a session whose share of matches runs to
    :data:`PRIOR_CEILING` (its "matches" are everything) is left out; a name or date field
    whose learnt weights would turn (agreeing against a match, differing for one) keeps the
    old ``m``. ``labelled``: the comparison vectors of pairs known to match (confirmed links),
    each counted as one matched pair in every field. Returns ``m`` and the number of sessions
    used."""
    base = {
        name: {level: max(old.m.get(name, {}).get(level, 0.0), 1e-6) for level in field_levels}
        for name, field_levels in levels.items()
    }
    counts: dict[str, dict[str, float]] = {
        name: {level: 0.0 for level in field_levels if level != MISSING}
        for name, field_levels in levels.items()
    }
    used = 0
    for members, involved in sessions:
        kept = [name for name in levels if name not in involved]
        patterns = Counter(
            tuple((name, vectors[n].get(name, MISSING)) for name in kept) for n in members
        )
        if not patterns:
            continue
        m = {name: dict(base[name]) for name in kept}
        prior = old.prior
        weights: dict[tuple[tuple[str, str], ...], float] = {}
        for _round in range(M_ROUNDS):
            params = KindParameters(prior=prior, m=m, u=u, unscored=old.unscored, order=old.order)
            weights = {pattern: probability(params.weight(dict(pattern))) for pattern in patterns}
            matched = sum(weights[p] * n for p, n in patterns.items())
            prior = min(max(matched / len(members), PRIOR_MINIMUM), PRIOR_CEILING)
            m = {name: _m_step(name, patterns, weights, base[name]) for name in kept}
        if prior >= PRIOR_CEILING:
            continue
        used += 1
        for pattern, n in patterns.items():
            for name, level in pattern:
                if level != MISSING and level in counts[name]:
                    counts[name][level] += weights[pattern] * n
    for vector in labelled:
        for name, field_counts in counts.items():
            level = vector.get(name, MISSING)
            if level in field_counts:
                field_counts[level] += 1.0
    learnt = {}
    for name, field_counts in counts.items():
        present = sum(base[name][level] for level in field_counts)
        pooled = {
            level: count + M_PRIOR_PAIRS * base[name][level] / present
            for level, count in field_counts.items()
        }
        total = sum(pooled.values())
        learnt[name] = {level: value / total for level, value in pooled.items()} | {MISSING: 1.0}
    for name in SANITY_FIELDS.get(kind, ()):
        if name not in learnt or name not in old.m:
            continue
        m_exact, m_different = learnt[name].get(EXACT), learnt[name].get(DIFFERENT)
        if (m_exact is not None and m_exact <= u[name][EXACT]) or (
            m_different is not None and m_different >= u[name][DIFFERENT]
        ):
            learnt[name] = dict(old.m[name])
    return learnt, used


def _m_step(
    name: str,
    patterns: Counter[tuple[tuple[str, str], ...]],
    weights: dict[tuple[tuple[str, str], ...], float],
    base: dict[str, float],
) -> dict[str, float]:
    levels = [level for level in base if level != MISSING]
    present = sum(base[level] for level in levels)
    sums = {level: M_PRIOR_PAIRS * base[level] / present for level in levels}
    for pattern, n in patterns.items():
        level = dict(pattern)[name]
        if level in sums:
            sums[level] += weights[pattern] * n
    total = sum(sums.values())
    return {level: value / total for level, value in sums.items()} | {MISSING: 1.0}
