"""The flyer for labour migrants: their rights and where to report, in the page's language,
as an A4 PDF (the yearly report's engine). Strings through gettext; the template sets them as
text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

FLYER_TEMPLATE = Path(__file__).with_name("data") / "flyer.typ"


def rights() -> list[str]:
    return [
        _("Nobody may take away your passport or identity card."),
        _("You are paid at least the Dutch minimum wage for the hours you work."),
        _("You may not be forced to work, to stay or to pay off a debt with your work."),
        _("Your housing must be safe. Ask for the costs of housing and transport in writing."),
        _(
            "Victims of human trafficking have the right to shelter, care and legal help, also without a residence permit."
        ),
    ]


def flyer_data(context: dict[str, Any]) -> dict[str, Any]:
    municipality = context["municipality"]
    point = context["point"]
    where = [
        _("Acute danger? Call 112."),
        _("Report online: %(url)s") % {"url": context["form_url"]},
        _("Anonymously: Meld Misdaad Anoniem, 0800-7000 (free)."),
        _("Worries about violence at home or about a child: Veilig Thuis, 0800-2000 (free)."),
    ]
    reach = ", ".join(x for x in (point.mailbox, point.phone) if x)
    if reach:
        where.append(
            _("The municipality of %(name)s: %(reach)s.")
            % {"name": municipality.name, "reach": reach}
        )
    title = _("Your rights at work in the Netherlands")
    return {
        "lang": translation.get_language() or "nl",
        "title": title,
        "author": municipality.name,
        "subtitle": _("Help is free and confidential."),
        "rights_title": _("Your rights"),
        "rights": rights(),
        "where_title": _("Where can you get help or report?"),
        "where": where,
        "footer": municipality.name,
    }
