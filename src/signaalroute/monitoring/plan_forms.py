"""Forms of the action plan and the policy documents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ActionOwner, ActionStatus, OwnerKind, PlanAction
from .plan_models import DEFAULT_PILLARS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give the plan a title.")}
    )
    first_year = forms.IntegerField(
        label=_("First year"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Enter the first year."),
            "invalid": _("Enter a year, such as 2024."),
        },
    )
    last_year = forms.IntegerField(
        label=_("Last year"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Enter the last year."),
            "invalid": _("Enter a year, such as 2024."),
        },
    )
    pillars = forms.CharField(
        label=_("Pillars, one per line"),
        widget=forms.Textarea(attrs={"rows": 6}),
        initial="\n".join(DEFAULT_PILLARS),
        error_messages={"required": _("Name at least one pillar.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "plan-%s")
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["first_year"].initial = year
        self.fields["last_year"].initial = year + 1


class OwnerForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the owner"),
        max_length=200,
        error_messages={"required": _("Give the name of the owner.")},
        help_text=_(
            "As the plan writes it, e.g. RIEC, Team OOV or Aandachtsfunctionaris mensenhandel."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OwnerKind.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "eigenaar-%s")
        super().__init__(*args, **kwargs)


class ActionForm(forms.Form):
    pillar = forms.ChoiceField(label=_("Pillar"))
    description = forms.CharField(
        label=_("Action"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the action.")},
    )
    planning = forms.CharField(
        label=_("Planning"),
        max_length=300,
        required=False,
        help_text=_("As in the plan: “Voorjaar 2025”, “K3 2026”, “4x per jaar”, “Doorlopend”."),
    )
    owners = forms.ModelMultipleChoiceField(
        label=_("Who"),
        queryset=ActionOwner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Name who carries out the action.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What shows it was done: a date, a report, a number of people trained."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[ActionOwner],
        pillars: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", "actie-%s")
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = owners  # type: ignore[attr-defined]
        self.fields["pillar"].choices = pillars  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(action: PlanAction) -> dict[str, Any]:
        return {
            "pillar": str(action.pillar_id),
            "description": action.description,
            "planning": action.planning,
            "owners": list(action.owners.all()),
            "status": action.status,
            "evidence": action.evidence,
            "version": action.version,
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "Columns: Pijler, Actie, Planning, Wie (and optionally Status, Bewijs). The first row holds the column names."
        ),
        error_messages={"required": _("Choose a file.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "import-%s")
        super().__init__(*args, **kwargs)


class PolicyForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the policy document"),
        max_length=300,
        error_messages={"required": _("Give the title.")},
    )
    adopted_on = forms.DateField(
        label=_("Adopted on"),
        widget=DATE,
        error_messages={
            "required": _("Enter the date of adoption."),
            "invalid": _("Enter a valid date."),
        },
    )
    every = forms.IntegerField(
        label=_("Evaluate every (years)"),
        min_value=1,
        max_value=10,
        initial=2,
        error_messages={"required": _("Enter how often it is evaluated.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "beleid-%s")
        super().__init__(*args, **kwargs)


class EvaluationForm(forms.Form):
    evaluated_on = forms.DateField(
        label=_("Evaluated on"),
        widget=DATE,
        error_messages={
            "required": _("Enter the date of the evaluation."),
            "invalid": _("Enter a valid date."),
        },
    )
    outcome = forms.CharField(
        label=_("Outcome of the evaluation"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write down what the evaluation found.")},
    )
