"""Care pages: the list, a trajectory, its edits, shelter, consents, handovers."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from signaalroute.accounts.models import Organisation, OrganisationKind, User
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.core.forms import call_service, form_status
from signaalroute.partners.consents.forms import ConsentForm, WithdrawForm
from signaalroute.partners.consents.selectors import active_consents, consent_of_signal
from signaalroute.partners.referrals.selectors import referrals_for_partner
from signaalroute.partners.referrals.sharing import (
    SHAREABLE_FIELDS,
    NamedProfile,
    allowed_bases,
    sharing_profile_of,
)
from signaalroute.signals.models import SubjectRole
from signaalroute.signals.selectors import signals_visible_to

from . import handovers, services
from . import selectors as sel
from .forms import (
    HandoverAnswerForm,
    HandoverForm,
    OpenForm,
    PlacementForm,
    PlacementUpdateForm,
    TrajectoryForm,
)
from .lists import care_lists
from .models import CareTrajectory, HandoverState


def _coordinations(region_id: Any) -> Any:
    """The region's care coordination organisations (sharing profile "care coordinator")."""
    partners = Organisation.objects.filter(
        kind=OrganisationKind.PARTNER, region_id=region_id
    ).select_related("partner_profile")  # sharing_profile_of reads it: one query, not one each
    return partners.filter(
        pk__in=[p.pk for p in partners if sharing_profile_of(p) == NamedProfile.CARE_COORDINATOR]
    )


def _trajectory(request: AuthenticatedRequest, trajectory_id: uuid.UUID) -> CareTrajectory:
    return get_object_or_404(sel.trajectories_visible_to(request.user), pk=trajectory_id)


@never_cache
@require_http_methods(["GET"])
def trajectory_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "care/list.html",
        {
            "trajectories": sel.trajectories_visible_to(user).order_by("status", "-started_on"),
            "handovers": sel.open_handovers_for(user),
            "works_on_care": bool(sel.care_municipalities(user) or sel.care_coordination_of(user)),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def trajectory_open(request: AuthenticatedRequest, signal_id: uuid.UUID) -> HttpResponse:
    signal = get_object_or_404(
        signals_visible_to(request.user).select_related("municipality"), pk=signal_id
    )
    if not sel.may_open_for(request.user, signal):
        raise Http404
    form = OpenForm(
        request.POST or None,
        victims=signal.subjects.filter(role=SubjectRole.VICTIM),
        coordinations=_coordinations(signal.municipality.region_id),
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.trajectory_open,
            actor=request.user,
            signal=signal,
            victim=form.cleaned_data["victim"],
            care_coordinator_org=form.cleaned_data["care_coordinator_org"],
        )
        if done.ok:
            messages.success(request, _("Care trajectory opened."))
            return redirect("care:detail", trajectory_id=done.value.pk)
    return render(request, "care/open.html", {"signal": signal, "form": form})


@never_cache
@require_POST
def trajectory_open_from_referral(
    request: AuthenticatedRequest, referral_id: uuid.UUID
) -> HttpResponse:
    referral = get_object_or_404(referrals_for_partner(request.user), pk=referral_id)
    existing = sel.trajectories_visible_to(request.user).filter(signal=referral.signal).first()
    if existing is not None:
        return redirect("care:detail", trajectory_id=existing.pk)
    trajectory = services.trajectory_open(
        actor=request.user,
        signal=referral.signal,
        victim=None,
        care_coordinator_org=None,
        referral=referral,
    )
    messages.success(request, _("Care trajectory opened."))
    return redirect("care:detail", trajectory_id=trajectory.pk)


@never_cache
@require_http_methods(["GET"])
def trajectory_detail(request: AuthenticatedRequest, trajectory_id: uuid.UUID) -> HttpResponse:
    trajectory = _trajectory(request, trajectory_id)
    user = request.user
    officer = sel.is_officer_of(user, trajectory)
    placements = list(trajectory.placements.select_related("local_place"))
    lists = care_lists()
    return render(
        request,
        "care/detail.html",
        {
            "t": trajectory,
            "officer": officer,
            "victim": sel.victim_view(user, trajectory),
            "responsibility": sel.responsibility(trajectory),
            "reading": sel.reading_words(trajectory),
            "placements": [(p, lists.label("shelter_types", p.shelter_type)) for p in placements],
            "waiting": sel.waiting_days(placements),
            "provisions": [lists.label("provisions", c) for c in trajectory.provisions],
            "consents": sel.trajectory_consents(user, trajectory),
            "handovers": trajectory.handovers.select_related("to_municipality"),
            "can_hand_over": officer
            and trajectory.municipality_id == trajectory.signal.municipality_id,
            "events": trajectory.events.select_related("actor"),
            "withdraw_form": WithdrawForm(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def trajectory_edit(request: AuthenticatedRequest, trajectory_id: uuid.UUID) -> HttpResponse:
    trajectory = _trajectory(request, trajectory_id)
    user = request.user
    region_id = trajectory.municipality.region_id
    coordinations = _coordinations(region_id)
    form = TrajectoryForm(
        request.POST or None,
        instance=trajectory,
        initial={"version": trajectory.version},
        municipalities=Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, region_id=region_id
        ),
        coordinations=coordinations,
        coordinators=User.objects.filter(
            memberships__organisation__in=coordinations,
            memberships__role="care_coordinator",
            is_active=True,
        ).distinct(),
        consents=list(active_consents(trajectory.signal)),
        officer=sel.is_officer_of(user, trajectory),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        done = call_service(
            form,
            services.trajectory_update,
            actor=user,
            trajectory=trajectory,
            expected_version=version,
            changes=data,
        )
        if done.ok:
            messages.success(request, _("Trajectory saved."))
            return redirect("care:detail", trajectory_id=trajectory.pk)
    return render(
        request,
        "care/edit.html",
        {"t": trajectory, "form": form},
        status=form_status(form),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def placement_new(request: AuthenticatedRequest, trajectory_id: uuid.UUID) -> HttpResponse:
    trajectory = _trajectory(request, trajectory_id)
    places = sel.shelter_places_for(trajectory.municipality)
    form = PlacementForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            services.placement_add,
            actor=request.user,
            trajectory=trajectory,
            shelter_type=data["shelter_type"],
            local_place=data["local_place"],
            provider=data["provider"],
            requested_on=data["requested_on"],
            placed_on=data["placed_on"],
            left_on=data["left_on"],
        )
        if done.ok:
            messages.success(request, _("Shelter recorded."))
            return redirect("care:detail", trajectory_id=trajectory.pk)
    return render(
        request,
        "care/placement.html",
        {"t": trajectory, "form": form, "places": places},
        status=form_status(form),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def placement_edit(
    request: AuthenticatedRequest, trajectory_id: uuid.UUID, placement_id: uuid.UUID
) -> HttpResponse:
    trajectory = _trajectory(request, trajectory_id)
    placement = get_object_or_404(trajectory.placements, pk=placement_id)
    form = PlacementUpdateForm(
        request.POST or None,
        initial={"placed_on": placement.placed_on, "left_on": placement.left_on},
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.placement_update,
            actor=request.user,
            placement=placement,
            placed_on=form.cleaned_data["placed_on"],
            left_on=form.cleaned_data["left_on"],
        )
        if done.ok:
            messages.success(request, _("Shelter recorded."))
            return redirect("care:detail", trajectory_id=trajectory.pk)
    return render(
        request,
        "care/placement_edit.html",
        {
            "t": trajectory,
            "placement": placement,
            "label": care_lists().label("shelter_types", placement.shelter_type),
            "form": form,
        },
        status=form_status(form),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def consent_new(request: AuthenticatedRequest, trajectory_id: uuid.UUID) -> HttpResponse:
    trajectory = _trajectory(request, trajectory_id)
    form = ConsentForm(request.POST or None)
    del form.fields["subject"]  # the trajectory's own person
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            services.trajectory_consent_record,
            actor=request.user,
            trajectory=trajectory,
            given_by=data["given_by"],
            given_on=data["given_on"],
            scope=data["scope"],
            how=data["how"],
        )
        if done.ok:
            messages.success(request, _("Consent recorded."))
            return redirect("care:detail", trajectory_id=trajectory.pk)
    return render(
        request,
        "care/consent.html",
        {"t": trajectory, "form": form},
        status=form_status(form),
    )


@never_cache
@require_POST
def consent_withdraw(
    request: AuthenticatedRequest, trajectory_id: uuid.UUID, consent_id: uuid.UUID
) -> HttpResponse:
    trajectory = _trajectory(request, trajectory_id)
    consent = consent_of_signal(trajectory.signal, consent_id)
    if consent is None:
        raise Http404
    form = WithdrawForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            services.trajectory_consent_withdraw,
            actor=request.user,
            trajectory=trajectory,
            consent=consent,
            withdrawn_on=form.cleaned_data["withdrawn_on"],
            note=form.cleaned_data["note"],
        )
        if done.ok:
            messages.success(request, _("Consent withdrawn: nothing more is shared on it."))
            return redirect("care:detail", trajectory_id=trajectory.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("care:detail", trajectory_id=trajectory.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def handover_new(request: AuthenticatedRequest, trajectory_id: uuid.UUID) -> HttpResponse:
    trajectory = _trajectory(request, trajectory_id)
    if not sel.is_officer_of(request.user, trajectory):
        raise Http404
    answer = sel.responsibility(trajectory)
    bases = allowed_bases(NamedProfile.RESPONSIBLE_MUNICIPALITY)
    form = HandoverForm(
        request.POST or None, bases=bases, consents=list(active_consents(trajectory.signal))
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            handovers.trajectory_handover,
            actor=request.user,
            trajectory=trajectory,
            purpose=form.cleaned_data["purpose"],
            basis=form.cleaned_data["basis"],
            details=form.details(),
        )
        if done.ok:
            messages.success(
                request,
                _("Handover sent to %(m)s.") % {"m": done.value.to_municipality.name},
            )
            return redirect("care:detail", trajectory_id=trajectory.pk)
    return render(
        request,
        "care/handover.html",
        {"t": trajectory, "form": form, "responsibility": answer},
        status=form_status(form),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def handover_answer(request: AuthenticatedRequest, handover_id: uuid.UUID) -> HttpResponse:
    handover = sel.handover_for(request.user, handover_id)
    if handover is None:
        raise Http404
    form = HandoverAnswerForm(request.POST or None)
    if request.method == "POST" and handover.state == HandoverState.SENT and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        done = call_service(
            form,
            handovers.handover_decide,
            actor=request.user,
            handover=handover,
            accept=accept,
            reason=form.cleaned_data["reason"],
        )
        if done.ok:
            if accept:
                messages.success(request, _("Handover accepted: the trajectory is yours now."))
                return redirect("care:detail", trajectory_id=handover.trajectory_id)
            messages.success(request, _("Handover declined; the sender reads your reason."))
            return redirect("care:list")
    return render(
        request,
        "care/handover_answer.html",
        {
            "handover": handover,
            "form": form,
            "shared": sel.handover_shared(request.user, handover),
            "labels": {f.key: f.label for f in SHAREABLE_FIELDS},
        },
        status=form_status(form),
    )
