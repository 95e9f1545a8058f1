"""The consents of a signal, for its focal officers: record one, withdraw one."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.core.forms import call_service, form_status
from signaalroute.partners.consents.forms import ConsentForm, WithdrawForm
from signaalroute.partners.consents.selectors import consent_of_signal, consents_of_signal
from signaalroute.partners.consents.services import consent_record, consent_withdraw
from signaalroute.signals.models import Signal, SubjectKind
from signaalroute.signals.selectors import may_handle, signals_visible_to


def _handled_signal(request: AuthenticatedRequest, signal_id: uuid.UUID) -> Signal:
    signal = get_object_or_404(
        signals_visible_to(request.user).select_related("municipality"), pk=signal_id
    )
    if not may_handle(request.user, signal.municipality_id):
        raise Http404
    return signal


def _persons(signal: Signal) -> list[object]:
    return list(signal.subjects.filter(kind=SubjectKind.PERSON))


@never_cache
@require_http_methods(["GET", "POST"])
def consents(request: AuthenticatedRequest, signal_id: uuid.UUID) -> HttpResponse:
    signal = _handled_signal(request, signal_id)
    persons = _persons(signal)
    form = ConsentForm(request.POST or None, subjects=persons)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            consent_record,
            actor=request.user,
            signal=signal,
            given_by=data["given_by"],
            given_on=data["given_on"],
            scope=data["scope"],
            how=data["how"],
            subject=next((s for s in persons if str(s.pk) == data["subject"]), None),  # type: ignore[attr-defined]
        )
        if done.ok:
            messages.success(request, _("Consent recorded."))
            return redirect("partners:consents", signal_id=signal.pk)
    return render(
        request,
        "partners/consents.html",
        {
            "signal": signal,
            "form": form,
            "consents": consents_of_signal(request.user, signal),
            "withdraw_form": WithdrawForm(),
        },
        status=form_status(form),
    )


@never_cache
@require_POST
def consent_withdraw_view(
    request: AuthenticatedRequest, signal_id: uuid.UUID, consent_id: uuid.UUID
) -> HttpResponse:
    signal = _handled_signal(request, signal_id)
    consent = consent_of_signal(signal, consent_id)
    if consent is None:
        raise Http404
    form = WithdrawForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            consent_withdraw,
            actor=request.user,
            consent=consent,
            withdrawn_on=form.cleaned_data["withdrawn_on"],
            note=form.cleaned_data["note"],
        )
        if done.ok:
            messages.success(
                request,
                _(
                    "Consent withdrawn: nothing more is shared on it, and open referrals that "
                    "rested on it are revoked."
                ),
            )
            return redirect("partners:consents", signal_id=signal.pk)
    return render(
        request,
        "partners/consents.html",
        {
            "signal": signal,
            "form": ConsentForm(subjects=_persons(signal)),
            "consents": consents_of_signal(request.user, signal),
            "withdraw_form": form,
            "withdraw_for": consent.pk,
        },
        status=400,
    )


consent_urlpatterns = [
    path("signalen/<uuid:signal_id>/toestemmingen/", consents, name="consents"),
    path(
        "signalen/<uuid:signal_id>/toestemmingen/<uuid:consent_id>/intrekken/",
        consent_withdraw_view,
        name="consent-withdraw",
    ),
]
