"""Dedupe a list of persons with the live engine's matching: ``manage.py stacking_dedupe``.

A focal officer's spreadsheet of earlier signals, or a resident list from an integral control,
is read as CSV (UTF-8 with or without BOM, ``;`` or ``,`` between fields), each row becomes the
same trace the engine builds from a person's details (``traces.entry_for``), and the rows are
matched one by one against a throw-away :class:`matching.matcher.MemoryIndex`: the keys, caps and
decision per pair (``matching.link.link``) of the database engine, without a database.

How common each name is comes from the file itself (term frequencies). Unless ``frozen``, how
often different people agree by chance (``u``) and the share of matches among compared pairs are
learnt from the file too (``matching.learn``); when that estimate fails its sanity check, the
shipped parameters are used and the caller is told why.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from signaalroute.matching.batch import blocked_pairs
from signaalroute.matching.frequencies import TermFrequencies
from signaalroute.matching.learn import (
    MIN_RECORDS,
    PRIOR_CEILING,
    estimate_population,
    sanity_problems,
)
from signaalroute.matching.link import Entry
from signaalroute.matching.matcher import MemoryIndex
from signaalroute.matching.records import PersonRecord
from signaalroute.matching.scoring import Parameters, default_parameters

from .learning import problem_text
from .models import TraceKind
from .traces import entry_for

REQUIRED_COLUMNS = (
    "id",
    "given_names",
    "surname_prefix",
    "surname",
    "date_of_birth",
    "phones",
    "emails",
)
OPTIONAL_COLUMNS = ("postcode", "house_number", "city")
OUTPUT_COLUMNS = ("id_a", "id_b", "tier", "probability", "reasons")


class DedupeError(Exception):
    """The input cannot be used; the message says why (in the active language)."""


@dataclass(frozen=True)
class Row:
    ident: str
    entry: Entry


def _split_list(value: str) -> list[str]:
    parts = value.replace(";", "\n").replace("|", "\n").replace(",", "\n").splitlines()
    return [part.strip() for part in parts if part.strip()]


def read_rows(path: Path) -> list[Row]:
    """The rows of a person list, or :class:`DedupeError` for an unreadable file or a header or
    row that does not fit."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        raise DedupeError(
            _("%(path)s is not UTF-8 text (save it as CSV UTF-8).") % {"path": path}
        ) from error
    except OSError as error:
        raise DedupeError(
            _("%(path)s cannot be read: %(reason)s") % {"path": path, "reason": error.strerror}
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise DedupeError(
            _("%(path)s is not valid CSV: %(reason)s") % {"path": path, "reason": error}
        ) from error
    if not table or not any(cell.strip() for cell in table[0]):
        raise DedupeError(
            _("%(path)s is empty: the first line must name the columns.") % {"path": path}
        )
    header = [cell.strip().lower() for cell in table[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    doubled = sorted({name for name in header if header.count(name) > 1})
    problems = []
    if missing:
        problems.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
    if unknown:
        problems.append(_("unknown columns: %(names)s") % {"names": ", ".join(unknown)})
    if doubled:
        problems.append(_("columns named twice: %(names)s") % {"names": ", ".join(doubled)})
    if problems:
        raise DedupeError(
            _("The header of %(path)s does not fit (%(problems)s). Expected: %(expected)s.")
            % {
                "path": path,
                "problems": "; ".join(problems),
                "expected": ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS),
            }
        )
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            raise DedupeError(_("Line %(line)s has more fields than the header.") % {"line": line})
        values = dict(zip(header, (cell.strip() for cell in cells), strict=False))
        ident = values.get("id", "")
        if not ident:
            raise DedupeError(_("Line %(line)s has no id.") % {"line": line})
        if ident in seen:
            raise DedupeError(
                _("The id %(id)s is on line %(first)s and on line %(line)s.")
                % {"id": ident, "first": seen[ident], "line": line}
            )
        seen[ident] = line
        details: dict[str, Any] = {
            name: values.get(name, "")
            for name in ("given_names", "surname_prefix", "surname", "date_of_birth")
        }
        details["address_postcode"] = values.get("postcode", "")
        details["address_house_number"] = values.get("house_number", "")
        details["address_place"] = values.get("city", "")
        details["phones"] = _split_list(values.get("phones", ""))
        details["emails"] = _split_list(values.get("emails", ""))
        rows.append(Row(ident, entry_for(TraceKind.PERSON, details)))
    return rows


def parameters_for(rows: Sequence[Row], *, frozen: bool) -> tuple[Parameters, str]:
    """The parameters to match with, and a note for the user when the estimate was not used.

    Term frequencies always come from the file (how common each name is in it). Unless
    ``frozen``, ``u`` and the share of matches are learnt from the file too
    (``matching.learn.estimate_population``); an estimate that fails its sanity check is
    not used."""
    defaults = default_parameters()
    records = [row.entry.record for row in rows if isinstance(row.entry.record, PersonRecord)]
    frequencies = TermFrequencies.from_records(records)
    if frozen:
        return defaults.with_frequencies(frequencies), ""
    if len(records) < MIN_RECORDS:
        return defaults.with_frequencies(frequencies), _(
            "Too few records (%(n)s) to estimate on; the shipped parameters are used."
        ) % {"n": len(records)}
    learnt, found = estimate_population(
        records, blocked_pairs(records), defaults, estimated_on="stacking_dedupe"
    )
    problems = sanity_problems(learnt, defaults, found, shift=False)
    if problems:
        return defaults.with_frequencies(frequencies), _(
            "The estimate on the file does not hold up (%(problems)s); the shipped parameters "
            "are used."
        ) % {"problems": "; ".join(map(problem_text, problems))}
    person = found.get("person")
    note = ""
    if person is not None and person.held:
        note = _(
            "The estimated share of matches among the compared pairs (%(em).3f) is held at "
            "%(held).3f, between %(floor).3f (pairs that agree on name and date of birth or "
            "share an identifier) and %(ceiling).2f."
        ) % {
            "em": person.prior_em,
            "held": learnt.kinds["person"].prior,
            "floor": person.prior_floor,
            "ceiling": PRIOR_CEILING,
        }
    return learnt.with_frequencies(frequencies), note


def dedupe(rows: Sequence[Row], params: Parameters) -> list[tuple[str, str, str, float, str]]:
    """Each row against the rows before it, as the engine matches each new trace: the pairs
    proposed (id_a earlier, id_b later, tier, probability, reasons), best first per row."""
    index = MemoryIndex()
    out = []
    for row in rows:
        for match in index.match_and_add(row.ident, row.entry, params):
            score = match.score
            assert score.tier is not None
            reasons = "; ".join(f"{field} {level}" for field, level in score.reasons[:8])
            out.append((str(match.ident), row.ident, score.tier, score.probability, reasons))
    return out


def write_pairs(path: Path, pairs: Sequence[tuple[str, str, str, float, str]]) -> None:
    """Write the pairs as CSV through a temporary file renamed at the end: nothing partial."""
    directory = path.resolve().parent
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise DedupeError(
            _("%(path)s cannot be written: %(reason)s") % {"path": path, "reason": error.strerror}
        ) from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(OUTPUT_COLUMNS)
            for id_a, id_b, tier, probability, reasons in pairs:
                writer.writerow([_safe(id_a), _safe(id_b), tier, f"{probability:.4f}", reasons])
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def run(source: Path, target: Path, *, frozen: bool, note: Callable[[str], None]) -> int:
    """Read, match and write; returns the number of pairs written."""
    rows = read_rows(source)
    params, message = parameters_for(rows, frozen=frozen)
    if message:
        note(message)
    pairs = dedupe(rows, params)
    write_pairs(target, pairs)
    return len(pairs)
