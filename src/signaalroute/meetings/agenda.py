"""The agenda as each attendee may read it, in one place: the page, the printable page and the
PDF all take their rows from `agenda_for_reading`, which audits the read.

The focal officers of the meeting's municipality see an item in full: the signal's reference
with a link, its address and its parties, the possible victims only where the meeting type
allows. Attendees from outside the municipality (the police's community officers, the care
coordinator, the chain director) see it pseudonymised: the reference, the forms of exploitation,
the area (the postcode's four digits, or the municipality) and the signs seen; the parties only
where the type's legal basis allows it (``data/meeting-types.json``). Nobody reads the reporter
here: the reporter identity is never loaded, and neither the description of what was seen nor
the address leaves the municipality.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.urls import reverse
from django.utils.translation import gettext as _

from signaalroute.accounts.models import User
from signaalroute.audit.services import audit_record
from signaalroute.signals.models import Signal, SubjectKind, SubjectRole
from signaalroute.signals.pseudonym import form_labels, indicator_labels, pseudonymise

from .models import Action, AgendaItem, Decision, ItemKind, Meeting
from .selectors import earlier_actions, runs
from .types import MeetingType, meeting_types


@dataclass(frozen=True)
class ItemRow:
    """One agenda item as this reader may see it."""

    item: AgendaItem
    number: int
    title: str
    link: str = ""
    forms: list[str] = field(default_factory=list)
    area: str = ""
    indicators: list[str] = field(default_factory=list)
    address: str = ""  # the municipality's own focal officers only
    parties: list[str] = field(default_factory=list)
    victims: list[str] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


@dataclass(frozen=True)
class AgendaView:
    meeting: Meeting
    type: MeetingType | None
    full: bool  # the reader runs the meeting (a focal officer of its municipality)
    earlier: list[Action]
    rows: list[ItemRow]
    fields: list[str]  # the names of what was read, for the audit


def _parties(
    signal: Signal, *, full: bool, kind: MeetingType | None
) -> tuple[list[str], list[str]]:
    """The signal's parties this reader sees: (perpetrators and the like, possible victims)."""
    parties: list[str] = []
    victims: list[str] = []
    show_parties = full or (kind is not None and kind.outside_may_see("perpetrators"))
    show_victims = kind is not None and (
        (full and kind.victims_inside) or kind.outside_may_see("victims")
    )
    for sub in signal.subjects.all():
        line = f"{sub.get_role_display()}: {sub.description}"
        if sub.role == SubjectRole.VICTIM:
            if show_victims:
                victims.append(sub.description)
        elif full:
            parties.append(line)
        elif (
            show_parties
            and sub.role == SubjectRole.PERPETRATOR
            and sub.kind
            in (
                SubjectKind.PERSON,
                SubjectKind.ORGANISATION,
            )
        ):
            # Outside the municipality: the perpetrators and their businesses, never an address.
            parties.append(line)
    return parties, victims


def _signal_row(item: AgendaItem, number: int, full: bool, kind: MeetingType | None) -> ItemRow:
    signal = item.signal
    if signal is None:
        return ItemRow(item, number, _("Signal no longer available"))
    parties, victims = _parties(signal, full=full, kind=kind)
    shown = pseudonymise(signal)  # the same for every reader; the rest only as allowed below
    return ItemRow(
        item,
        number,
        _("Signal %(ref)s") % {"ref": shown.reference},
        link=reverse("workflow:detail", args=[signal.pk]) if full else "",
        forms=shown.form_labels,
        area=shown.area,
        indicators=shown.indicator_labels,
        address=signal.address_text if full else "",
        parties=parties,
        victims=victims,
    )


def _stack_row(item: AgendaItem, number: int, full: bool) -> ItemRow:
    facts = item.facts or {}
    count = int(facts.get("signals", 0))
    title = _("Stack of %(n)s signals") % {"n": count}
    link = ""
    if full and item.stack_trace is not None:
        title = f"{title}: {item.stack_trace.label}"
        link = reverse("stacking:stack", args=[item.stack_trace_id])
    return ItemRow(
        item,
        number,
        title,
        link=link,
        forms=form_labels(facts.get("forms", [])),
        area=", ".join(facts.get("areas", [])),
        indicators=indicator_labels(facts.get("indicators", [])),
    )


def _case_row(item: AgendaItem, number: int, full: bool) -> ItemRow:
    case = item.approach_case
    if case is None:
        return ItemRow(item, number, _("Approach case no longer available"))
    if full:
        return ItemRow(item, number, f"{case.reference}: {case.title}")
    return ItemRow(item, number, f"{case.reference} ({case.get_kind_display()})")


def _rows(meeting: Meeting, full: bool, kind: MeetingType | None) -> list[ItemRow]:
    items = meeting.items.select_related(
        "signal__municipality", "stack_trace", "approach_case"
    ).prefetch_related(
        "signal__subjects", "decisions__actions__owner", "decisions__actions__approach_case"
    )
    rows = []
    for number, item in enumerate(items, start=1):
        if item.kind == ItemKind.SIGNAL:
            row = _signal_row(item, number, full, kind)
        elif item.kind == ItemKind.STACK:
            row = _stack_row(item, number, full)
        elif item.kind == ItemKind.CASE:
            row = _case_row(item, number, full)
        else:
            row = ItemRow(item, number, item.topic)
        rows.append(replace(row, decisions=list(item.decisions.all())))
    return rows


def _read_fields(rows: list[ItemRow]) -> list[str]:
    names = {"minutes", "decisions"}
    for row in rows:
        if row.address:
            names.add("address")
        if row.parties:
            names.add("subjects")
        if row.victims:
            names.add("victims")
        if row.forms or row.indicators:
            names.add("indicators")
    return sorted(names)


def agenda_for_reading(user: User, meeting: Meeting, *, printed: bool = False) -> AgendaView:
    """The agenda, earlier actions and decisions as ``user`` may read them; the read (or the
    print) is audited with the names of what was shown. ``meeting`` must come from
    ``meetings_visible_to(user)``."""
    full = runs(user, meeting)
    kind = meeting_types().get(meeting.kind)
    rows = _rows(meeting, full, kind)
    fields = _read_fields(rows)
    audit_record(
        actor=user,
        action="meetings.agenda_print" if printed else "meetings.agenda_read",
        obj=meeting,
        organisation_id=meeting.municipality_id,
        fields=fields,
        extra={"pseudonymised": not full},
    )
    return AgendaView(meeting, kind, full, earlier_actions(meeting), rows, fields)
