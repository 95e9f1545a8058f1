"""`manage.py stacking_estimate`: estimate the Fellegi-Sunter parameters from generated records
and write them to matching/data/parameters.json (the frozen defaults)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand

from signaalroute.matching.batch import blocked_pairs
from signaalroute.matching.estimate import estimate
from signaalroute.matching.scoring import save_parameters
from signaalroute.matching.synthetic import generate


class Command(BaseCommand):
    help = "Estimate the stacking parameters (m, u, prior) from generated Dutch-style records."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--records", type=int, default=12000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--dry-run", action="store_true", help="print, do not write")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = list(generate(options["records"], seed=options["seed"]))
        records = [record for record, _entity in rows]
        pairs = blocked_pairs(records)
        params = estimate(
            records,
            pairs,
            estimated_on=f"{dt.date.today().isoformat()}: {len(records)} generated records "
            f"(seed {options['seed']}), {len(pairs)} blocked pairs",
        )
        for kind, p in sorted(params.kinds.items()):
            self.stdout.write(f"{kind}: prior {p.prior:.4f}")
        if not options["dry_run"]:
            save_parameters(params)
            self.stdout.write(self.style.SUCCESS("Written to matching/data/parameters.json"))
