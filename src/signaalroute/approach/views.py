"""Approach pages: the list, opening a case (from a signal or a stack), a case, its
interventions and the findings per partner."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.selectors import handling_municipalities
from signaalroute.core.forms import call_service, form_status
from signaalroute.locations.selectors import locations_visible_to
from signaalroute.signals.selectors import signals_visible_to
from signaalroute.stacking.selectors import traces_visible_to
from signaalroute.workflow.assignments import officers_of

from . import selectors as sel
from . import services
from .catalogue import catalogue
from .forms import CaseEditForm, CaseForm, FindingForm, InterventionForm, KindForm, LinkForm
from .models import ApproachCase, Intervention


def _case(request: AuthenticatedRequest, case_id: uuid.UUID) -> ApproachCase:
    return get_object_or_404(sel.cases_visible_to(request.user), pk=case_id)


@never_cache
@require_http_methods(["GET"])
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "approach/list.html",
        {"cases": sel.cases_visible_to(request.user).prefetch_related("interventions")},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def case_new(request: AuthenticatedRequest) -> HttpResponse:
    """Open a case from a signal (?signaal=<id>) or a stack (?spoor=<trace id>), or on its own."""
    user = request.user
    signal = trace = None
    if request.GET.get("signaal"):
        signal = get_object_or_404(signals_visible_to(user), pk=_uuid(request.GET["signaal"]))
    if request.GET.get("spoor"):
        trace = get_object_or_404(traces_visible_to(user), pk=_uuid(request.GET["spoor"]))
    municipality = (
        signal.municipality
        if signal
        else trace.municipality
        if trace
        else handling_municipalities(user).order_by("name").first()
    )
    if municipality is None or not sel.may_open_case(user, municipality.pk):
        raise Http404
    initial = {"kind": "location", "title": _title_of(signal, trace)}
    form = CaseForm(
        request.POST or None,
        initial=initial,
        locations=locations_visible_to(user).filter(municipality=municipality, active=True),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            services.case_open,
            actor=user,
            municipality=municipality,
            kind=data["kind"],
            title=data["title"],
            summary=data["summary"],
            signals=[signal] if signal else [],
            stack_trace=trace,
            next_discussion_on=data["next_discussion_on"],
            risk_location=data["risk_location"],
        )
        if done.ok:
            messages.success(request, _("Approach case opened."))
            return redirect("approach:detail", case_id=done.value.pk)
    return render(
        request,
        "approach/new.html",
        {"form": form, "signal": signal, "trace": trace, "municipality": municipality},
        status=form_status(form),
    )


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise Http404 from error


def _title_of(signal: Any, trace: Any) -> str:
    if trace is not None:
        return trace.label or trace.signal.address_text
    if signal is not None:
        return signal.address_text
    return ""


@never_cache
@require_http_methods(["GET", "POST"])
def case_detail(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case(request, case_id)
    link = LinkForm(request.POST or None)
    if request.method == "POST" and link.is_valid():
        found = (
            signals_visible_to(request.user)
            .filter(reference__iexact=link.cleaned_data["reference"].strip())
            .first()
        )
        if found is None:
            link.add_error("reference", _("No signal of yours has this reference."))
        else:
            done = call_service(
                link, services.case_link_signal, actor=request.user, case=case, signal=found
            )
            if done.ok:
                messages.success(request, _("Signal linked."))
                return redirect("approach:detail", case_id=case.pk)
    lists = catalogue()
    interventions = [
        (i, lists.kind(i.kind), lists.barrier_label(i.barrier))
        for i in case.interventions.prefetch_related("partners", "findings__partner")
    ]
    return render(
        request,
        "approach/detail.html",
        {
            "case": case,
            "signals": sel.case_signals(request.user, case),
            "interventions": interventions,
            "events": case.events.select_related("actor"),
            "link": link,
        },
        status=400 if link.is_bound and link.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def case_edit(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case(request, case_id)
    officers = User.objects.filter(
        pk__in=[u.pk for u, _d in officers_of(case.municipality).officers]
    )
    form = CaseEditForm(
        request.POST or None,
        officers=officers,
        initial={
            "title": case.title,
            "summary": case.summary,
            "owner": case.owner,
            "next_discussion_on": case.next_discussion_on,
            "state": case.state,
            "closed_on": case.closed_on,
            "close_reason": case.close_reason,
            "version": case.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        done = call_service(
            form,
            services.case_update,
            actor=request.user,
            case=case,
            expected_version=version,
            changes=data,
        )
        if done.ok:
            messages.success(request, _("Approach case saved."))
            return redirect("approach:detail", case_id=case.pk)
    return render(
        request,
        "approach/edit.html",
        {"case": case, "form": form},
        status=form_status(form),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def intervention_new(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case(request, case_id)
    chooser = KindForm(request.GET or None)
    kind = catalogue().kind(request.GET.get("soort", ""))
    if kind is None:
        return render(request, "approach/intervention_kind.html", {"case": case, "form": chooser})
    form = InterventionForm(
        request.POST or None,
        kind=kind,
        partners=sel.partner_choices(case.municipality),
        checklist=sel.checklist_choices(),
    )
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        partners: list[Organisation] = list(values.pop("partners", []) or [])
        done = call_service(
            form,
            services.intervention_add,
            actor=request.user,
            case=case,
            kind=kind.code,
            values=values,
            partners=partners,
        )
        if done.ok:
            messages.success(request, _("Intervention saved."))
            return redirect("approach:detail", case_id=case.pk)
    return render(
        request,
        "approach/intervention.html",
        {"case": case, "form": form, "kind": kind},
        status=form_status(form),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def intervention_edit(
    request: AuthenticatedRequest, case_id: uuid.UUID, intervention_id: uuid.UUID
) -> HttpResponse:
    case = _case(request, case_id)
    intervention: Intervention = get_object_or_404(case.interventions, pk=intervention_id)
    kind = catalogue().kind(intervention.kind)
    if kind is None:
        raise Http404
    initial: dict[str, Any] = {
        key: getattr(intervention, key)
        for key in (
            "barrier",
            "responsible",
            "planned_on",
            "done_on",
            "starts_on",
            "ends_on",
            "signoff_by",
            "signoff_on",
            "decision",
            "outcome",
            "state",
            "checklist",
        )
    }
    initial.update(intervention.details)
    initial["partners"] = list(intervention.partners.all())
    form = InterventionForm(
        request.POST or None,
        initial=initial,
        kind=kind,
        partners=sel.partner_choices(case.municipality),
        checklist=sel.checklist_choices(),
    )
    form.fields.pop("partners", None)  # who joined is fixed once planned; findings follow
    finding = FindingForm(prefix="bevinding", partners=intervention.partners.all())
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.intervention_update,
            actor=request.user,
            intervention=intervention,
            values=dict(form.cleaned_data),
        )
        if done.ok:
            messages.success(request, _("Intervention saved."))
            return redirect("approach:detail", case_id=case.pk)
    return render(
        request,
        "approach/intervention.html",
        {
            "case": case,
            "form": form,
            "kind": kind,
            "intervention": intervention,
            "finding": finding,
        },
        status=form_status(form),
    )


@never_cache
@require_http_methods(["POST"])
def finding_new(
    request: AuthenticatedRequest, case_id: uuid.UUID, intervention_id: uuid.UUID
) -> HttpResponse:
    case = _case(request, case_id)
    intervention: Intervention = get_object_or_404(case.interventions, pk=intervention_id)
    form = FindingForm(request.POST, prefix="bevinding", partners=intervention.partners.all())
    if form.is_valid():
        done = call_service(
            form,
            services.finding_record,
            actor=request.user,
            intervention=intervention,
            partner=form.cleaned_data["partner"],
            text=form.cleaned_data["text"],
        )
        if done.ok:
            messages.success(request, _("Findings recorded."))
            return redirect(
                "approach:intervention", case_id=case.pk, intervention_id=intervention.pk
            )
    kind = catalogue().kind(intervention.kind)
    return render(
        request,
        "approach/intervention.html",
        {
            "case": case,
            "form": None,
            "kind": kind,
            "intervention": intervention,
            "finding": form,
        },
        status=400,
    )
