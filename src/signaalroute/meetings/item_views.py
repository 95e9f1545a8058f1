"""Preparing and running the agenda: propose it, add and remove items, record decisions with
their actions, mark actions done, and put a stack on the next meeting from the stack page. The
focal officers of the meeting's municipality only; anyone else gets 404."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from signaalroute.accounts.models import User
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.selectors import focal_officers
from signaalroute.approach.selectors import cases_visible_to
from signaalroute.core.forms import call_service
from signaalroute.signals.selectors import signals_visible_to
from signaalroute.stacking.selectors import traces_visible_to

from . import selectors as sel
from . import services
from .agenda import agenda_for_reading
from .forms import ActionDoneForm, DecisionForm, ItemForm, StackForm
from .models import Action, AgendaItem, ItemKind, Meeting
from .views import _detail_context, meeting_run_by


@never_cache
@require_POST
def agenda_propose(request: AuthenticatedRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = meeting_run_by(request, meeting_id)
    added = services.agenda_propose(actor=request.user, meeting=meeting)
    messages.success(request, _("Agenda proposed: %(n)s items added.") % {"n": len(added)})
    return redirect("meetings:detail", meeting_id=meeting.pk)


@never_cache
@require_POST
def item_add(request: AuthenticatedRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = meeting_run_by(request, meeting_id)
    user = request.user
    form = ItemForm(request.POST)
    if form.is_valid():
        reference = form.cleaned_data["reference"].strip()
        topic = form.cleaned_data["topic"].strip()
        kwargs: dict[str, object] = {"kind": ItemKind.TOPIC, "topic": topic}
        if reference:
            scope = {"municipality_id": meeting.municipality_id, "reference__iexact": reference}
            signal = signals_visible_to(user).filter(**scope).first()
            case = cases_visible_to(user).filter(**scope).first()
            if signal is not None:
                kwargs = {"kind": ItemKind.SIGNAL, "signal": signal}
            elif case is not None:
                kwargs = {"kind": ItemKind.CASE, "case": case}
            else:
                form.add_error(
                    "reference",
                    _("No signal or approach case of this municipality has this reference."),
                )
        if not form.errors:
            done = call_service(form, services.item_add, actor=user, meeting=meeting, **kwargs)
            if done.ok:
                messages.success(request, _("Item added to the agenda."))
                return redirect("meetings:detail", meeting_id=meeting.pk)
    context = _detail_context(request, meeting)
    context["item_form"] = form
    return render(request, "meetings/detail.html", context, status=400)


def _item(request: AuthenticatedRequest, meeting_id: uuid.UUID, item_id: uuid.UUID) -> AgendaItem:
    meeting = meeting_run_by(request, meeting_id)
    return get_object_or_404(meeting.items.select_related("meeting"), pk=item_id)


@never_cache
@require_POST
def item_remove(
    request: AuthenticatedRequest, meeting_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    item = _item(request, meeting_id, item_id)
    form = ItemForm()
    done = call_service(form, services.item_remove, actor=request.user, item=item)
    if done.ok:
        messages.success(request, _("Item taken off the agenda."))
    else:
        messages.error(request, done.message or _("The item could not be taken off."))
    return redirect("meetings:detail", meeting_id=meeting_id)


def owners_for(meeting: Meeting) -> list[User]:
    ids = {u.pk for u, _d in focal_officers(meeting.municipality)}
    ids |= set(meeting.attendees.values_list("pk", flat=True)) | {meeting.chair_id}
    return list(User.objects.filter(pk__in=ids).order_by("first_name", "username"))


@never_cache
@require_http_methods(["GET", "POST"])
def decision_new(
    request: AuthenticatedRequest, meeting_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    item = _item(request, meeting_id, item_id)
    meeting = item.meeting
    owners = User.objects.filter(pk__in=[u.pk for u in owners_for(meeting)])
    form = DecisionForm(request.POST or None, owners=owners.order_by("first_name"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            services.decision_record,
            actor=request.user,
            item=item,
            text=data["text"],
            action=data["action"],
            owner=data["owner"],
            due_on=data["due_on"],
            open_case=data["open_case"],
            case_kind=data["case_kind"],
            case_title=data["case_title"],
        )
        if done.ok:
            messages.success(request, _("Decision recorded."))
            return redirect("meetings:detail", meeting_id=meeting.pk)
    status = 400 if form.is_bound and form.errors else 200
    rows = [r for r in agenda_for_reading(request.user, meeting).rows if r.item.pk == item.pk]
    return render(
        request,
        "meetings/decision.html",
        {"meeting": meeting, "item": item, "row": rows[0] if rows else None, "form": form},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def action_done(request: AuthenticatedRequest, action_id: uuid.UUID) -> HttpResponse:
    action = get_object_or_404(
        Action.objects.filter(meeting__in=sel.meetings_run_by(request.user)).select_related(
            "meeting", "owner"
        ),
        pk=action_id,
    )
    form = ActionDoneForm(request.POST or None, initial={"note": action.note})
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.action_done,
            actor=request.user,
            action=action,
            done_on=form.cleaned_data["done_on"],
            note=form.cleaned_data["note"],
        )
        if done.ok:
            messages.success(request, _("Action marked done."))
            return redirect("meetings:detail", meeting_id=action.meeting_id)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "meetings/action.html", {"action": action, "form": form}, status=status)


@never_cache
@require_POST
def stack_to_agenda(request: AuthenticatedRequest, trace_id: uuid.UUID) -> HttpResponse:
    """From the stack page: put the stack on the chosen planned meeting."""
    user = request.user
    trace = get_object_or_404(traces_visible_to(user), pk=trace_id)
    form = StackForm(request.POST, meetings=sel.planned_meetings(user, trace.municipality_id))
    if not form.is_valid():
        raise Http404
    done = call_service(
        form,
        services.stack_to_agenda,
        actor=user,
        trace=trace,
        meeting=form.cleaned_data["meeting"],
    )
    if done.ok:
        messages.success(request, _("Stack put on the agenda."))
    else:
        errors = [str(e) for errs in form.errors.values() for e in errs]
        messages.error(request, done.message or " ".join(errors))
    return redirect("stacking:stack", pk=trace.pk)
