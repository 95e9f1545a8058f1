"""Helpers to refer signals and answer them the way the services do (as tests/signals.py does for
signals): a referral to the police on their statutory task, accepted and answered by fenna."""

from __future__ import annotations

from typing import Any

from signaalroute.accounts.models import Organisation
from signaalroute.partners.referrals.answers import referral_accept, referral_feedback
from signaalroute.partners.referrals.models import Referral
from signaalroute.partners.referrals.services import referral_send
from signaalroute.signals.models import Signal
from signaalroute.signals.states import State
from signaalroute.workflow.services import signal_transition

from .signals import internal_signal

POLICE = "Politie basisteam Heuvelrug (demo)"
FEEDBACK = "Controle gepland met gemeente en politie."


def police() -> Organisation:
    return Organisation.objects.get(name=POLICE)


def org(prefix: str) -> Organisation:
    return Organisation.objects.get(name__startswith=prefix)


def send(
    personas: dict[str, Any], signal: Signal, partner: str, basis: str, **details: str
) -> Referral:
    """carla refers `signal` to the partner whose name starts with `partner`."""
    signal.refresh_from_db()
    return referral_send(
        actor=personas["carla"],
        signal=signal,
        partner=org(partner),
        purpose="Graag beoordelen",
        basis=basis,
        details=details,
        expected_version=signal.version,
    )


def referred(personas: dict[str, Any], **overrides: Any) -> tuple[Signal, Referral]:
    """alice's signal, taken up by carla and referred to the police (statutory task)."""
    signal = internal_signal(personas, via_bob=False, **overrides)
    signal_transition(
        actor=personas["carla"], signal=signal, to=State.TRIAGE, expected_version=signal.version
    )
    signal.refresh_from_db()
    referral = referral_send(
        actor=personas["carla"],
        signal=signal,
        partner=police(),
        purpose="Graag beoordelen",
        basis="statutory_task",
        details={"article": "art. 3 Politiewet 2012"},
        expected_version=signal.version,
    )
    return signal, referral


def answered(
    personas: dict[str, Any], *, text: str = FEEDBACK, **overrides: Any
) -> tuple[Signal, Referral]:
    """A referred signal that fenna (police) accepted and answered: "feedback received"."""
    signal, referral = referred(personas, **overrides)
    referral = referral_accept(
        actor=personas["fenna"], referral=referral, expected_version=referral.version
    )
    referral = referral_feedback(
        actor=personas["fenna"],
        referral=referral,
        kind="investigation",
        text=text,
        expected_version=referral.version,
    )
    signal.refresh_from_db()
    assert signal.state == State.FEEDBACK_RECEIVED
    return signal, referral
