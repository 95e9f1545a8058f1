"""The choices of care (keuzelijsten), kept apart from the models that use them: who the rule on
the responsible municipality covers (a regional reading), registration, residence status, a
trajectory's status and end reason, a handover's state."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reading(models.TextChoices):
    """Who the rule "registered, else found" covers: the seeds differ, so the region chooses."""

    EVERYONE = (
        "everyone",
        _(
            "Everyone registered, also with a temporary residence status; when not registered "
            "anywhere, the municipality where the victim was found"
        ),
    )
    LAWFUL_ONLY = "lawful_only", _("Only victims who reside lawfully in the Netherlands")


READING_SOURCES = {
    Reading.EVERYONE: "000_a1f13d5d9f6634fb.txt §3.1",
    Reading.LAWFUL_ONLY: "004_0e82b480fca28818.txt §5.4",
}


class Registration(models.TextChoices):
    REGISTERED = "registered", _("Registered in the BRP")
    NOT_REGISTERED = "not_registered", _("Not registered in the BRP anywhere")
    UNKNOWN = "unknown", _("Not known yet")


class Residence(models.TextChoices):
    LAWFUL = "lawful", _("Lawful residence (Dutch, EU citizen, residence permit)")
    TEMPORARY = (
        "temporary",
        _(
            "Temporary residence status (such as the reflection period or the residence scheme for "
            "victims)"
        ),
    )
    NONE = "none", _("No lawful residence")
    UNKNOWN = "unknown", _("Not known yet")


class TrajectoryStatus(models.TextChoices):
    OPEN = "open", _("Opened")
    ACTIVE = "active", _("Care under way")
    CLOSED = "closed", _("Closed")


class EndReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    HANDED_OVER = "handed_over", _("Handed over to another municipality")
    DECLINED_HELP = "declined_help", _("The person does not want help")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    RETURNED = "returned", _("Returned to the country of origin")
    OTHER = "other", _("Other reason")


class HandoverState(models.TextChoices):
    SENT = "sent", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
