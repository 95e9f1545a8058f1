"""What the register adds to pages of lower rooms (`core.panels`): on the focal officer's home
page, the controls of risk locations that are overdue or due soon."""

from __future__ import annotations

from django.http import HttpRequest

from signaalroute.accounts.models import User
from signaalroute.core.panels import Panel

from .selectors import controls_due

SHOWN = 10


def home_due_controls(request: HttpRequest) -> Panel | None:
    """For a focal officer: the overdue controls and those due within 30 days (at most ten,
    earliest first, with a link to the whole list). Nothing when none is due."""
    user = request.user
    if not isinstance(user, User):
        return None
    due = controls_due(user)
    if not due:
        return None
    return Panel(
        "locations/_home_due.html",
        {
            "due": due[:SHOWN],
            "more": max(len(due) - SHOWN, 0),
            "overdue": sum(1 for d in due if d.overdue),
        },
    )
