"""`manage.py stacking_dedupe INPUT.csv OUTPUT.csv [--frozen]`: the pairs of persons in a list
that the live engine would propose (``stacking/dedupe.py``; see docs/stacking.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from signaalroute.stacking.dedupe import DedupeError, run


class Command(BaseCommand):
    help = (
        "Find the persons in a CSV list that are probably the same, with the engine of the live "
        "stacking. Writes id_a,id_b,tier,probability,reasons."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "input",
            type=Path,
            help="CSV with id, given_names, surname_prefix, "
            "surname, date_of_birth, phones, emails (postcode, house_number, "
            "city optional)",
        )
        parser.add_argument("output", type=Path, help="CSV to write (replaced only when done)")
        parser.add_argument(
            "--frozen",
            action="store_true",
            help="use the shipped parameters instead of estimating on the file",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        target: Path = options["output"]
        try:
            written = run(
                source, target, frozen=options["frozen"], note=lambda m: self.stderr.write(m)
            )
        except DedupeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("%(n)s pairs written to %(path)s.") % {"n": written, "path": target})
