"""Pages of the risk-location register (focal officers): the list first (the accessible
primary view), the map (which includes the list), a location with its control schedules, and
recording a control as done."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from signaalroute.accounts.models import Organisation
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.core.forms import call_service

from .forms import ControlDoneForm, FilterForm, LocationForm, ScheduleForm
from .models import RiskLocation
from .selectors import (
    location_for,
    location_municipalities,
    map_points,
    records_of,
    register_lines,
    schedule_for,
    schedule_lines,
)
from .services import Geocoding, LocationSaved, control_record, location_save, schedule_save


def _municipality(request: AuthenticatedRequest) -> Organisation:
    found = location_municipalities(request.user).order_by("name").first()
    if found is None:
        raise Http404
    return found


def _register(request: AuthenticatedRequest) -> dict[str, Any]:
    filters = FilterForm(request.GET or None)
    location_type, overdue_only = "", False
    if filters.is_valid():
        location_type = filters.cleaned_data["type"]
        overdue_only = filters.cleaned_data["te_laat"]
    lines = register_lines(request.user, location_type=location_type, overdue_only=overdue_only)
    return {
        "filters": filters,
        "lines": lines,
        "filtered": bool(location_type or overdue_only),
        "query": request.GET.urlencode(),
    }


@never_cache
@require_GET
def register_list(request: AuthenticatedRequest) -> HttpResponse:
    _municipality(request)
    return render(request, "locations/list.html", _register(request))


@never_cache
@require_GET
def register_map(request: AuthenticatedRequest) -> HttpResponse:
    _municipality(request)
    context = _register(request)
    context["points"] = map_points(context["lines"])
    context["tiles"] = settings.SIGNAALROUTE_MAP_TILES
    context["attribution"] = settings.SIGNAALROUTE_MAP_ATTRIBUTION
    context["without_point"] = sum(
        1 for line in context["lines"] if not line.location.has_coordinates
    )
    return render(request, "locations/map.html", context)


def _say_geocoding(request: AuthenticatedRequest, saved: LocationSaved) -> None:
    messages.success(request, _("Location saved."))
    if saved.geocoding == Geocoding.FAILED:
        messages.warning(
            request,
            _(
                "The coordinates could not be looked up now: the location is saved without "
                "them and is not on the map. Enter them yourself, or save again later."
            ),
        )
    elif saved.geocoding == Geocoding.NOT_FOUND:
        messages.warning(
            request,
            _("No coordinates were found for this address: the location is not on the map."),
        )


def _location_initial(location: RiskLocation) -> dict[str, Any]:
    return {
        name: getattr(location, name)
        for name in LocationForm.base_fields
        if hasattr(location, name)
    }


@never_cache
@require_http_methods(["GET", "POST"])
def location_new(request: AuthenticatedRequest) -> HttpResponse:
    municipality = _municipality(request)
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, location_save, actor=request.user, municipality=municipality, **form.cleaned_data
        )
        if done.ok:
            _say_geocoding(request, done.value)
            return redirect("locations:detail", done.value.location.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "locations/edit.html", {"form": form, "location": None}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def location_edit(request: AuthenticatedRequest, location_id: uuid.UUID) -> HttpResponse:
    location = location_for(request.user, location_id)
    form = LocationForm(request.POST or None, initial=_location_initial(location))
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            location_save,
            actor=request.user,
            municipality=location.municipality,
            location=location,
            **form.cleaned_data,
        )
        if done.ok:
            _say_geocoding(request, done.value)
            return redirect("locations:detail", location.pk)
        location.refresh_from_db()
    status = 400 if request.method == "POST" else 200
    return render(
        request, "locations/edit.html", {"form": form, "location": location}, status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def location_detail(request: AuthenticatedRequest, location_id: uuid.UUID) -> HttpResponse:
    """The location, its control schedules with their next control, the controls done, and
    planning a new kind of control (a POST here)."""
    location = location_for(request.user, location_id)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, schedule_save, actor=request.user, location=location, **form.cleaned_data
        )
        if done.ok:
            messages.success(request, _("Control planned."))
            return redirect("locations:detail", location.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "location": location,
        "schedules": schedule_lines(location),
        "records": records_of(location)[:50],
        "form": form,
    }
    return render(request, "locations/detail.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def schedule_edit(request: AuthenticatedRequest, schedule_id: uuid.UUID) -> HttpResponse:
    schedule = schedule_for(request.user, schedule_id)
    initial = {
        "kind": schedule.kind,
        "times_per_year": schedule.times_per_year,
        "last_done_on": schedule.last_done_on,
    }
    form = ScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            schedule_save,
            actor=request.user,
            location=schedule.location,
            schedule=schedule,
            **form.cleaned_data,
        )
        if done.ok:
            messages.success(request, _("Control schedule saved."))
            return redirect("locations:detail", schedule.location.pk)
        schedule.refresh_from_db()
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "locations/schedule_edit.html",
        {"form": form, "schedule": schedule},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def control_done(request: AuthenticatedRequest, schedule_id: uuid.UUID) -> HttpResponse:
    schedule = schedule_for(request.user, schedule_id)
    form = ControlDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, control_record, actor=request.user, schedule=schedule, **form.cleaned_data
        )
        if done.ok:
            messages.success(request, _("Control recorded."))
            return redirect("locations:detail", schedule.location.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "locations/control_done.html",
        {"form": form, "schedule": schedule},
        status=status,
    )
