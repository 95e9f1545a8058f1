"""The public ways in, for residents and outside professionals without an account: the form
(Dutch, English, Polish, Romanian and Bulgarian), the receipt with its two codes, and the status
page opened with them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from signaalroute.audit.services import audit_record
from signaalroute.core.forms import call_service
from signaalroute.core.middleware import client_address
from signaalroute.core.ratelimit import rate_limit_hit
from signaalroute.intake.models import PublicReceipt
from signaalroute.signals.models import Signal

from .forms import (
    AdditionForm,
    PublicSignalForm,
    ReceiptForm,
)
from .services import (
    receipt_open,
    reporter_addition,
    signal_submit_public,
)
from .views import reporter_view

RECEIPTS_SESSION_KEY = "signaalroute_public_receipts"
# The languages of the public pages, by the name users read them in. Dutch and English are
# complete; Polish, Romanian and Bulgarian are to be checked by a native speaker: their .po
# files and, for the signs of the indicator catalogue, signals/data/indicators-v1.labels.json
# (read by signals.indicator_labels.indicator_label) say so.
PUBLIC_LANGUAGES = {
    "nl": "Nederlands",
    "en": "English",
    "pl": "Polski",
    "ro": "Română",
    "bg": "Български",
}


def public_route(page: str, language: str) -> str:
    """The route name of a public page ("form", "receipt", "status") in ``language``."""
    return f"intake:public-{page}" if language == "nl" else f"intake:public-{page}-{language}"


def language_links(page: str, language: str, **kwargs: Any) -> list[tuple[str, str, str]]:
    """(code, name, url) of the same page in the other languages, for the language menu."""
    return [
        (code, name, reverse(public_route(page, code), kwargs=kwargs or None))
        for code, name in PUBLIC_LANGUAGES.items()
        if code != language
    ]


OPEN_RECEIPT_SESSION_KEY = "signaalroute_open_receipt"


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
        context = {
            "form": form,
            "language": language,
            "languages": language_links("form", language),
            "status_url": reverse(public_route("status", language)),
        }
        return render(request, "intake/public_form.html", context)
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
        context = {
            "form": form,
            "language": language,
            "languages": language_links("form", language),
            "status_url": reverse(public_route("status", language)),
        }
        return render(request, "intake/public_form.html", context, status=429)
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
            language=language,
        )
        if done.ok:
            created = done.value
            if created is not None:
                receipts = request.session.get(RECEIPTS_SESSION_KEY, {})
                receipts[str(key)] = [created.receipt_code, created.receipt_secret]
                request.session[RECEIPTS_SESSION_KEY] = receipts
            return redirect(public_route("receipt", language), submission_key=key)
    context = {
        "form": form,
        "language": language,
        "languages": language_links("form", language),
        "status_url": reverse(public_route("status", language)),
    }
    return render(request, "intake/public_form.html", context)


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
        {
            "receipt": receipt,
            "due_at": due,
            "language": translation.get_language(),
            "languages": language_links(
                "receipt", translation.get_language(), submission_key=submission_key
            ),
            "status_url": reverse(public_route("status", translation.get_language())),
        },
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
        return redirect(public_route("status", language))
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
            return redirect(public_route("status", language))
    context = reporter_view(signal, form) | {
        "language": language,
        "languages": language_links("status", language),
    }
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
                return redirect(public_route("status", language))
            form.add_error(
                None, _("This combination of receipt code and secret code is not known.")
            )
    return render(
        request,
        "intake/public_receipt_login.html",
        {"form": form, "language": language, "languages": language_links("status", language)},
        status=status,
    )


public_form = _public("nl")(_public_form)


public_form_en = _public("en")(_public_form)


public_receipt = _public("nl")(_public_receipt)


public_receipt_en = _public("en")(_public_receipt)


public_status = _public("nl")(_public_status)


public_status_en = _public("en")(_public_status)

# Polish, Romanian and Bulgarian: the languages of the municipality's outreach to labour
# migrants (seed 004_0e82b480fca28818.txt §5.3.1).
public_form_pl, public_receipt_pl, public_status_pl = (
    _public("pl")(_public_form),
    _public("pl")(_public_receipt),
    _public("pl")(_public_status),
)
public_form_ro, public_receipt_ro, public_status_ro = (
    _public("ro")(_public_form),
    _public("ro")(_public_receipt),
    _public("ro")(_public_status),
)
public_form_bg, public_receipt_bg, public_status_bg = (
    _public("bg")(_public_form),
    _public("bg")(_public_receipt),
    _public("bg")(_public_status),
)
