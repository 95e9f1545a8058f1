"""Views of the four ways in, the reporter's own pages and attachment downloads. Thin: forms
validate, services write, selectors read (scoped)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.core.forms import call_service
from signaalroute.intake.advice import (
    advice_question_answer,
    advice_question_ask,
    advice_question_convert,
)
from signaalroute.intake.models import AdviceQuestion
from signaalroute.signals.models import Attachment, Signal, SignalEvent
from signaalroute.signals.selectors import (
    attachment_for_reading,
    signals_reported_by,
    summary_line,
)
from signaalroute.signals.states import PUBLIC_STATUS, State

from .advice_forms import AdviceAnswerForm, AdviceQuestionForm
from .forms import (
    AdditionForm,
    InternalSignalForm,
    RegisterSignalForm,
    SignalForm,
)
from .selectors import (
    advice_question_for_reading,
    advice_questions_asked_by,
    advice_questions_visible_to,
)
from .services import (
    reporter_addition,
    signal_register,
    signal_submit_internal,
)


def _submitted(signal: Signal) -> str:
    """Where the signal went: to the team coordinator the reporter chose, else (or when it is
    acute) straight to the municipality's focal officer."""
    if signal.state == State.WITH_TEAM_COORDINATOR and signal.team_coordinator is not None:
        return _(
            "Thank you. Your signal %(reference)s has been sent to your team coordinator "
            "%(name)s, who passes it on to the focal officer."
        ) % {
            "reference": signal.reference,
            "name": signal.team_coordinator.get_full_name() or signal.team_coordinator,
        }
    return _(
        "Thank you. Your signal %(reference)s has been sent to the focal officer for human "
        "trafficking of %(municipality)s."
    ) % {"reference": signal.reference, "municipality": signal.municipality.name}


@never_cache
@require_http_methods(["GET", "POST"])
def internal_new(request: AuthenticatedRequest) -> HttpResponse:
    form = InternalSignalForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"submission_key": uuid.uuid4()},
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            signal_submit_internal,
            reporter=request.user,
            municipality=form.cleaned_data["municipality"],
            data=form.signal_input(),
            team_coordinator=form.cleaned_data.get("team_coordinator"),
            files=form.cleaned_data["attachments"],
            submission_key=form.cleaned_data.get("submission_key"),
        )
        if done.ok:
            signal = done.value
            messages.success(request, _submitted(signal))
            return redirect("intake:mine-detail", signal_id=signal.pk)
    return render(request, "intake/internal_form.html", {"form": form})


@never_cache
def mine(request: AuthenticatedRequest) -> HttpResponse:
    signals = signals_reported_by(request.user)
    # The reporter's own words, so each line says what it was about; the state as the
    # reporter may know it (PUBLIC_STATUS), never the route's internal detail.
    rows = [
        {
            "signal": s,
            "status": PUBLIC_STATUS[State(s.state)],
            "summary": summary_line(s.description),
        }
        for s in signals
    ]
    advice = advice_questions_asked_by(request.user)
    return render(request, "intake/mine.html", {"rows": rows, "advice": advice})


@never_cache
@require_http_methods(["GET", "POST"])
def mine_detail(request: AuthenticatedRequest, signal_id: uuid.UUID) -> HttpResponse:
    signal = get_object_or_404(signals_reported_by(request.user), pk=signal_id)
    form = AdditionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            reporter_addition,
            signal=signal,
            text=form.cleaned_data["text"],
            files=form.cleaned_data["attachments"],
            user=request.user,
        )
        if done.ok:
            messages.success(request, _("Your addition has been sent to the focal officer."))
            return redirect("intake:mine-detail", signal_id=signal.pk)
    return render(request, "intake/mine_detail.html", reporter_view(signal, form))


def reporter_view(signal: Signal, form: AdditionForm) -> dict[str, Any]:
    feedback = SignalEvent.objects.filter(signal=signal, visible_to_reporter=True).order_by("at")
    return {
        "signal": signal,
        "status": PUBLIC_STATUS[State(signal.state)],
        "feedback": feedback,
        "form": form,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def register(request: AuthenticatedRequest) -> HttpResponse:
    form = RegisterSignalForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            signal_register,
            actor=request.user,
            municipality=form.cleaned_data["municipality"],
            channel=form.cleaned_data["channel"],
            data=form.signal_input(),
            reporter=form.reporter_input(),
            files=form.cleaned_data["attachments"],
        )
        if done.ok:
            signal = done.value
            messages.success(
                request,
                _("Signal %(reference)s registered; it is in the worklist of %(municipality)s.")
                % {"reference": signal.reference, "municipality": signal.municipality.name},
            )
            return redirect("workflow:detail", signal_id=signal.pk)
    return render(request, "intake/register_form.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def advice_new(request: AuthenticatedRequest) -> HttpResponse:
    form = AdviceQuestionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            advice_question_ask,
            actor=request.user,
            municipality=form.cleaned_data["municipality"],
            question=form.cleaned_data["question"],
        )
        if done.ok:
            messages.success(request, _("Your question has been sent to the focal officer."))
            return redirect("intake:mine")
    return render(request, "intake/advice_form.html", {"form": form})


@never_cache
def advice_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "intake/advice_list.html", {"questions": advice_questions_visible_to(request.user)}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def advice_detail(request: AuthenticatedRequest, advice_id: uuid.UUID) -> HttpResponse:
    try:
        advice = advice_question_for_reading(request.user, advice_id)
    except AdviceQuestion.DoesNotExist as error:
        raise Http404 from error
    answer_form = AdviceAnswerForm(
        request.POST if "answer" in request.POST else None, initial={"answer": advice.answer}
    )
    signal_form = SignalForm(
        request.POST if "convert" in request.POST else None,
        initial={"description": advice.question},
        prefix="signaal",
    )
    if request.method == "POST" and "answer" in request.POST and answer_form.is_valid():
        done = call_service(
            answer_form,
            advice_question_answer,
            actor=request.user,
            advice=advice,
            answer=answer_form.cleaned_data["answer"],
        )
        if done.ok:
            messages.success(
                request, _("Answer saved: the person who asked reads it under “My reports”.")
            )
            return redirect("intake:advice-detail", advice_id=advice.pk)
    if request.method == "POST" and "convert" in request.POST and signal_form.is_valid():
        converted = call_service(
            signal_form,
            advice_question_convert,
            actor=request.user,
            advice=advice,
            data=signal_form.signal_input(),
        )
        if converted.ok:
            signal = converted.value
            messages.success(
                request,
                _("The advice question is now signal %(reference)s.")
                % {"reference": signal.reference},
            )
            return redirect("workflow:detail", signal_id=signal.pk)
    return render(
        request,
        "intake/advice_detail.html",
        {"advice": advice, "answer_form": answer_form, "signal_form": signal_form},
    )


@never_cache
def attachment_download(request: AuthenticatedRequest, attachment_id: uuid.UUID) -> FileResponse:
    try:
        attachment = attachment_for_reading(request.user, attachment_id)
    except Attachment.DoesNotExist as error:
        raise Http404 from error
    if not default_storage.exists(attachment.storage_name):
        raise Http404
    return FileResponse(
        default_storage.open(attachment.storage_name, "rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
