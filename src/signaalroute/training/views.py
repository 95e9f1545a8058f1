"""Pages of training (functional administrator, focal officer): coverage, recording a training,
who must be trained, and the awareness calendar."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import acting_municipality
from signaalroute.core.forms import call_service

from .forms import AwarenessDoneForm, TargetForm, TrainingForm
from .models import AwarenessItem, Training, TrainingTarget
from .selectors import calendar, coverage, people_of
from .services import awareness_done, defaults_load, target_save, training_record


def _municipality(request: AuthenticatedRequest) -> Organisation:
    found = acting_municipality(request.user, Permission.MANAGE_TRAINING)
    if found is None:
        raise Http404
    return found


def _teams(municipality: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(parent=municipality, kind=OrganisationKind.TEAM).order_by(
        "name"
    )


@never_cache
def overview(request: AuthenticatedRequest) -> HttpResponse:
    municipality = _municipality(request)
    rows = coverage(municipality)
    context = {
        "municipality": municipality,
        "rows": rows,
        "new_untrained": [(row.target, person) for row in rows for person in row.new_untrained],
        "due": [(row.target, person, "due") for row in rows for person in row.due_soon]
        + [(row.target, person, "expired") for row in rows for person in row.expired],
        "trainings": Training.objects.filter(municipality=municipality).prefetch_related(
            "attendees"
        )[:10],
    }
    return render(request, "training/overview.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def record(request: AuthenticatedRequest) -> HttpResponse:
    municipality = _municipality(request)
    form = TrainingForm(request.POST or None, people=people_of(municipality))
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            training_record,
            actor=request.user,
            municipality=municipality,
            **{**form.cleaned_data, "attendees": list(form.cleaned_data["attendees"])},
        )
        if done.ok:
            messages.success(request, _("Training recorded."))
            return redirect("training:overview")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "training/record.html", {"form": form, "municipality": municipality}, status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def targets(request: AuthenticatedRequest) -> HttpResponse:
    municipality = _municipality(request)
    form = TargetForm(request.POST or None, teams=_teams(municipality))
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, target_save, actor=request.user, municipality=municipality, **form.cleaned_data
        )
        if done.ok:
            messages.success(request, _("Saved who must be trained."))
            return redirect("training:targets")
    status = 400 if request.method == "POST" else 200
    rows = TrainingTarget.objects.filter(municipality=municipality).select_related("team")
    return render(request, "training/targets.html", {"form": form, "rows": rows}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def target_edit(request: AuthenticatedRequest, target_id: uuid.UUID) -> HttpResponse:
    municipality = _municipality(request)
    target = get_object_or_404(TrainingTarget, pk=target_id, municipality=municipality)
    initial = {"name": target.name, "team": target.team, "renewal_years": target.renewal_years}
    form = TargetForm(request.POST or None, teams=_teams(municipality), initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            target_save,
            actor=request.user,
            municipality=municipality,
            target=target,
            **form.cleaned_data,
        )
        if done.ok:
            messages.success(request, _("Saved who must be trained."))
            return redirect("training:targets")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "training/target_edit.html", {"form": form, "target": target}, status=status
    )


@require_POST
def load_defaults(request: AuthenticatedRequest) -> HttpResponse:
    added = defaults_load(actor=request.user, municipality=_municipality(request))
    messages.success(request, _("%(n)s items from the policy documents added.") % {"n": added})
    return redirect(
        (request.POST.get("next") == "calendar" and "training:calendar") or "training:targets"
    )


@never_cache
@require_http_methods(["GET", "POST"])
def awareness(request: AuthenticatedRequest) -> HttpResponse:
    municipality = _municipality(request)
    items = AwarenessItem.objects.filter(municipality=municipality)
    form = AwarenessDoneForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            awareness_done,
            actor=request.user,
            item=form.cleaned_data["item"],
            done_on=form.cleaned_data["done_on"],
            what=form.cleaned_data["what"],
        )
        if done.ok:
            messages.success(request, _("Recorded what was done."))
            return redirect("training:calendar")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "lines": calendar(municipality), "municipality": municipality}
    return render(request, "training/calendar.html", context, status=status)
