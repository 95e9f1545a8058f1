"""Views of the four ways in, the reporter's own pages and attachment downloads. Thin: forms
validate, services write, selectors read (scoped)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.audit.services import audit_record
from signaalroute.core.forms import call_service
from signaalroute.core.middleware import client_address
from signaalroute.core.ratelimit import rate_limit_hit
from signaalroute.intake.advice import (
    advice_question_answer,
    advice_question_ask,
    advice_question_convert,
)
from signaalroute.intake.models import AdviceQuestion, PublicReceipt
from signaalroute.signals.models import Attachment, Signal, SignalEvent
from signaalroute.signals.selectors import attachment_for_reading, signals_reported_by
from signaalroute.signals.states import PUBLIC_STATUS, State

from .forms import (
    AdditionForm,
    AdviceAnswerForm,
    AdviceQuestionForm,
    InternalSignalForm,
    PublicSignalForm,
    ReceiptForm,
    RegisterSignalForm,
    SignalForm,
)
from .selectors import (
    advice_question_for_reading,
    advice_questions_asked_by,
    advice_questions_visible_to,
)
from .services import (
    receipt_open,
    reporter_addition,
    signal_register,
    signal_submit_internal,
    signal_submit_public,
)

RECEIPTS_SESSION_KEY = "signaalroute_public_receipts"
OPEN_RECEIPT_SESSION_KEY = "signaalroute_open_receipt"


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
            messages.success(
                request,
                _("Thank you. Your signal %(reference)s has been received.")
                % {"reference": signal.reference},
            )
            return redirect("intake:mine-detail", signal_id=signal.pk)
    return render(request, "intake/internal_form.html", {"form": form})


@never_cache
def mine(request: AuthenticatedRequest) -> HttpResponse:
    signals = signals_reported_by(request.user)
    rows = [{"signal": s, "status": PUBLIC_STATUS[State(s.state)]} for s in signals]
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
    return render(request, "intake/mine_detail.html", _reporter_view(signal, form))


def _reporter_view(signal: Signal, form: AdditionForm) -> dict[str, Any]:
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
                request, _("Signal %(reference)s registered.") % {"reference": signal.reference}
            )
            return redirect("workflow:detail", signal_id=signal.pk)
    return render(request, "intake/register_form.html", {"form": form})


# --- The public form, in Dutch and in English -------------------------------------------------


def _public(language: str) -> Any:
    def decorator(view: Any) -> Any:
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            with translation.override(language):
                request.LANGUAGE_CODE = language
                response: HttpResponse = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
                response.headers.setdefault("Content-Language", language)
                return response

        return wrapped

    return decorator


@never_cache
@require_http_methods(["GET", "POST"])
def _public_form(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    if request.method == "GET":
        form = PublicSignalForm(initial={"submission_key": uuid.uuid4()})
        return render(request, "intake/public_form.html", {"form": form, "language": language})
    form = PublicSignalForm(request.POST, request.FILES)
    window = dt.timedelta(minutes=settings.PUBLIC_FORM_RATE_WINDOW_MINUTES)
    if not rate_limit_hit(
        scope="public_form",
        client=client_address(request),
        limit=settings.PUBLIC_FORM_RATE_LIMIT,
        window=window,
    ):
        form.is_valid()
        form.add_error(
            None,
            _(
                "Too many reports have been sent from this connection. Try again in an hour, or call the municipality."
            ),
        )
        return render(
            request, "intake/public_form.html", {"form": form, "language": language}, status=429
        )
    if request.POST.get("website"):
        audit_record(actor=None, action="public.honeypot", outcome="denied")
        return render(request, "intake/public_thanks.html", {"language": language})
    if form.is_valid():
        key = form.cleaned_data["submission_key"]
        done = call_service(
            form,
            signal_submit_public,
            municipality=form.cleaned_data["municipality"],
            data=form.signal_input(),
            reporter=form.reporter_input(),
            submission_key=key,
            files=form.cleaned_data["attachments"],
        )
        if done.ok:
            created = done.value
            if created is not None:
                receipts = request.session.get(RECEIPTS_SESSION_KEY, {})
                receipts[str(key)] = [created.receipt_code, created.receipt_secret]
                request.session[RECEIPTS_SESSION_KEY] = receipts
            route = "intake:public-receipt" if language == "nl" else "intake:public-receipt-en"
            return redirect(route, submission_key=key)
    return render(request, "intake/public_form.html", {"form": form, "language": language})


@never_cache
def _public_receipt(request: HttpRequest, submission_key: uuid.UUID) -> HttpResponse:
    receipt = request.session.get(RECEIPTS_SESSION_KEY, {}).get(str(submission_key))
    # When the focal officer will have looked at it: the deadline of the inbox (an hour for
    # acute danger), as the municipality set it. No detail of the report is shown.
    due = (
        PublicReceipt.objects.filter(code=receipt[0])
        .values_list("signal__due_at", flat=True)
        .first()
        if receipt
        else None
    )
    return render(
        request,
        "intake/public_receipt.html",
        {"receipt": receipt, "due_at": due, "language": translation.get_language()},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def _public_status(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    signal = None
    signal_id = request.session.get(OPEN_RECEIPT_SESSION_KEY)
    if signal_id:
        signal = Signal.objects.filter(pk=signal_id, channel="public").first()
    if signal is None:
        return _receipt_login(request, language)
    form = AdditionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "close" in request.POST:
        request.session.pop(OPEN_RECEIPT_SESSION_KEY, None)
        return redirect("intake:public-status" if language == "nl" else "intake:public-status-en")
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            reporter_addition,
            signal=signal,
            text=form.cleaned_data["text"],
            files=form.cleaned_data["attachments"],
        )
        if done.ok:
            messages.success(request, _("Your addition has been sent to the focal officer."))
            return redirect(
                "intake:public-status" if language == "nl" else "intake:public-status-en"
            )
    context = _reporter_view(signal, form) | {"language": language}
    return render(request, "intake/public_status.html", context)


def _receipt_login(request: HttpRequest, language: str) -> HttpResponse:
    form = ReceiptForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not rate_limit_hit(
            scope="receipt",
            client=client_address(request),
            limit=settings.RECEIPT_LOOKUP_RATE_LIMIT,
            window=dt.timedelta(minutes=settings.PUBLIC_FORM_RATE_WINDOW_MINUTES),
        ):
            form.add_error(None, _("Too many attempts from this connection. Try again later."))
            status = 429
        else:
            signal = receipt_open(
                code=form.cleaned_data["code"], secret=form.cleaned_data["secret"]
            )
            if signal is not None:
                request.session.cycle_key()
                request.session[OPEN_RECEIPT_SESSION_KEY] = str(signal.pk)
                return redirect(
                    "intake:public-status" if language == "nl" else "intake:public-status-en"
                )
            form.add_error(
                None, _("This combination of receipt code and secret code is not known.")
            )
    return render(
        request,
        "intake/public_receipt_login.html",
        {"form": form, "language": language},
        status=status,
    )


public_form = _public("nl")(_public_form)
public_form_en = _public("en")(_public_form)
public_receipt = _public("nl")(_public_receipt)
public_receipt_en = _public("en")(_public_receipt)
public_status = _public("nl")(_public_status)
public_status_en = _public("en")(_public_status)


# --- Advice questions ---------------------------------------------------------------------------


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
            messages.success(request, _("Answer saved."))
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


# --- Attachments --------------------------------------------------------------------------------


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
