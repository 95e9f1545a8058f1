"""What the approach adds to pages of lower rooms (`core.panels`): on the signal page and the
stack page, the approach cases they belong to and opening one from them."""

from __future__ import annotations

from django.http import HttpRequest

from signaalroute.accounts.models import User
from signaalroute.core.panels import Panel
from signaalroute.signals.models import Signal
from signaalroute.stacking.models import Trace

from . import selectors as sel


def signal_approach(request: HttpRequest, signal: Signal) -> Panel | None:
    user = request.user
    if not isinstance(user, User) or not sel.may_open_case(user, signal.municipality_id):
        return None
    cases = list(sel.cases_visible_to(user).filter(signals=signal))
    return Panel(
        "approach/_panel.html", {"cases": cases, "query": f"signaal={signal.pk}", "stack": False}
    )


def stack_approach(request: HttpRequest, trace: Trace) -> Panel | None:
    user = request.user
    if not isinstance(user, User) or not sel.may_open_case(user, trace.municipality_id):
        return None
    cases = list(sel.cases_visible_to(user).filter(stack_trace=trace))
    return Panel(
        "approach/_panel.html", {"cases": cases, "query": f"spoor={trace.pk}", "stack": True}
    )
