"""The routing-rules editor: the rule set as JSON text, and a note on what changed."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from signaalroute.partners.routing.rules import validate_rules

MAX_JSON = 200_000


class RoutingRulesForm(forms.Form):
    region = forms.UUIDField(widget=forms.HiddenInput, required=False)
    rules = forms.CharField(
        label=_("Rules (JSON)"),
        help_text=_(
            "A list of rules. Each rule has an id, the conditions (when), the advice (advise: "
            "role and urgency), the reason in plain Dutch and the source."
        ),
        max_length=MAX_JSON,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "cols": 100, "spellcheck": "false"}),
        error_messages={"required": _("Give the rules.")},
    )
    note = forms.CharField(
        label=_("What changed"),
        help_text=_("Needed to publish; shown in the history."),
        max_length=500,
        required=False,
    )

    def clean_rules(self) -> Any:
        text = self.cleaned_data["rules"]
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValidationError(
                gettext("This is not valid JSON: look at line %(line)s, column %(column)s.")
                % {"line": error.lineno, "column": error.colno}
            ) from error
        errors = validate_rules(data)
        if errors:
            raise ValidationError(errors)
        return data


def rules_text(rules: Any) -> str:
    """The rules as the editor shows them: indented, Dutch characters kept."""
    return json.dumps(rules, ensure_ascii=False, indent=2)
