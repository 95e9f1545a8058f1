"""Forms of monitoring: the dashboard's filter and the reference figures."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .areas import Area
from .models import ReferenceFigure

YEARS_BACK = 10


class DashboardFilter(forms.Form):
    gebied = forms.ChoiceField(label=_("Area"))
    jaar = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, areas: list[Area], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["gebied"].choices = [(a.key, a.label) for a in areas]
        self.fields["jaar"].choices = [
            (y, str(y)) for y in range(this_year, this_year - YEARS_BACK, -1)
        ]


class ReferenceFigureForm(forms.ModelForm):
    source_url = forms.URLField(
        label=_("link to the source"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address starting with https://.")},
    )

    class Meta:
        model = ReferenceFigure
        fields = [
            "figure",
            "value_low",
            "value_high",
            "year",
            "area",
            "source",
            "source_url",
            "cited_in",
        ]
        error_messages = {
            "figure": {"required": _("Describe the figure.")},
            "value_low": {
                "required": _("Enter the value."),
                "invalid": _("Enter a whole number."),
            },
            "value_high": {"invalid": _("Enter a whole number.")},
            "year": {"required": _("Enter the year."), "invalid": _("Enter a year, such as 2024.")},
            "area": {"required": _("Name the area, such as Nederland or Regio Utrecht.")},
            "source": {"required": _("Name the source: a publication or a document.")},
            "source_url": {"invalid": _("Enter a web address starting with https://.")},
        }
