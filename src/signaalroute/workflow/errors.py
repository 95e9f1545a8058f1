"""Refusals of the route, each with a code and a Dutch message (via gettext)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from signaalroute.core.problems import DomainError, EditConflict

__all__ = [
    "EditConflict",  # lives in core; re-exported for the route's callers
    "MergeTargetRequired",
    "OutcomeRequired",
    "PartnerRequired",
    "ReasonRequired",
    "TransitionRefused",
]


class TransitionRefused(DomainError):
    code = "transition_refused"
    status = 409

    def default_message(self) -> Any:
        return _("This step is not possible for this signal now, or not for your role.")


class ReasonRequired(DomainError):
    code = "reason_required"

    def default_message(self) -> Any:
        return _("Give a reason for this step.")


class OutcomeRequired(DomainError):
    code = "outcome_required"

    def default_message(self) -> Any:
        return _("Choose the outcome.")


class PartnerRequired(DomainError):
    code = "partner_required"

    def default_message(self) -> Any:
        return _("Choose the partner the signal goes to.")


class MergeTargetRequired(DomainError):
    code = "merge_target_required"

    def default_message(self) -> Any:
        return _("Choose another open signal of the same municipality to merge into.")
