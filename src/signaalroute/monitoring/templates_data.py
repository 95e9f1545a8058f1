"""Seed 002's action plan (Montfoort's Uitvoeringsplan Aanpak Mensenhandel, §1.2 and §3.1-3.5)
as a template a municipality can start from: its pillars, its owners and its actions (the CSV
is in the import's own shape, so it doubles as an example file)."""

from __future__ import annotations

import json
from pathlib import Path

from signaalroute.accounts.models import Organisation, User

from .models import ActionOwner, ActionPlan
from .plan_services import owner_add, plan_create, plan_import

DATA = Path(__file__).with_name("data")
EXAMPLE_CSV = DATA / "uitvoeringsplan-montfoort.csv"


def example_plan() -> dict[str, object]:
    return json.loads((DATA / "uitvoeringsplan-montfoort.json").read_text(encoding="utf-8"))


def example_owners(actor: User, municipality: Organisation) -> None:
    """Add the owners the example names that the municipality does not have yet."""
    owners = example_plan()["owners"]
    assert isinstance(owners, dict)
    have = {
        n.lower()
        for n in ActionOwner.objects.filter(municipality=municipality).values_list(
            "name", flat=True
        )
    }
    for kind, names in owners.items():
        for name in names:
            if name.lower() not in have:
                owner_add(actor=actor, municipality=municipality, name=name, kind=kind)


def load_example_plan(actor: User, municipality: Organisation, first_year: int) -> ActionPlan:
    """The example plan with its actions, for ``municipality`` (demo data and tests)."""
    data = example_plan()
    example_owners(actor, municipality)
    plan = plan_create(
        actor=actor,
        municipality=municipality,
        title=f"{data['title']} {first_year}-{first_year + 1}",
        first_year=first_year,
        last_year=first_year + 1,
        pillars=list(data["pillars"]),  # type: ignore[call-overload]
    )
    plan_import(actor=actor, plan=plan, name=EXAMPLE_CSV.name, content=EXAMPLE_CSV.read_bytes())
    return plan
