""" "Always the care coordinator" (seed 002_f9bb08b28be3f2cb.txt annex 1 step 4), the partners'
half: was the care coordinator involved in a signal? The route (below us) asks it through the
predicate named in ``SIGNAALROUTE_CARE_COORDINATOR_CHECKS`` (conf/wiring.py,
`workflow.close_checks`) when a signal with a possible victim is closed."""

from __future__ import annotations

from signaalroute.signals.models import Signal

from .referrals.models import Referral, ReferralState
from .referrals.sharing import NamedProfile, sharing_profile_of


def care_coordinator_contacted(signal: Signal) -> bool:
    """A referral to a partner with the care coordinator's sharing profile, on any basis (an
    anonymous consultation counts), that was not revoked."""
    referrals = (
        Referral.objects.filter(signal=signal)
        .exclude(state=ReferralState.REVOKED)
        .select_related("partner", "partner__partner_profile")
    )
    return any(
        sharing_profile_of(referral.partner) == NamedProfile.CARE_COORDINATOR
        for referral in referrals
    )
