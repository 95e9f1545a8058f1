"""The pages of the region's administrator: the municipalities and chain partners of the
region (regiobeheer). People are given roles on the people pages."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from signaalroute.core.forms import call_service

from .models import Membership, OrganisationKind, PartnerCategory, Region
from .region_admin import (
    administered_region,
    municipalities_of,
    municipality_add,
    partner_add,
    partner_update,
    partners_of,
)
from .requests import AuthenticatedRequest
from .rules import Role


class MunicipalityForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the municipality"),
        max_length=200,
        error_messages={"required": gettext_lazy("Give the name.")},
    )
    first_name = forms.CharField(
        label=gettext_lazy("First name of its first administrator"),
        max_length=150,
        error_messages={"required": gettext_lazy("Give the first name.")},
    )
    last_name = forms.CharField(
        label=gettext_lazy("Last name of its first administrator"),
        max_length=150,
        error_messages={"required": gettext_lazy("Give the last name.")},
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail address of its first administrator"),
        help_text=gettext_lazy("This person gets an activation link that works for 7 days."),
        error_messages={
            "required": gettext_lazy("Give the e-mail address."),
            "invalid": gettext_lazy("Enter a valid e-mail address."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "gemeente-%s")
        super().__init__(*args, **kwargs)


class PartnerForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the chain partner"),
        max_length=200,
        error_messages={"required": gettext_lazy("Give the name.")},
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Data-sharing category"),
        choices=[("", "—"), *PartnerCategory.choices],
        help_text=gettext_lazy(
            "The category decides which sharing profiles apply: what this partner may receive."
        ),
        error_messages={"required": gettext_lazy("Choose the category of the chain partner.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "ketenpartner-%s")
        super().__init__(*args, **kwargs)


def _region(request: AuthenticatedRequest) -> Region:
    region = administered_region(request.user)
    if region is None:
        raise Http404
    return region


@never_cache
@require_http_methods(["GET", "POST"])
def region(request: AuthenticatedRequest) -> HttpResponse:
    here = _region(request)
    what = request.POST.get("what")
    municipality_form = MunicipalityForm(request.POST if what == "municipality" else None)
    partner_form = PartnerForm(request.POST if what == "partner" else None)
    if what == "municipality" and municipality_form.is_valid():
        added = call_service(
            municipality_form,
            municipality_add,
            actor=request.user,
            region=here,
            **municipality_form.cleaned_data,
        )
        if added.ok:
            messages.success(
                request, _("Municipality added; its administrator has been sent an invitation.")
            )
            return redirect("accounts:region")
    if what == "partner" and partner_form.is_valid():
        created = call_service(
            partner_form, partner_add, actor=request.user, region=here, **partner_form.cleaned_data
        )
        if created.ok:
            messages.success(request, _("Chain partner added."))
            return redirect("accounts:region")
    region_admins = (
        Membership.objects.filter(
            organisation__region=here, role=Role.REGION_ADMIN, user__is_active=True
        )
        .select_related("user", "organisation")
        .order_by("user__last_name")
    )
    context = {
        "region": here,
        "municipalities": municipalities_of(here),
        "partners": partners_of(here),
        "region_admins": region_admins,
        "municipality_form": municipality_form,
        "partner_form": partner_form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/region.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def partner(request: AuthenticatedRequest, organisation_id: uuid.UUID) -> HttpResponse:
    here = _region(request)
    found = get_object_or_404(partners_of(here), pk=organisation_id, kind=OrganisationKind.PARTNER)
    form = PartnerForm(
        request.POST or None, initial={"name": found.name, "category": found.category}
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, partner_update, actor=request.user, partner=found, **form.cleaned_data
        )
        if done.ok:
            messages.success(request, _("Chain partner changed."))
            return redirect("accounts:region")
    people = (
        Membership.objects.filter(organisation=found)
        .select_related("user")
        .order_by("user__last_name", "role")
    )
    context = {"region": here, "partner": found, "form": form, "people": people}
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/region_partner.html", context, status=status)
