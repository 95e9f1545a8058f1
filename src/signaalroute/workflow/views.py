"""The focal officer's worklist and signal page. The team coordinator's inbox (step 1) is in
``coordinator_views.py``, the route settings in ``settings_views.py``."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.selectors import handling_municipalities
from signaalroute.core.forms import call_service
from signaalroute.core.outbox import undelivered_for_signal
from signaalroute.core.panels import panels_for
from signaalroute.signals.models import Signal
from signaalroute.signals.selectors import (
    reporter_identity_reading,
    signal_for_reading,
    signals_visible_to,
    timeline_for,
)
from signaalroute.signals.states import State
from signaalroute.stacking.selectors import signal_found, signal_traces

from .assignments import assignment_for
from .classification import VersionedClassificationForm, initial_for, signal_classify
from .coordinator_views import coordinator_context
from .feedback import feedback_language, feedback_language_label, feedback_templates
from .forms import (
    AgendaForm,
    AssignmentForm,
    EnrichmentSearchForm,
    FeedbackForm,
    NoteForm,
    TaskForm,
    TransitionForm,
)
from .models import Task
from .rules import ACTION_LABELS, DONE_MESSAGES, TRANSITIONS
from .selectors import enrichment_search, next_steps
from .services import (
    feedback_to_reporter,
    meeting_agenda_set,
    note_add,
    signal_transition,
    task_add,
    task_complete,
)


def _detail_context(
    request: AuthenticatedRequest, signal: Signal, forms: dict[str, Any] | None = None
) -> dict[str, Any]:
    forms = forms or {}
    steps = next_steps(request.user, signal)
    language = feedback_language(signal.language)
    actions = []
    for to, rule in steps.transitions:
        actions.append(
            {
                "to": to,
                "rule": rule,
                "label": ACTION_LABELS[rule.label],
                "care_reason": rule.label == "close" and steps.close_needs_care_reason,
                "form": forms.get(f"transition_{to}")
                or TransitionForm(initial={"to": to, "version": signal.version}, prefix=f"t-{to}"),
            }
        )
    search = forms.get("search") or EnrichmentSearchForm(request.GET or None)
    candidates = None
    if "q" in request.GET and search.is_valid():
        candidates = enrichment_search(request.user, signal, search.cleaned_data["q"])
    assignment = assignment_for(request.user, signal)
    return {
        "signal": signal,
        "assignment": assignment,
        "assignment_form": forms.get("assignment")
        or AssignmentForm(
            initial={"domain": assignment.domain, "owner": getattr(assignment.owner, "pk", "")},
            owners=assignment.owner_choices,
        ),
        "subjects": signal.subjects.all(),
        "attachments": signal.attachments.all(),
        "timeline": timeline_for(signal),
        "tasks": Task.objects.filter(signal=signal),
        "actions": actions,
        "note_form": forms.get("note") or NoteForm(),
        "task_form": forms.get("task") or TaskForm(),
        "feedback_form": forms.get("feedback")
        or FeedbackForm(initial={"version": signal.version}, language=language),
        "feedback_language": language,
        "feedback_language_label": feedback_language_label(language),
        "report_language_label": feedback_language_label(signal.language),
        "feedback_templates": feedback_templates(language),
        "classification_form": forms.get("classification")
        or VersionedClassificationForm(initial=initial_for(signal)),
        "agenda_form": AgendaForm(
            initial={"version": signal.version, "on_agenda": not signal.on_meeting_agenda}
        ),
        "search_form": search,
        "candidates": candidates,
        "undelivered": undelivered_for_signal(signal.pk),
        "stacking": signal_traces(request.user, signal),
        "found": signal_found(request.user, signal),
        "can_refer": steps.can_refer,
        "can_inform": steps.can_inform,
        # Sections of rooms above the route (the referrals), named in SIGNAALROUTE_PAGE_PANELS.
        "panels": panels_for("signal", request, signal=signal),
    }


def _get_signal(request: AuthenticatedRequest, signal_id: uuid.UUID) -> Signal:
    return get_object_or_404(
        signals_visible_to(request.user).select_related("municipality", "team_coordinator"),
        pk=signal_id,
    )


@never_cache
def detail(request: AuthenticatedRequest, signal_id: uuid.UUID) -> HttpResponse:
    try:
        signal = signal_for_reading(request.user, signal_id)
    except Signal.DoesNotExist as error:
        raise Http404 from error
    return render(request, "workflow/detail.html", _detail_context(request, signal))


def _after(request: AuthenticatedRequest, signal: Signal) -> HttpResponse:
    if not _is_handler(request, signal):
        return redirect("workflow:coordinator")
    return redirect("workflow:detail", signal_id=signal.pk)


def _is_handler(request: AuthenticatedRequest, signal: Signal) -> bool:
    return handling_municipalities(request.user).filter(pk=signal.municipality_id).exists()


def _rerender(
    request: AuthenticatedRequest,
    signal: Signal,
    forms: dict[str, Any],
    status: int = 400,
    reason: str = "",
) -> HttpResponse:
    """Show the page again with the submitted form and its errors: no typed text is lost."""
    messages.error(request, reason or _("Nothing was saved. Check the form marked below."))
    if _is_handler(request, signal):
        return render(
            request,
            "workflow/detail.html",
            _detail_context(request, signal, forms),
            status=status,
        )
    return render(
        request,
        "workflow/coordinator_detail.html",
        coordinator_context(request, signal, forms),
        status=status,
    )


@require_POST
def transition(request: AuthenticatedRequest, signal_id: uuid.UUID) -> HttpResponse:
    signal = _get_signal(request, signal_id)
    to = request.POST.get("transition_to", "")
    if to not in State.values:
        raise Http404
    form = TransitionForm(request.POST, prefix=f"t-{to}")
    if not form.is_valid():
        return _rerender(request, signal, {f"transition_{to}": form})
    data = form.cleaned_data
    merge_target = None
    if data.get("merge_reference"):
        merge_target = (
            signals_visible_to(request.user)
            .filter(reference=data["merge_reference"].strip().upper())
            .first()
        )
    source = signal.state
    done = call_service(
        form,
        signal_transition,
        actor=request.user,
        signal=signal,
        to=data["to"],
        expected_version=data["version"],
        reason=data.get("reason", ""),
        outcome=data.get("outcome", ""),
        merge_target=merge_target,
        no_care_coordinator_reason=data.get("no_care_coordinator_reason", ""),
    )
    if not done.ok:
        return _rerender(
            request, signal, {f"transition_{to}": form}, status=done.status, reason=done.message
        )
    rule = TRANSITIONS.get((State(source), State(data["to"])))
    signal.refresh_from_db(fields=["state"])
    fallback = _("The signal is now in the state: %(state)s.") % {
        "state": signal.get_state_display()
    }
    messages.success(request, DONE_MESSAGES.get(rule.label if rule else "", fallback))
    return _after(request, signal)


@require_POST
def note(request: AuthenticatedRequest, signal_id: uuid.UUID) -> HttpResponse:
    signal = _get_signal(request, signal_id)
    form = NoteForm(request.POST)
    if (
        form.is_valid()
        and call_service(
            form, note_add, actor=request.user, signal=signal, text=form.cleaned_data["text"]
        ).ok
    ):
        messages.success(request, _("Note added to the timeline."))
        return redirect("workflow:detail", signal_id=signal.pk)
    return _rerender(request, signal, {"note": form})


@require_POST
def task(request: AuthenticatedRequest, signal_id: uuid.UUID) -> HttpResponse:
    signal = _get_signal(request, signal_id)
    form = TaskForm(request.POST)
    if (
        form.is_valid()
        and call_service(
            form,
            task_add,
            actor=request.user,
            signal=signal,
            title=form.cleaned_data["title"],
            due_on=form.cleaned_data["due_on"],
        ).ok
    ):
        messages.success(
            request,
            _("Task “%(title)s” added, due %(due)s.")
            % {
                "title": form.cleaned_data["title"],
                "due": date_format(form.cleaned_data["due_on"], "d-m-Y"),
            },
        )
        return redirect("workflow:detail", signal_id=signal.pk)
    return _rerender(request, signal, {"task": form})


@require_POST
def task_done(
    request: AuthenticatedRequest, signal_id: uuid.UUID, task_id: uuid.UUID
) -> HttpResponse:
    signal = _get_signal(request, signal_id)
    done = get_object_or_404(Task, pk=task_id, signal=signal)
    task_complete(actor=request.user, task=done)
    messages.success(request, _("Task “%(title)s” marked as done.") % {"title": done.title})
    return redirect("workflow:detail", signal_id=signal.pk)


@require_POST
def agenda(request: AuthenticatedRequest, signal_id: uuid.UUID) -> HttpResponse:
    signal = _get_signal(request, signal_id)
    form = AgendaForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            meeting_agenda_set,
            actor=request.user,
            signal=signal,
            on_agenda=form.cleaned_data["on_agenda"],
            expected_version=form.cleaned_data["version"],
        )
        if done.ok:
            messages.success(
                request,
                _("Put on the agenda of the signalling meeting.")
                if form.cleaned_data["on_agenda"]
                else _("Taken off the agenda of the signalling meeting."),
            )
        else:
            messages.error(request, done.message or _("Please try again later. Nothing was saved."))
    return redirect("workflow:detail", signal_id=signal.pk)


@require_POST
def classify(request: AuthenticatedRequest, signal_id: uuid.UUID) -> HttpResponse:
    signal = _get_signal(request, signal_id)
    form = VersionedClassificationForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            signal_classify,
            actor=request.user,
            signal=signal,
            vulnerable_groups=form.cleaned_data["vulnerable_groups"],
            sector=form.cleaned_data["sector"],
            migration=form.cleaned_data["migration"],
            expected_version=form.cleaned_data["version"],
        )
        if done.ok:
            messages.success(request, _("Saved what the signal is about."))
            return redirect("workflow:detail", signal_id=signal.pk)
        return _rerender(request, signal, {"classification": form}, done.status, done.message)
    return _rerender(request, signal, {"classification": form})


@require_POST
def feedback(request: AuthenticatedRequest, signal_id: uuid.UUID) -> HttpResponse:
    """Step 6, in two steps: "preview" shows the exact text the reporter will read, in the
    report's language; "send" sends it."""
    signal = _get_signal(request, signal_id)
    language = feedback_language(signal.language)
    form = FeedbackForm(request.POST, language=language)
    if not form.is_valid():
        return _rerender(request, signal, {"feedback": form})
    text = form.cleaned_data["text"].strip()
    if request.POST.get("action") == "preview":
        edit = FeedbackForm(
            initial={"version": form.cleaned_data["version"], "text": text}, language=language
        )
        context = _detail_context(request, signal, {"feedback": edit})
        context["feedback_preview"] = {"text": text, "version": form.cleaned_data["version"]}
        return render(request, "workflow/detail.html", context)
    done = call_service(
        form,
        feedback_to_reporter,
        actor=request.user,
        signal=signal,
        text=text,
        expected_version=form.cleaned_data["version"],
        language=language,
    )
    if not done.ok:
        return _rerender(
            request, signal, {"feedback": form}, status=done.status, reason=done.message
        )
    messages.success(
        request,
        _("Feedback sent to the reporter (in %(language)s).")
        % {"language": feedback_language_label(language)},
    )
    return redirect("workflow:detail", signal_id=signal.pk)


@never_cache
def reporter(request: AuthenticatedRequest, signal_id: uuid.UUID) -> HttpResponse:
    """Step 2: the reporter's identity, for the focal officer (and step-1 coordinator) only."""
    signal = _get_signal(request, signal_id)
    identity = reporter_identity_reading(request.user, signal)
    template = "workflow/_reporter.html" if request.htmx else "workflow/reporter.html"  # type: ignore[attr-defined]
    return render(request, template, {"signal": signal, "identity": identity})


# --- Team coordinator (step 1) -------------------------------------------------------------------
