"""The agenda and minutes of a meeting as a Dutch PDF (Typst through `core.pdf`, like the yearly
report). It prints the same rows as the page, so an attendee from outside the municipality gets
the pseudonymised agenda; every string is set as text, never read as markup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override

from signaalroute.core.pdf import render_typst

from .agenda import AgendaView

TEMPLATE = Path(__file__).with_name("data") / "meeting.typ"


def _person(user: Any) -> str:
    return user.get_full_name() or user.username


def _date(value: Any) -> str:
    return formats.date_format(value, "j F Y") if value else ""


def meeting_data(view: AgendaView) -> dict[str, Any]:
    meeting = view.meeting
    kind = view.type
    items = []
    for row in view.rows:
        facts = []
        if row.forms:
            facts.append(f"{_('Forms of exploitation')}: {', '.join(row.forms)}")
        if row.area:
            facts.append(f"{_('Area')}: {row.area}")
        if row.indicators:
            facts.append(f"{_('Signs seen')}: {', '.join(row.indicators)}")
        if row.address:
            facts.append(f"{_('Address or place')}: {row.address}")
        facts += row.parties
        facts += [f"{_('Possible victim')}: {v}" for v in row.victims]
        decisions = []
        for decision in row.decisions:
            decisions.append(decision.text)
            for action in decision.actions.all():
                decisions.append(
                    _("Action: %(text)s (owner %(owner)s, due %(due)s)")
                    % {
                        "text": action.text,
                        "owner": _person(action.owner),
                        "due": _date(action.due_on),
                    }
                )
        items.append(
            {"title": f"{row.number}. {row.title}", "facts": facts, "decisions": decisions}
        )
    earlier = [
        _("%(text)s (owner %(owner)s, due %(due)s): %(state)s")
        % {
            "text": a.text,
            "owner": _person(a.owner),
            "due": _date(a.due_on),
            "state": (_("done on %(date)s") % {"date": _date(a.done_on)})
            if a.done_on
            else _("open"),
        }
        for a in view.earlier
    ]
    return {
        "title": f"{meeting.kind_label}, {meeting.municipality.name}",
        "subtitle": _date(meeting.held_on),
        "status": str(meeting.get_state_display()),
        "basis": f"{_('Basis')}: {kind.basis_shown}" if kind else "",
        "note": ""
        if view.full
        else _(
            "Pseudonymised for attendees from outside the municipality: no reporter, "
            "description or address."
        ),
        "chair": f"{_('Chair')}: {_person(meeting.chair)}",
        "attendees": f"{_('Attendees')}: " + ", ".join(_person(u) for u in meeting.attendees.all()),
        "earlier_title": _("What came of the earlier actions"),
        "earlier": earlier,
        "agenda_title": _("Agenda"),
        "items": items,
        "minutes_title": _("Minutes"),
        "minutes": [
            p.strip() for p in meeting.minutes.replace("\r\n", "\n").split("\n\n") if p.strip()
        ],
        "footer": _("Signalling meeting — confidential"),
    }


def render_meeting_pdf(view: AgendaView) -> bytes:
    with override("nl"):
        data = meeting_data(view)
    return render_typst(TEMPLATE, data)
