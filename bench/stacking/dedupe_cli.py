"""``manage.py stacking_dedupe`` on FEBRL 1-4, as a user runs it: each set written as the CSV the
command reads (``id, given_names, surname_prefix, surname, date_of_birth, phones, emails,
postcode, house_number, city``; the date of birth as a Dutch user types it, DD-MM-YYYY), the
command run as a subprocess (learnt on the file, and ``--frozen``), and its output scored
pairwise against the shipped true links: positive = tier certain or probable.

``python -m bench.stacking.dedupe_cli [1 2 3 4]`` prints a line per set and mode and writes
``bench/results/stacking_dedupe_cli.json``. ``BENCH_DEDUPE_ADDRESSES=0`` leaves the address
columns empty (names and date of birth only).
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .data import ARRIVAL_SEED, _clean, febrl_frame
from .ours import pairwise

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = (
    "id",
    "given_names",
    "surname_prefix",
    "surname",
    "date_of_birth",
    "phones",
    "emails",
    "postcode",
    "house_number",
    "city",
)


def write_febrl(number: int, path: Path, *, addresses: bool) -> set[tuple[str, str]]:
    """FEBRL ``number`` as the command's CSV, rows shuffled; returns the true links by id."""
    frame, links = febrl_frame(number)
    ids = list(frame.index)
    order = list(range(len(ids)))
    random.Random(ARRIVAL_SEED + number).shuffle(order)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for index in order:
            row = frame.iloc[index]
            dob = _clean(row["date_of_birth"])
            if len(dob) == 8 and dob.isdigit():
                dob = f"{dob[6:]}-{dob[4:6]}-{dob[:4]}"
            address = [_clean(row[c]) for c in ("postcode", "street_number", "suburb")]
            writer.writerow(
                [ids[index], _clean(row["given_name"]), "", _clean(row["surname"]), dob, "", ""]
                + (address if addresses else ["", "", ""])
            )
    return {(min(a, b), max(a, b)) for a, b in links}


def run(number: int, *, frozen: bool, addresses: bool, folder: Path) -> dict[str, Any]:
    source, target = folder / f"febrl{number}.csv", folder / f"febrl{number}-pairs.csv"
    truth = write_febrl(number, source, addresses=addresses)
    command = [sys.executable, "manage.py", "stacking_dedupe", str(source), str(target)]
    started = time.perf_counter()
    done = subprocess.run(
        command + (["--frozen"] if frozen else []),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    predicted = set()
    with target.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["tier"] in ("certain", "probable"):
                a, b = row["id_a"], row["id_b"]
                predicted.add((min(a, b), max(a, b)))
    return pairwise(predicted, truth) | {"seconds": seconds, "notes": done.stderr.strip()}


def main(numbers: list[int]) -> None:
    addresses = os.environ.get("BENCH_DEDUPE_ADDRESSES", "1") != "0"
    out: dict[str, Any] = {"addresses": addresses}
    with tempfile.TemporaryDirectory() as folder:
        for number in numbers:
            for frozen in (False, True):
                mode = "frozen" if frozen else "learnt"
                result = run(number, frozen=frozen, addresses=addresses, folder=Path(folder))
                out.setdefault(f"febrl{number}", {})[mode] = result
                print(
                    f"febrl{number} {mode}: P {result['precision']:.3f} R {result['recall']:.3f} "
                    f"F1 {result['f1']:.3f} ({result['seconds']:.0f} s) {result['notes']}",
                    flush=True,
                )
    name = "stacking_dedupe_cli.json" if addresses else "stacking_dedupe_cli_no_addresses.json"
    (ROOT / "bench" / "results" / name).write_text(json.dumps(out, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1, 2, 3, 4])
