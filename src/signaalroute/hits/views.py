"""The regional check (hit/no-hit): a focal officer asks whether a subject is known in another
municipality of the region and hears only "known at municipality X" or "not known". POST only,
so an identifier never ends up in a URL, a log line or the browser history."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from signaalroute.accounts.network import NetworkRow, contacts_by_name
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.core.forms import apply_errors
from signaalroute.hits.models import HitKind
from signaalroute.hits.services import (
    QUERY_FIELDS,
    HitIndexNotConfigured,
    HitQueryRefused,
    hit_key,
    hit_query,
)

IDENTIFIER_FIELDS = tuple(name for names in QUERY_FIELDS.values() for name in names)


def _text(label: Any, help_text: Any = "", autocomplete: str = "off") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete, "spellcheck": "false"}),
    )


class HitCheckForm(forms.Form):
    """What to check and its value. Every identifier field is required for its own kind only."""

    use_required_attribute = False

    kind = forms.ChoiceField(
        label=_("What do you want to check?"),
        choices=HitKind.choices,
        widget=forms.RadioSelect,
    )
    phone = _text(_("Telephone number"), _("For example 06 12345678 or +31 6 12345678."))
    email = _text(_("E-mail address"))
    kvk = _text(_("KvK number"), _("8 digits."))
    postcode = _text(_("Postcode"), _("For example 3762 AB."))
    house_number = _text(_("House number"), _("With letter or addition if any, e.g. 12a or 12-2."))
    surname = _text(_("Surname"), _("With prefix if any, e.g. van der Berg."))
    given_names = _text(_("Given names or first initial"))
    date_of_birth = _text(_("Date of birth"), _("The exact date, e.g. 17-05-1990."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wanted = QUERY_FIELDS.get(str(self.data.get("kind", "")), ()) if self.is_bound else None
        if wanted is not None:
            for name in IDENTIFIER_FIELDS:
                self.fields[name].required = name in wanted


def _page(
    request: AuthenticatedRequest,
    form: HitCheckForm,
    *,
    hits: list[tuple[str, NetworkRow | None]] | None = None,
    kind_label: Any = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "configured": hit_key() is not None,
        "hits": hits,
        "kind_label": kind_label,
        "address_fields": [form["postcode"], form["house_number"]],
        "name_fields": [form["surname"], form["given_names"], form["date_of_birth"]],
    }
    return render(request, "hits/check.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def hit_check(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, HitCheckForm(initial={"kind": HitKind.PHONE}))
    form = HitCheckForm(request.POST)
    if hit_key() is None:
        return _page(request, form, status=409)
    if not form.is_valid():
        return _page(request, form, status=400)
    kind = form.cleaned_data["kind"]
    try:
        hits = hit_query(actor=request.user, kind=kind, values=form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return _page(request, form, status=400)
    except HitQueryRefused as error:
        form.add_error(None, str(error.message))
        return _page(request, form, status=error.status)
    except HitIndexNotConfigured:
        return _page(request, form, status=409)
    contacts = contacts_by_name(request.user, hits)  # how to reach each municipality
    answer = [(name, contacts.get(name)) for name in hits]
    return _page(request, form, hits=answer, kind_label=HitKind(kind).label)
