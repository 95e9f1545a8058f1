"""The referral's own route as data: who moves a referral where, the answers a partner can give,
and when reminders and escalation follow."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from signaalroute.partners.referrals.models import ReferralState

R = ReferralState


# Who moves a referral where: "partner" = a contact of the receiving organisation,
# "sender" = a focal officer of the signal's municipality.
REFERRAL_TRANSITIONS: dict[tuple[str, str], str] = {
    (R.SENT, R.RECEIVED): "partner",
    (R.SENT, R.ACCEPTED): "partner",
    (R.RECEIVED, R.ACCEPTED): "partner",
    (R.SENT, R.DECLINED): "partner",
    (R.RECEIVED, R.DECLINED): "partner",
    (R.ACCEPTED, R.FEEDBACK_GIVEN): "partner",
    (R.FEEDBACK_GIVEN, R.CLOSED): "sender",
    (R.DECLINED, R.CLOSED): "sender",
    (R.SENT, R.REVOKED): "sender",
    (R.RECEIVED, R.REVOKED): "sender",
    (R.ACCEPTED, R.REVOKED): "sender",
}


FEEDBACK_KINDS: dict[str, Any] = {
    "investigation": translation.gettext_lazy("Investigation started"),
    "control": translation.gettext_lazy("Control carried out"),
    "care": translation.gettext_lazy("Care started"),
    # Seed 000 §2.3: a victim who wants no help while concerns persist goes to the RIEC through
    # the chain director; the routing rule "help-refused-riec" reads this answer.
    "help_refused": translation.gettext_lazy("The person does not want help or shelter"),
    "referred_on": translation.gettext_lazy("Referred on"),
    "no_action": translation.gettext_lazy("No action (with the reason)"),
}


# After the due date a reminder goes out; this many days later the chain director is told.
ESCALATE_AFTER_DAYS = 7


OPEN_FOR_FEEDBACK = (R.SENT, R.RECEIVED, R.ACCEPTED)
