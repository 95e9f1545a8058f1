"""Signalling meetings (signaleringsoverleggen): the meeting, its agenda items, the decisions
taken on them and the actions those decisions hand out.

A municipality's local signalling meeting on undermining is led by public order and safety, with
the community police officers at the table (seed 004_0e82b480fca28818.txt §5.5.1; seed
002_f9bb08b28be3f2cb.txt annex 1 step 3); locations go there first (seed 000_a1f13d5d9f6634fb.txt
§2.4). Tables that "lack clear goals and do not lead to constructive outcomes" are a named problem
in the region (seed 003_7eb11e2830c5e158.txt §1.9), so every decision with an action has an owner
and a due date, and the next meeting opens with what came of them.

Free text (minutes, decisions, actions, topics) may name people: it is shown to the focal officers
of the municipality and to the attendees, never past them.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .types import meeting_types


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class Meeting(models.Model):
    """One signalling meeting of a municipality (overleg)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("type of meeting"), max_length=30)
    held_on = models.DateField(_("date"))
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair"),
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("attendees")
    )
    organisations = models.ManyToManyField(
        "accounts.Organisation",
        related_name="+",
        blank=True,
        verbose_name=_("organisations at the table"),
    )
    minutes = models.TextField(_("minutes"), max_length=20_000, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        verbose_name = _("signalling meeting")

    def __str__(self) -> str:
        return f"meeting {self.held_on}"

    @property
    def type(self) -> Any:
        return meeting_types().get(self.kind)

    @property
    def kind_label(self) -> str:
        found = meeting_types().get(self.kind)
        return found.shown if found else self.kind

    def clean(self) -> None:
        if self.kind not in meeting_types().codes():
            raise ValidationError({"kind": _("Choose a type of meeting.")})


class ItemKind(models.TextChoices):
    SIGNAL = "signal", _("Signal")
    STACK = "stack", _("Stack of signals")
    CASE = "case", _("Approach case")
    TOPIC = "topic", _("Topic")


class AgendaItem(models.Model):
    """One point of a meeting's agenda (agendapunt): a signal, a stack (named by one of its
    traces), an approach case due for discussion, or a topic. ``facts`` keeps what a stack
    showed when it was put on the agenda, without personal data (counts, forms, signs, areas)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    signal = models.ForeignKey(
        "signals.Signal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    stack_trace = models.ForeignKey(
        "stacking.Trace", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approach_case = models.ForeignKey(
        "approach.ApproachCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    facts = models.JSONField(default=dict, blank=True)
    proposed = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "added_at"]
        verbose_name = _("agenda item")

    def __str__(self) -> str:
        return f"agenda item {self.kind}"

    def clean(self) -> None:
        needs = {
            ItemKind.SIGNAL: self.signal_id,
            ItemKind.STACK: self.stack_trace_id,
            ItemKind.CASE: self.approach_case_id,
            ItemKind.TOPIC: self.topic.strip(),
        }
        if not needs.get(ItemKind(self.kind)):
            raise ValidationError({"topic": _("Say what is to be discussed.")})


class Decision(models.Model):
    """What the meeting decided on an item (besluit)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"), max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = _("decision")

    def __str__(self) -> str:
        return f"decision {self.recorded_at:%Y-%m-%d}"

    def clean(self) -> None:
        if not self.text.strip():
            raise ValidationError({"text": _("Write down what was decided.")})


class Action(models.Model):
    """What a decision asks someone to do (actiepunt), with its owner and due date, tracked
    until done. It may point to the approach case it led to."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    approach_case = models.ForeignKey(
        "approach.ApproachCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approach case"),
    )

    class Meta:
        ordering = ["due_on", "text"]
        verbose_name = _("action")

    def __str__(self) -> str:
        return f"action {self.due_on}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.text.strip():
            errors["action"] = _("Say what is to be done.")
        if self.due_on and self.meeting.held_on and self.due_on < self.meeting.held_on:
            errors["due_on"] = _("The due date cannot be before the meeting.")
        if self.done_on and self.done_on < self.meeting.held_on:
            errors["done_on"] = _("An action cannot be done before the meeting that set it.")
        if errors:
            raise ValidationError(errors)
