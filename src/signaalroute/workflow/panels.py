"""What the route adds to pages of lower rooms (`core.panels`): the focal officer's open acute
signals at the top of the home page."""

from __future__ import annotations

from django.http import HttpRequest

from signaalroute.accounts.models import User
from signaalroute.accounts.selectors import handling_municipalities
from signaalroute.core.panels import Panel

from .selectors import open_acute_signals

# The home page lists this many; the worklist's acute filter shows them all.
HOME_ACUTE_LIMIT = 10


def home_acute_signals(request: HttpRequest) -> Panel | None:
    """For a focal officer: the open acute signals, oldest deadline first (reference, when,
    form; nothing of the people involved). None for anyone who handles no signals."""
    user = request.user
    if not isinstance(user, User) or not handling_municipalities(user).exists():
        return None
    signals = list(open_acute_signals(user)[: HOME_ACUTE_LIMIT + 1])
    return Panel(
        "workflow/_home_acute.html",
        {"signals": signals[:HOME_ACUTE_LIMIT], "more": len(signals) > HOME_ACUTE_LIMIT},
    )
