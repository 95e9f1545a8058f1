"""E-mail to the receiving municipality's focal officers about a care handover: that there is
one, and a link; never who it is about."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from signaalroute.accounts.selectors import focal_officers
from signaalroute.core.outbox import notification_queue

from .models import CareHandover


def notify_handover(handover: CareHandover) -> None:
    recipients = [u.email for u, _d in focal_officers(handover.to_municipality) if u.email]
    link = settings.SIGNAALROUTE_BASE_URL.rstrip("/") + reverse("care:handovers")
    with translation.override("nl"):
        subject = _("A handover of care in signaalroute")
        body = _(
            "%(municipality)s asks your municipality to take over the care of a (possible) "
            "victim of human trafficking. Log in to accept or decline: %(link)s"
        ) % {"municipality": handover.from_municipality.name, "link": link}
    notification_queue(
        kind="care_handover",
        recipients=recipients,
        subject=subject,
        body=body,
        signal_id=handover.trajectory.signal_id,
        referral_id=handover.referral_id,
    )
