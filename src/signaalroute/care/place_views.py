"""The local shelter places (lokale opvangplekken) the focal officers keep (seed 004 §5.1)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.selectors import handling_municipalities
from signaalroute.core.forms import call_service, form_status

from . import selectors as sel
from . import services
from .forms import ShelterPlaceForm
from .lists import care_lists


@never_cache
@require_http_methods(["GET", "POST"])
def shelter_places(request: AuthenticatedRequest) -> HttpResponse:
    municipality = handling_municipalities(request.user).order_by("name").first()
    if municipality is None:
        raise Http404
    form = ShelterPlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.shelter_place_save,
            actor=request.user,
            municipality=municipality,
            place=None,
            values=form.cleaned_data,
        )
        if done.ok:
            messages.success(request, _("Shelter place saved."))
            return redirect("care:shelter-places")
    lists = care_lists()
    return render(
        request,
        "care/shelter_places.html",
        {
            "municipality": municipality,
            "places": [
                (p, lists.label("shelter_types", p.shelter_type))
                for p in sel.shelter_places_of(request.user)
            ],
            "form": form,
        },
        status=form_status(form),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def shelter_place_edit(request: AuthenticatedRequest, place_id: uuid.UUID) -> HttpResponse:
    place = get_object_or_404(sel.shelter_places_of(request.user), pk=place_id)
    initial = {
        "name": place.name,
        "shelter_type": place.shelter_type,
        "capacity": place.capacity,
        "contact": place.contact,
        "notes": place.notes,
        "active": place.active,
    }
    form = ShelterPlaceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.shelter_place_save,
            actor=request.user,
            municipality=place.municipality,
            place=place,
            values=form.cleaned_data,
        )
        if done.ok:
            messages.success(request, _("Shelter place saved."))
            return redirect("care:shelter-places")
    return render(
        request,
        "care/shelter_place_edit.html",
        {"place": place, "form": form},
        status=form_status(form),
    )
