"""Refusals of the meetings, each with a code and a Dutch message (via gettext)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from signaalroute.core.problems import DomainError


class NotYours(DomainError):
    """Only the focal officers of the meeting's municipality prepare and run it."""

    code = "meeting_not_yours"
    status = 403

    def default_message(self) -> Any:
        return _("Only the focal officers of this municipality prepare and run its meetings.")


class ItemHasDecisions(DomainError):
    code = "item_has_decisions"
    status = 409

    def default_message(self) -> Any:
        return _("This item has decisions; it stays on the agenda.")


class NoPlannedMeeting(DomainError):
    code = "no_planned_meeting"
    status = 409

    def default_message(self) -> Any:
        return _("Plan a meeting first; then put this on its agenda.")
