"""What the meetings add to pages of lower rooms (`core.panels`): on the signal page, the
meetings whose agenda it is on (the meeting flag "becomes on the agenda of meeting X"); on the
stack page, putting the stack on a planned meeting's agenda."""

from __future__ import annotations

from django.http import HttpRequest

from signaalroute.accounts.models import User
from signaalroute.core.panels import Panel
from signaalroute.signals.models import Signal
from signaalroute.signals.selectors import may_handle
from signaalroute.stacking.models import Trace

from . import selectors as sel
from .forms import StackForm


def signal_meetings(request: HttpRequest, signal: Signal) -> Panel | None:
    user = request.user
    if not isinstance(user, User) or not may_handle(user, signal.municipality_id):
        return None
    items = sel.signal_agenda_items(user, signal)
    if not items and not signal.on_meeting_agenda:
        return None
    return Panel("meetings/_signal_meetings.html", {"items": items, "signal": signal})


def stack_meetings(request: HttpRequest, trace: Trace) -> Panel | None:
    user = request.user
    if not isinstance(user, User) or not may_handle(user, trace.municipality_id):
        return None
    meetings = sel.planned_meetings(user, trace.municipality_id)
    return Panel(
        "meetings/_stack_meetings.html",
        {
            "trace": trace,
            "form": StackForm(meetings=meetings) if meetings.exists() else None,
            "items": sel.stack_agenda_items(user, [trace.pk]),
        },
    )
