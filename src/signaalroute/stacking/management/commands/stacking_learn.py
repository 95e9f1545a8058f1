"""`manage.py stacking_learn`: learn a new version of the matching parameters from the
installation's own traces, per municipality or region (weekly; see docs/configuration.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from signaalroute.accounts.models import Organisation, OrganisationKind, Region
from signaalroute.matching.learn import SanityProblem
from signaalroute.stacking.learning import learn_all, matching_model_learn, problem_text
from signaalroute.stacking.models import MatchingModel


class Command(BaseCommand):
    help = (
        "Learn the stacking parameters (u, the share of matches, name frequencies) from each "
        "municipality's traces; a version that fails the sanity check is kept but not used."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--municipality", help="only this municipality (its name); default: every one"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options.get("municipality")
        if name:
            municipality = Organisation.objects.filter(
                kind=OrganisationKind.MUNICIPALITY, name=name
            ).first()
            if municipality is None:
                raise CommandError(f"no municipality named {name!r}")
            model = matching_model_learn(municipality=municipality, note=self._note)
            made: list[tuple[Organisation | Region, MatchingModel | None]] = [(municipality, model)]
        else:
            made = learn_all(note=self._note)
        for scope, model in made:
            self.stdout.write(self._line(str(scope), model))

    def _note(self, message: str) -> None:
        self.stderr.write(message)

    @staticmethod
    def _line(scope: str, model: MatchingModel | None) -> str:
        if model is None:
            return f"{scope}: not learnt (too few traces)"
        problems = [problem_text(SanityProblem(**p)) for p in model.problems]
        prior = model.basis.get("person", {}).get("prior")
        figures = f", person prior {prior:.4f}" if isinstance(prior, float) else ""
        status = "rejected: " + "; ".join(problems) if problems else "in use"
        return f"{scope}: version {model.version}{figures}, {status}"
