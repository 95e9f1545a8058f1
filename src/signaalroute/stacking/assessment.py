"""The indicator assessment across a stack of signals: an aid, never a verdict.

It applies the combination rules of the ILO/EC Delphi indicators to the indicators that the
signals in a stack have seen, and shows which indicators contributed. A positive result means
that the indicators *recorded* meet the published combination rules; it does not establish that
anyone is a victim, and a negative result does not rule it out (signals record what a partner
happened to notice, not an interview against the full list). Identification is for the
competent authorities; this module only helps the focal officer read a stack.

Source
    International Labour Office and European Commission, *Operational indicators of
    trafficking in human beings. Results from a Delphi survey implemented by the ILO and the
    European Commission* (first published March 2009, revised September 2009), ILO
    WCMS_105023; catalogue source id ``ilo-ec-2009`` in ``intake/data/indicators-v1.json``.

The rules, and how far they were checked
    * A dimension is *positive* when it holds at least two strong indicators; or one strong and
      one medium or weak; or three medium; or two medium and one weak (:data:`COMBINATIONS`).
      Checked against the secondary source ``ref-unified-weighted`` (stored public file id
      60543658991, section "Case-strength scoring", step 1), which states exactly these four
      combinations and attributes them to WCMS_105023, page 3. The original PDF could not be
      read in the material available when this module was written (only the ILO and EC landing
      pages and the opening of the brochure), so the page number is the secondary source's and
      has not been confirmed here.
    * An adult is indicated as a possible victim when a recruitment dimension (deceptive,
      coercive or by abuse of vulnerability), the exploitation dimension and a means-at-
      destination dimension (coercion or abuse of vulnerability at destination) are all
      positive (:data:`RECRUITMENT`, :data:`EXPLOITATION`, :data:`MEANS`). This is the reading
      given in the issue. It could NOT be verified against the brochure's own wording. Note that
      ``ref-unified-weighted`` (step 2) gives a narrower table, taken from an ILO survey in
      Moldova, in which only deceptive or coercive recruitment appears and abuse of
      vulnerability "substitutes for or reinforces" the means; this module follows the wider
      reading, in which each of the three recruitment dimensions and each of the two
      destination dimensions counts. Check against the PDF before relying on it.
    * For minors no means are required: recruitment and exploitation suffice. This follows the
      Palermo Protocol, article 3(c) (recruitment, transport, transfer, harbouring or receipt
      of a child for the purpose of exploitation is trafficking even without any of the means
      in article 3(a)), which ``ref-unified-weighted`` also cites for the Delphi child lists.
      Whether the ILO/EC brochure states this rule in these words could NOT be verified.

What it does
    * Resolves each signal's ``indicator_codes`` in the catalogue version the signal was
      recorded with (the newest when it has none). Codes unknown to that version, and all codes
      of a version that is no longer shipped, are skipped and reported in
      :attr:`Assessment.skipped_codes`.
    * Counts an indicator once however many signals saw it; the number of signals that saw it is
      kept for display.
    * Lists Dutch signal-list indicators (``nl_signal_list``: no dimension or strength) as
      *other signs*; they never count in the ILO rules.
    * Uses the child lists for minors and the adult lists otherwise. Child-list indicators never
      count for an adult (their strengths are higher, so they would overstate). Adult-list
      indicators do count for a minor, at their adult strength: in the labour lists a child
      strength is never lower than the adult one (``ref-unified-weighted``, columns A-L and
      C-L), so this can understate but not overstate; :attr:`Assessment.adult_strengths_for_minor`
      says when it happened.

What it does NOT do
    * It does not assess the sexual-exploitation or child indicator sets until the catalogue
      holds them: catalogue v1 contains only the adults/labour ILO list. The code works for any
      (dimension, target) the catalogue holds, but the result is only as complete as the
      catalogue.
    * It does not weigh the reliability or age of a signal, decide who the signals are about
      (that is the stacking comparison) or store anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from signaalroute.signals.indicators import DIMENSIONS, Catalogue, Indicator, load_catalogue

# --- the rules, as data ---------------------------------------------------------------------


@dataclass(frozen=True)
class Combination:
    """A minimum number of strong, medium and weak indicators that makes a dimension positive."""

    key: str
    strong: int
    medium: int
    weak: int


# ILO/EC 2009 (WCMS_105023): a dimension is positive with at least one of these combinations.
# "One strong and one medium or weak" is written as two rows. Checked in this order; the first
# that holds is reported. Every row is a minimum, so adding an indicator never undoes a result.
COMBINATIONS: tuple[Combination, ...] = (
    Combination("2s", strong=2, medium=0, weak=0),
    Combination("1s1m", strong=1, medium=1, weak=0),
    Combination("1s1w", strong=1, medium=0, weak=1),
    Combination("3m", strong=0, medium=3, weak=0),
    Combination("2m1w", strong=0, medium=2, weak=1),
)
RULE_LABELS: dict[str, Promise] = {
    "2s": _("two strong indicators"),
    "1s1m": _("one strong and one medium indicator"),
    "1s1w": _("one strong and one weak indicator"),
    "3m": _("three medium indicators"),
    "2m1w": _("two medium indicators and one weak indicator"),
}

# The elements of trafficking that the six dimensions stand for.
RECRUITMENT = (
    "deceptive_recruitment",
    "coercive_recruitment",
    "recruitment_abuse_of_vulnerability",
)
EXPLOITATION = ("exploitative_conditions",)
MEANS = ("coercion_at_destination", "abuse_of_vulnerability_at_destination")
assert set(RECRUITMENT + EXPLOITATION + MEANS) == set(DIMENSIONS)

DIMENSION_LABELS: dict[str, Promise] = {
    "deceptive_recruitment": _("Deceptive recruitment"),
    "coercive_recruitment": _("Coercive recruitment"),
    "recruitment_abuse_of_vulnerability": _("Recruitment by abuse of vulnerability"),
    "exploitative_conditions": _("Exploitative conditions"),
    "coercion_at_destination": _("Coercion at destination"),
    "abuse_of_vulnerability_at_destination": _("Abuse of vulnerability at destination"),
}


SKIP_REASONS: dict[str, Promise] = {
    "unknown_version": _("catalogue version no longer available"),
    "unknown_code": _("unknown indicator"),
    "child_list_for_adult": _("indicator from a child list; not counted for an adult"),
}


def combination_met(strong: int, medium: int, weak: int) -> str | None:
    """The key of the first combination in :data:`COMBINATIONS` that these counts meet."""
    for c in COMBINATIONS:
        if strong >= c.strong and medium >= c.medium and weak >= c.weak:
            return c.key
    return None


# --- results --------------------------------------------------------------------------------

Seen = tuple[Indicator, int]  # an indicator and the number of signals that saw it


@dataclass(frozen=True)
class DimensionResult:
    dimension: str
    label: Promise
    positive: bool
    strong: tuple[Seen, ...]
    medium: tuple[Seen, ...]
    weak: tuple[Seen, ...]
    rule: str | None  # key in COMBINATIONS of the combination that made it positive

    @property
    def rule_label(self) -> Promise | None:
        return RULE_LABELS[self.rule] if self.rule else None

    @property
    def contributing(self) -> tuple[Seen, ...]:
        """Every indicator seen in this dimension, strong first."""
        return self.strong + self.medium + self.weak


@dataclass(frozen=True)
class SkippedCode:
    code: str
    catalogue_version: str  # "" when the signal had none (the newest was used)
    reason: str  # a key of SKIP_REASONS

    @property
    def reason_label(self) -> Promise:
        return SKIP_REASONS[self.reason]


@dataclass(frozen=True)
class Assessment:
    dimensions: tuple[DimensionResult, ...]  # in DIMENSIONS order
    recruitment: bool
    exploitation: bool
    means: bool
    means_required: bool
    possible_victim: bool
    other_signs: tuple[Seen, ...]
    skipped_codes: tuple[SkippedCode, ...]
    minors: bool
    minors_unknown: bool = False  # derived from the signals, none said yes, some said unknown
    adult_strengths_for_minor: bool = False

    @property
    def any_indicators(self) -> bool:
        return any(d.contributing for d in self.dimensions)


# --- the assessment -------------------------------------------------------------------------


def assess(
    signals: Iterable[Any],
    *,
    minors: bool | None = None,
    load: Callable[[str | None], Catalogue] = load_catalogue,
) -> Assessment:
    """Assess the indicators seen by ``signals`` (objects with ``indicator_codes``,
    ``catalogue_version`` and ``minors`` ("yes"/"no"/"unknown")) under the ILO/EC rules.

    ``minors`` overrides what the signals say; when ``None``, minors are assumed when any
    signal says "yes". ``load`` maps a catalogue version (``None``: the newest) to a
    :class:`Catalogue` and raises ``ValueError`` when it is not shipped.
    """
    signals = list(signals)
    answers = {str(getattr(s, "minors", "") or "unknown") for s in signals}
    minors_unknown = False
    if minors is None:
        minors = "yes" in answers
        minors_unknown = not minors and "unknown" in answers
    target = "child" if minors else "adult"

    seen: dict[str, tuple[Indicator, str]] = {}  # code -> (indicator, catalogue version)
    times: dict[str, int] = {}
    skipped: dict[SkippedCode, None] = {}  # ordered set
    for signal in signals:
        version = str(getattr(signal, "catalogue_version", "") or "")
        codes = list(dict.fromkeys(getattr(signal, "indicator_codes", None) or ()))
        try:
            catalogue = load(version or None)
        except ValueError:
            skipped.update(dict.fromkeys(SkippedCode(c, version, "unknown_version") for c in codes))
            continue
        for code in codes:
            indicator = catalogue.by_code.get(code)
            if indicator is None:
                skipped[SkippedCode(code, version, "unknown_code")] = None
                continue
            seen.setdefault(code, (indicator, version))  # the first definition seen wins
            times[code] = times.get(code, 0) + 1

    by_dimension: dict[str, list[Seen]] = {d: [] for d in DIMENSIONS}
    other: list[Seen] = []
    adult_for_minor = False
    for code, (indicator, version) in seen.items():
        item = (indicator, times[code])
        if indicator.dimension is None or indicator.strength is None:
            other.append(item)
        elif indicator.target == "child" and target == "adult":
            skipped[SkippedCode(code, version, "child_list_for_adult")] = None
        else:
            adult_for_minor |= indicator.target == "adult" and target == "child"
            by_dimension[indicator.dimension].append(item)

    results = tuple(_dimension(d, by_dimension[d]) for d in DIMENSIONS)
    positive = {r.dimension for r in results if r.positive}
    recruitment = bool(positive & set(RECRUITMENT))
    exploitation = bool(positive & set(EXPLOITATION))
    means = bool(positive & set(MEANS))
    means_required = not minors
    return Assessment(
        dimensions=results,
        recruitment=recruitment,
        exploitation=exploitation,
        means=means,
        means_required=means_required,
        possible_victim=recruitment and exploitation and (means or not means_required),
        other_signs=tuple(other),
        skipped_codes=tuple(skipped),
        minors=minors,
        minors_unknown=minors_unknown,
        adult_strengths_for_minor=adult_for_minor,
    )


def _dimension(dimension: str, items: list[Seen]) -> DimensionResult:
    graded = {
        s: tuple(i for i in items if i[0].strength == s) for s in ("strong", "medium", "weak")
    }
    rule = combination_met(*(len(graded[s]) for s in ("strong", "medium", "weak")))
    return DimensionResult(
        dimension=dimension,
        label=DIMENSION_LABELS[dimension],
        positive=rule is not None,
        strong=graded["strong"],
        medium=graded["medium"],
        weak=graded["weak"],
        rule=rule,
    )
