"""The forms of an advice question (adviesvraag, seed 000_a1f13d5d9f6634fb.txt §2.6): asking
and answering."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import User

from .selectors import submit_municipalities


class AdviceQuestionForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, empty_label=None)
    question = forms.CharField(
        label=_("Your question"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Not sure whether something is a signal? Ask the focal officer. Leave out names where you can."
        ),
        error_messages={"required": _("Write your question.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = submit_municipalities(user)


class AdviceAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write an answer.")},
    )
