"""Forms of training."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import Organisation, User

from .models import RENEWAL_CHOICES, AwarenessItem, TrainingKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TargetForm(forms.Form):
    name = forms.CharField(
        label=_("Who must be trained"),
        max_length=200,
        error_messages={"required": _("Name the group, e.g. the front desk.")},
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("No team yet"),
        help_text=_("Coverage is counted over the people of this team."),
    )
    renewal_years = forms.TypedChoiceField(
        label=_("Renew every"),
        choices=RENEWAL_CHOICES,
        coerce=int,
        error_messages={"invalid_choice": _("Renew every year or every two years.")},
    )

    def __init__(self, *args: Any, teams: QuerySet[Organisation], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "doelgroep-%s")
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class TrainingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date"),
        widget=DATE,
        error_messages={
            "required": _("Enter the date of the training."),
            "invalid": _("Enter a valid date."),
        },
    )
    provider = forms.CharField(
        label=_("Provider"),
        max_length=200,
        error_messages={"required": _("Name who gave the training.")},
        help_text=_("E.g. RIEC, CoMensha, the focal officer."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    title = forms.CharField(label=_("Title or subject"), max_length=300, required=False)
    attendees = PersonChoice(
        label=_("Who attended"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick who attended.")},
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "training-%s")
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = people


class AwarenessDoneForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("Item of the calendar"),
        queryset=AwarenessItem.objects.none(),
        error_messages={"required": _("Choose the item.")},
    )
    done_on = forms.DateField(
        label=_("Done on"),
        widget=DATE,
        error_messages={"required": _("Enter the date."), "invalid": _("Enter a valid date.")},
    )
    what = forms.CharField(
        label=_("What was done"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write down what was done.")},
    )

    def __init__(self, *args: Any, items: QuerySet[AwarenessItem], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "bewustwording-%s")
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
