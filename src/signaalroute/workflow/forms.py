"""Forms on the detail page. Each carries the signal's version (optimistic locking)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.signals.models import Channel, ExploitationForm
from signaalroute.signals.states import Outcome, State

from .assignments import WorklistView
from .feedback import FEEDBACK_TEMPLATES, feedback_text
from .rules import ASSIGNMENT_DOMAIN_LABELS, DEFAULT_DEADLINE_WORKING_DAYS


class _OwnIds:
    """The signal page holds several of these forms: each gets ids of its own (only the ids;
    field names, and so what is posted, stay as they are), so no id stands twice."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TransitionForm(VersionedForm):
    to = forms.ChoiceField(choices=State.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", "—"), *Outcome.choices]
    )
    merge_reference = forms.CharField(
        label=_("Reference of the signal to merge into"), required=False, max_length=20
    )
    # Shown only when closing needs it (`NextSteps.close_needs_care_reason`).
    no_care_coordinator_reason = forms.CharField(
        label=_("Why the care coordinator was not involved"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "This signal names a possible victim: the care coordinator is always involved "
            "(a referral or an anonymous consultation). If not, say why; it is counted."
        ),
    )


class NoteForm(_OwnIds, forms.Form):
    id_prefix = "notitie"

    text = forms.CharField(
        label=_("Note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a note.")},
    )


class TaskForm(_OwnIds, forms.Form):
    id_prefix = "taak"

    title = forms.CharField(
        label=_("Task"), max_length=300, error_messages={"required": _("Describe the task.")}
    )
    due_on = forms.DateField(
        label=_("Due date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Choose a due date."), "invalid": _("Enter a valid date.")},
    )


class FeedbackForm(_OwnIds, VersionedForm):
    """Step 6. A template is written out in `language`, the reporter's (see `feedback_language`);
    the officer previews the exact text (`action` "preview") before it is sent ("send")."""

    id_prefix = "terugkoppeling"

    template = forms.ChoiceField(
        label=_("Start from a template"),
        required=False,
        choices=[("", "—"), *((key, label) for key, (label, _text) in FEEDBACK_TEMPLATES.items())],
    )
    text = forms.CharField(
        label=_("Message to the reporter"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("No names and no details of partners: the reporter reads this."),
    )

    def __init__(self, *args: Any, language: str = "nl", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language = language

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and data.get("template"):
            data["text"] = feedback_text(data["template"], self.language)
        if not (data.get("text") or "").strip():
            self.add_error("text", _("Write the message to the reporter, or choose a template."))
        return data


class AgendaForm(_OwnIds, VersionedForm):
    id_prefix = "overleg"

    on_agenda = forms.BooleanField(required=False)


class EnrichmentSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the municipality's earlier signals"),
        max_length=200,
        help_text=_("A name, postcode, business or other detail from this signal."),
        error_messages={"required": _("Enter what to search for.")},
    )


class WorklistForm(forms.Form):
    # The view ("Mijn signalen", "Mijn domein", "Hele gemeente") is chosen in the navigation
    # above the form; the form keeps it when filtering.
    weergave = forms.ChoiceField(
        required=False, choices=[(v.value, v.value) for v in WorklistView], widget=forms.HiddenInput
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All open")), *State.choices]
    )
    form = forms.ChoiceField(
        label=_("Form of exploitation"),
        required=False,
        choices=[("", _("All")), *ExploitationForm.choices],
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices]
    )
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    acute = forms.BooleanField(label=_("Acute only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("due", _("Deadline")),
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
        ],
    )

    def __init__(self, *args: Any, municipalities: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [
            ("", _("All")),
            *((str(m.pk), m.name) for m in municipalities),
        ]
        if len(self.fields["municipality"].choices) <= 2:
            del self.fields["municipality"]


class AssignmentForm(_OwnIds, forms.Form):
    """The signal's domain and owner, set by a focal officer of its municipality."""

    id_prefix = "toewijzing"

    domain = forms.ChoiceField(
        label=_("Domain"),
        choices=list(ASSIGNMENT_DOMAIN_LABELS.items()),
        error_messages={"invalid_choice": _("Choose safety, care or both.")},
    )
    owner = forms.ChoiceField(
        label=_("Owner"),
        required=False,
        error_messages={
            "invalid_choice": _("Choose a focal officer of this municipality as the owner.")
        },
    )

    def __init__(self, *args: Any, owners: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = {str(user.pk): user for user in owners}
        self.fields["owner"].choices = [
            ("", _("Nobody")),
            *((key, str(user)) for key, user in self.owners.items()),
        ]

    def chosen_owner(self) -> User | None:
        return self.owners.get(self.cleaned_data.get("owner") or "")


class AwayForm(forms.Form):
    """A focal officer marks themselves away or back in one of their municipalities."""

    municipality = forms.UUIDField(widget=forms.HiddenInput)
    away = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", False)  # hidden only; one form per municipality, no ids
        super().__init__(*args, **kwargs)


class RouteSettingsForm(forms.Form):
    team_coordinator_step_required = forms.BooleanField(
        label=_("Step 1 (team coordinator) is required"), required=False
    )
    acute_minutes = forms.IntegerField(
        label=_("Minutes to pick up an acute signal"), min_value=5, max_value=1440
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for state in DEFAULT_DEADLINE_WORKING_DAYS:
            self.fields[f"deadline_{state.value}"] = forms.IntegerField(
                label=_("Working days in state: %(state)s") % {"state": state.label},
                min_value=1,
                max_value=365,
            )

    def deadlines(self) -> dict[str, int]:
        return {
            name.removeprefix("deadline_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("deadline_")
        }
