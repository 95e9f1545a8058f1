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

from signaalroute.core.forms import call_service, form_status

from .models import Membership, OrganisationKind, PartnerCategory, Region
from .people_views import PersonFields
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


class MunicipalityForm(PersonFields):
    name = forms.CharField(
        label=gettext_lazy("Name of the municipality"),
        max_length=200,
        error_messages={"required": gettext_lazy("Give the name.")},
    )
    field_order = ["name", "first_name", "last_name", "email"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "gemeente-%s")
        super().__init__(*args, **kwargs)
        self.fields["first_name"].label = _("First name of its first administrator")
        self.fields["last_name"].label = _("Last name of its first administrator")
        self.fields["email"].label = _("E-mail address of its first administrator")
        self.fields["email"].help_text = _(
            "This person gets an activation link that works for 7 days."
        )


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


def region_for(request: AuthenticatedRequest) -> Region:
    """The region the page acts for, or 404 for someone who administers none."""
    region = administered_region(request.user)
    if region is None:
        raise Http404
    return region


@never_cache
@require_http_methods(["GET", "POST"])
def region(request: AuthenticatedRequest) -> HttpResponse:
    here = region_for(request)
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
    here = region_for(request)
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
    return render(request, "accounts/region_partner.html", context, status=form_status(form))
