"""What care adds to pages of lower rooms (`core.panels`): the care trajectories of a signal on
the signal page, handovers to answer on the home page, and "open a care trajectory" on a
referral in the partner portal."""

from __future__ import annotations

from django.http import HttpRequest

from signaalroute.accounts.models import User
from signaalroute.core.panels import Panel
from signaalroute.partners.referrals.models import Referral
from signaalroute.partners.referrals.sharing import NamedProfile, sharing_profile_of
from signaalroute.signals.models import Signal

from . import selectors as sel


def signal_care(request: HttpRequest, signal: Signal) -> Panel | None:
    """For a care officer of the signal's municipality: its trajectories, and opening one."""
    user = request.user
    if not isinstance(user, User) or not sel.may_open_for(user, signal):
        return None
    return Panel(
        "care/_signal_care.html",
        {
            "signal": signal,
            "trajectories": list(sel.trajectories_visible_to(user).filter(signal=signal)),
            "has_victim": sel.has_victim(signal),
        },
    )


def home_handovers(request: HttpRequest) -> Panel | None:
    user = request.user
    if not isinstance(user, User):
        return None
    handovers = list(sel.open_handovers_for(user))
    if not handovers:
        return None
    return Panel("care/_home_handovers.html", {"handovers": handovers})


def referral_care(request: HttpRequest, referral: Referral) -> Panel | None:
    """For the care coordinator on a referral to her organisation: open (or go to) the
    trajectory of this signal."""
    user = request.user
    if not isinstance(user, User) or referral.partner_id not in {
        o.pk for o in sel.care_coordination_of(user)
    }:
        return None
    if sharing_profile_of(referral.partner) != NamedProfile.CARE_COORDINATOR:
        return None
    existing = sel.trajectories_visible_to(user).filter(signal_id=referral.signal_id).first()
    return Panel("care/_referral_care.html", {"referral": referral, "trajectory": existing})
