"""Refusals of the route, each with a code and a Dutch message (via gettext)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from signaalroute.core.problems import DomainError

__all__ = [
    "MergeTargetRequired",
    "OutcomeRequired",
    "ReasonRequired",
    "ReferralRequired",
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


class ReferralRequired(DomainError):
    """The plain "route" move is gone: a signal reaches a partner only through a referral."""

    code = "referral_required"
    status = 409

    def default_message(self) -> Any:
        return _(
            "A signal goes to a partner only through a referral on a legal basis. "
            'Use "Refer to a partner" on the signal page.'
        )


class MergeTargetRequired(DomainError):
    code = "merge_target_required"

    def default_message(self) -> Any:
        return _("Choose another open signal of the same municipality to merge into.")
