"""Signal cards (signaalkaarten): per target group, the signs of the forms of exploitation it is
most likely to meet, and what to do, with the municipality's own contact details. Made from the
indicator catalogue (the Dutch signal list and the ILO/EC indicators marked strong) and
``data/signal-cards.json``; shown as a web page and as an A4 PDF (the yearly report's engine)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from signaalroute.accounts.models import Organisation
from signaalroute.accounts.network import focal_point_for
from signaalroute.core.sources import cite
from signaalroute.signals.indicators import load_catalogue

DATA = Path(__file__).with_name("data")
FORM_TITLES = {
    "sexual": gettext_lazy("Sexual exploitation"),
    "labour": gettext_lazy("Labour exploitation"),
    "criminal": gettext_lazy("Criminal exploitation"),
    "organ_removal": gettext_lazy("Forced organ removal or surrogacy"),
}


@dataclass(frozen=True)
class CardGroup:
    code: str
    name: str
    forms: tuple[str, ...]
    intro: str
    source: str
    kind: str = "target"  # "target": a card for a target group; "form": for one form


@cache
def _config() -> dict[str, Any]:
    return json.loads((DATA / "signal-cards.json").read_text(encoding="utf-8"))


def card_groups() -> list[CardGroup]:
    """The cards per target group, then the cards per form of exploitation."""
    return [
        CardGroup(g["code"], g["name"], tuple(g["forms"]), g["intro"], g["source"], kind)
        for key, kind in (("groups", "target"), ("form_cards", "form"))
        for g in _config().get(key, [])
    ]


def card_group(code: str) -> CardGroup | None:
    return next((g for g in card_groups() if g.code == code), None)


def card_data(group: CardGroup, municipality: Organisation) -> dict[str, Any]:
    """What the card shows, as plain data (the web page and the PDF use the same)."""
    catalogue = load_catalogue()
    chosen = [
        i
        for i in catalogue.indicators
        if set(i.forms) & set(group.forms)
        and (i.family == "nl_signal_list" or i.strength == "strong")
    ]
    # A sign of several of the card's forms stands once, under its own heading.
    shared = [i.label for i in chosen if len(set(i.forms) & set(group.forms)) > 1]
    sections = (
        [{"title": str(_("Signs of more than one form")), "items": list(dict.fromkeys(shared))}]
        if shared
        else []
    )
    for form in group.forms:
        signs = [i.label for i in chosen if set(i.forms) & set(group.forms) == {form}]
        if signs:
            sections.append(
                {"title": str(FORM_TITLES.get(form, form)), "items": list(dict.fromkeys(signs))}
            )
    point = focal_point_for(municipality)
    todo = list(_config()["what_to_do"])
    reach = ", ".join(x for x in (point.mailbox, point.phone) if x)
    if reach:
        todo.insert(
            2,
            _("Focal officer for human trafficking of %(name)s: %(reach)s.")
            % {"name": municipality.name, "reach": reach},
        )
    title = _("Signal card human trafficking")
    return {
        "title": f"{title}: {group.name}",
        "author": municipality.name,
        "subtitle": municipality.name,
        "intro": group.intro,
        "sections": sections,
        "todo_title": _("What do you do?"),
        "todo": todo,
        "footer": _("Signs from: %(source)s; the ILO/EC operational indicators (2009), strongest.")
        % {"source": cite(group.source)},
    }
