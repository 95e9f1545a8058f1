"""Meeting pages: the list, planning a meeting, the meeting with its agenda (full for the
municipality's focal officers, pseudonymised for attendees from outside), its minutes, and the
printable page and PDF."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from signaalroute.accounts.models import User
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.selectors import handling_municipalities
from signaalroute.core.forms import call_service

from . import selectors as sel
from . import services
from .agenda import agenda_for_reading
from .forms import ItemForm, MeetingForm, MinutesForm
from .models import Meeting, MeetingState
from .pdf import render_meeting_pdf


def meeting_for(request: AuthenticatedRequest, meeting_id: uuid.UUID) -> Meeting:
    """A meeting the user may see (404 otherwise)."""
    return get_object_or_404(sel.meetings_visible_to(request.user), pk=meeting_id)


def meeting_run_by(request: AuthenticatedRequest, meeting_id: uuid.UUID) -> Meeting:
    """A meeting the user runs; an attendee from outside gets 404 on its forms too."""
    meeting = meeting_for(request, meeting_id)
    if not sel.runs(request.user, meeting):
        raise Http404
    return meeting


def _form_kwargs(user: User, meeting: Meeting | None = None) -> dict[str, Any]:
    municipalities = handling_municipalities(user).order_by("name")
    first = meeting.municipality if meeting else municipalities.first()
    if first is None:
        raise Http404
    return {
        "municipalities": municipalities,
        "people": sel.attendee_choices(first),
        "organisations": sel.organisation_choices(first),
    }


@never_cache
@require_GET
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    meetings = sel.meetings_visible_to(user).order_by("-held_on")
    return render(
        request,
        "meetings/list.html",
        {
            "planned": [m for m in meetings if m.state == MeetingState.PLANNED],
            "held": [m for m in meetings if m.state == MeetingState.HELD],
            "may_plan": handling_municipalities(user).exists(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def meeting_new(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = MeetingForm(request.POST or None, initial={"chair": user}, **_form_kwargs(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            services.meeting_plan,
            actor=user,
            municipality=data["municipality"],
            kind=data["kind"],
            held_on=data["held_on"],
            chair=data["chair"],
            attendees=list(data["attendees"]),
            organisations=list(data["organisations"]),
        )
        if done.ok:
            messages.success(request, _("Meeting planned."))
            return redirect("meetings:detail", meeting_id=done.value.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "meetings/edit.html", {"form": form, "meeting": None}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = meeting_run_by(request, meeting_id)
    initial = {
        "municipality": meeting.municipality,
        "kind": meeting.kind,
        "held_on": meeting.held_on,
        "chair": meeting.chair,
        "attendees": list(meeting.attendees.all()),
        "organisations": list(meeting.organisations.all()),
    }
    form = MeetingForm(request.POST or None, initial=initial, **_form_kwargs(request.user, meeting))
    form.fields["municipality"].disabled = True
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values.pop("municipality")
        values["attendees"] = list(values["attendees"])
        values["organisations"] = list(values["organisations"])
        done = call_service(
            form, services.meeting_update, actor=request.user, meeting=meeting, values=values
        )
        if done.ok:
            messages.success(request, _("Meeting saved."))
            return redirect("meetings:detail", meeting_id=meeting.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "meetings/edit.html", {"form": form, "meeting": meeting}, status=status)


def _detail_context(request: AuthenticatedRequest, meeting: Meeting) -> dict[str, Any]:
    view = agenda_for_reading(request.user, meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "view": view,
        "attendees": list(meeting.attendees.all()),
        "organisations": list(meeting.organisations.all()),
        "today": timezone.localdate(),
    }
    if view.full:
        context["item_form"] = ItemForm()
        context["minutes_form"] = MinutesForm(
            initial={"minutes": meeting.minutes, "state": meeting.state}
        )
        context["flagged"] = sel.flagged_signals(request.user, meeting).count()
        context["due_cases"] = len(sel.cases_to_discuss(meeting))
    return context


@never_cache
@require_http_methods(["GET", "POST"])
def meeting_detail(request: AuthenticatedRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """The meeting; a POST saves the minutes and the state (focal officers only)."""
    meeting = meeting_for(request, meeting_id)
    if request.method == "POST":
        if not sel.runs(request.user, meeting):
            raise Http404
        form = MinutesForm(request.POST)
        if form.is_valid():
            done = call_service(
                form,
                services.meeting_update,
                actor=request.user,
                meeting=meeting,
                values=form.cleaned_data,
            )
            if done.ok:
                messages.success(request, _("Minutes saved."))
                return redirect("meetings:detail", meeting_id=meeting.pk)
        context = _detail_context(request, meeting)
        context["minutes_form"] = form
        return render(request, "meetings/detail.html", context, status=400)
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


@never_cache
@require_GET
def meeting_print(request: AuthenticatedRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = meeting_for(request, meeting_id)
    view = agenda_for_reading(request.user, meeting, printed=True)
    return render(
        request,
        "meetings/print.html",
        {"meeting": meeting, "view": view, "attendees": list(meeting.attendees.all())},
    )


@never_cache
@require_GET
def meeting_pdf(request: AuthenticatedRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """The agenda and minutes as a PDF; for attendees from outside, the pseudonymised one."""
    meeting = meeting_for(request, meeting_id)
    view = agenda_for_reading(request.user, meeting, printed=True)
    response = HttpResponse(render_meeting_pdf(view), content_type="application/pdf")
    kind = "volledig" if view.full else "gepseudonimiseerd"
    name = f"overleg-{meeting.held_on:%Y-%m-%d}-{kind}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
