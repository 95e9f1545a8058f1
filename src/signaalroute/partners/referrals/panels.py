"""What referrals add to pages of lower rooms (`core.panels`, named in the setting
``SIGNAALROUTE_PAGE_PANELS``): new partner feedback on the focal officer's home page, and the
list of a signal's referrals (overdrachten) on the signal page, which `workflow` renders without
knowing of partners."""

from __future__ import annotations

from django.http import HttpRequest

from signaalroute.accounts.models import User
from signaalroute.accounts.selectors import handling_municipalities
from signaalroute.core.panels import Panel
from signaalroute.signals.models import Signal
from signaalroute.signals.selectors import may_handle

from .selectors import referrals_of_signal, signals_with_new_feedback

# The home page lists this many; the worklist's state filter shows them all.
HOME_FEEDBACK_LIMIT = 10


def home_new_feedback(request: HttpRequest) -> Panel | None:
    """For a focal officer: the signals with new feedback from a partner, latest first. None for
    anyone who handles no signals."""
    user = request.user
    if not isinstance(user, User) or not handling_municipalities(user).exists():
        return None
    rows = signals_with_new_feedback(user)
    return Panel(
        "partners/_home_feedback.html",
        {"rows": rows[:HOME_FEEDBACK_LIMIT], "more": len(rows) > HOME_FEEDBACK_LIMIT},
    )


def signal_referrals(request: HttpRequest, signal: Signal) -> Panel | None:
    """The section "Referrals" of the signal page, for the focal officers of its municipality."""
    user = request.user
    if not isinstance(user, User) or not may_handle(user, signal.municipality_id):
        return None
    return Panel(
        "partners/_signal_referrals.html",
        {"signal": signal, "referrals": referrals_of_signal(user, signal)},
    )
