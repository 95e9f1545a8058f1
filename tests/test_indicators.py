"""The indicator catalogue: the shipped data validates, and a broken catalogue is refused."""

from __future__ import annotations

import copy
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from signaalroute.signals.indicators import (
    DIMENSIONS,
    FORMS,
    STRENGTHS,
    Catalogue,
    for_forms,
    load_catalogue,
    validate_codes,
)

VERSION = "2026.1"


@pytest.fixture
def shipped() -> Catalogue:
    return load_catalogue(VERSION)


def test_shipped_catalogue_loads_and_is_the_newest(shipped: Catalogue) -> None:
    assert shipped.version == VERSION
    assert load_catalogue().version == VERSION
    assert len(shipped.indicators) > 50
    assert {"ilo_delphi", "nl_signal_list"} == {i.family for i in shipped.indicators}
    assert shipped.by_code["ilo-lab-dr-s1"].strength == "strong"


def test_codes_are_unique_and_by_code_is_complete(shipped: Catalogue) -> None:
    codes = [i.code for i in shipped.indicators]
    assert len(codes) == len(set(codes))
    assert set(shipped.by_code) == set(codes)


def test_every_indicator_cites_a_listed_source_with_a_reference(shipped: Catalogue) -> None:
    source_ids = {s.id for s in shipped.sources}
    for ind in shipped.indicators:
        assert ind.source in source_ids, ind.code
        assert ind.source_ref.strip(), ind.code
        assert ind.label.strip() and ind.label_en.strip(), ind.code
        assert ind.code.isascii() and ind.code == ind.code.lower(), ind.code


def test_ilo_indicators_are_graded_and_nl_signals_are_not(shipped: Catalogue) -> None:
    for ind in shipped.indicators:
        if ind.family == "ilo_delphi":
            assert ind.dimension in DIMENSIONS, ind.code
            assert ind.strength in STRENGTHS, ind.code
            assert ind.target in ("adult", "child"), ind.code
            assert set(ind.forms) <= {"labour", "sexual"}, ind.code
        else:
            assert (ind.dimension, ind.strength, ind.target) == (None, None, None), ind.code
        assert ind.forms and set(ind.forms) <= set(FORMS), ind.code


def test_each_shipped_ilo_set_covers_all_six_dimensions(shipped: Catalogue) -> None:
    dims_per_set: dict[tuple[str | None, tuple[str, ...]], set[str | None]] = defaultdict(set)
    for ind in shipped.indicators:
        if ind.family == "ilo_delphi":
            dims_per_set[(ind.target, ind.forms)].add(ind.dimension)
    assert dims_per_set, "no ILO set shipped"
    for target_set, dims in dims_per_set.items():
        assert dims == set(DIMENSIONS), target_set


def test_each_form_except_organ_removal_has_dutch_signals(shipped: Catalogue) -> None:
    nl_forms = {f for i in shipped.indicators if i.family == "nl_signal_list" for f in i.forms}
    assert {"sexual", "labour", "criminal"} <= nl_forms


def test_validate_codes_reports_unknown_codes_once_in_order() -> None:
    codes = ["nl-lab-01", "no-such-code", "ilo-lab-dr-s1", "ILO-LAB-DR-S1", "no-such-code"]
    assert validate_codes(codes, VERSION) == ["no-such-code", "ILO-LAB-DR-S1"]
    assert validate_codes([], VERSION) == []


def test_unknown_version_is_refused() -> None:
    with pytest.raises(ValueError, match="version"):
        load_catalogue("1999.1")


def test_for_labour_holds_no_sexual_only_indicators() -> None:
    groups = for_forms({"labour"}, VERSION)
    found = [ind for group in groups.values() for ind in group]
    assert found
    assert all("labour" in ind.forms for ind in found)
    assert not [ind.code for ind in found if set(ind.forms) == {"sexual"}]
    assert any(ind.family == "ilo_delphi" for ind in found)
    assert any(ind.family == "nl_signal_list" for ind in found)


def test_for_forms_groups_in_dimension_order_with_strong_first() -> None:
    groups = for_forms(iter(["labour", "criminal"]), VERSION)
    order = [*DIMENSIONS, None]
    keys = list(groups)
    assert keys == sorted(keys, key=order.index)
    assert keys[-1] is None
    for dim, group in groups.items():
        assert all(ind.dimension == dim for ind in group)
        ranks = [STRENGTHS.index(ind.strength) for ind in group if ind.strength]
        assert ranks == sorted(ranks)


def test_for_sexual_holds_only_indicators_for_sexual_exploitation() -> None:
    found = [ind for group in for_forms({"sexual"}, VERSION).values() for ind in group]
    assert found and all("sexual" in ind.forms for ind in found)


def test_for_forms_refuses_an_unknown_form() -> None:
    with pytest.raises(ValueError, match="unknown form"):
        for_forms({"smuggling"}, VERSION)


# A small catalogue that is valid; each test below breaks it in one place.
VALID: dict[str, Any] = {
    "version": "9.1",
    "sources": [
        {"id": "src", "title": "T", "publisher": "P", "year": 2009, "url": None, "reference": "R"}
    ],
    "indicators": [
        {
            "code": "ilo-lab-dr-s1",
            "label": "Misleid over het werk",
            "label_en": "Deceived about the nature of the job",
            "family": "ilo_delphi",
            "forms": ["labour"],
            "target": "adult",
            "dimension": "deceptive_recruitment",
            "strength": "strong",
            "source": "src",
            "source_ref": "p. 1",
        },
        {
            "code": "nl-lab-01",
            "label": "Busje haalt elke ochtend mannen op",
            "label_en": "A van picks up men every morning",
            "family": "nl_signal_list",
            "forms": ["labour"],
            "target": None,
            "dimension": None,
            "strength": None,
            "source": "src",
            "source_ref": "§1.1",
        },
    ],
}


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_small_catalogue_itself_is_valid(tmp_path: Path) -> None:
    catalogue = load_catalogue(path=write(tmp_path, VALID))
    assert catalogue.version == "9.1"
    assert catalogue.validate_codes(["nl-lab-01", "x"]) == ["x"]


def test_for_forms_puts_strong_before_weak_whatever_the_file_order(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    weak = {**data["indicators"][0], "code": "ilo-lab-dr-w1", "strength": "weak"}
    data["indicators"].insert(0, weak)
    groups = load_catalogue(path=write(tmp_path, data)).for_forms(["labour"])
    assert [i.code for i in groups["deceptive_recruitment"]] == ["ilo-lab-dr-s1", "ilo-lab-dr-w1"]
    assert [i.code for i in groups[None]] == ["nl-lab-01"]
    assert list(groups) == ["deceptive_recruitment", None]


def broken(change: str) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    ilo, nl = data["indicators"]
    if change == "duplicate code":
        nl["code"] = ilo["code"]
    elif change == "unknown dimension":
        ilo["dimension"] = "exploitation"
    elif change == "unknown strength":
        ilo["strength"] = "very strong"
    elif change == "unknown source":
        nl["source"] = "seed-999"
    elif change == "unknown form":
        nl["forms"] = ["smuggling"]
    elif change == "unknown family":
        nl["family"] = "ngo_list"
    elif change == "graded nl signal":
        nl["strength"] = "weak"
    elif change == "bad code":
        nl["code"] = "NL LAB 01"
    elif change == "missing field":
        del ilo["source_ref"]
    elif change == "source without url or reference":
        data["sources"][0]["reference"] = None
    elif change == "version not a string":
        data["version"] = 2026.1
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("duplicate code", "duplicate code"),
        ("unknown dimension", "unknown dimension"),
        ("unknown strength", "unknown strength"),
        ("unknown source", "unknown source"),
        ("unknown form", "forms"),
        ("unknown family", "unknown family"),
        ("graded nl signal", "no dimension, strength or target"),
        ("bad code", "code"),
        ("missing field", "source_ref"),
        ("source without url or reference", "url or a reference"),
        ("version not a string", "version must be a string"),
    ],
)
def test_a_broken_catalogue_is_refused(tmp_path: Path, change: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_catalogue(path=write(tmp_path, broken(change)))


def test_invalid_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="invalid indicator catalogue"):
        load_catalogue(path=path)
