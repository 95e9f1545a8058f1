"""Referral pages: send (focal officer), the partner portal, figures and the disclosure log."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.selectors import organisations_visible_to
from signaalroute.core.forms import apply_errors, call_service, form_status
from signaalroute.core.panels import panels_for
from signaalroute.core.problems import DomainError
from signaalroute.partners.consents.selectors import active_consents
from signaalroute.partners.referrals.answers import referral_answer, referral_open
from signaalroute.partners.referrals.forms import (
    BasisChangeForm,
    DisclosureSearchForm,
    PartnerAnswerForm,
    ReferralForm,
    RevokeForm,
    SenderActionForm,
)
from signaalroute.partners.referrals.models import Referral
from signaalroute.partners.referrals.rules import FEEDBACK_KINDS
from signaalroute.partners.referrals.selectors import (
    disclosures_search,
    referral_figures,
    referral_steps,
    referrals_for_partner,
    referrals_sent_by_municipality,
)
from signaalroute.partners.referrals.services import (
    referral_basis_change,
    referral_basis_preview,
    referral_close,
    referral_preview,
    referral_revoke,
    referral_send,
)
from signaalroute.partners.referrals.sharing import (
    SHAREABLE_FIELDS,
    basis_label,
    sharing_profile_of,
    table_rows,
)
from signaalroute.partners.routing.selectors import advice_for, advice_grouped
from signaalroute.signals.models import Signal
from signaalroute.signals.selectors import may_handle, signals_visible_to


def _error_text(error: Exception) -> str:
    return str(getattr(error, "message", error))


def _preview_token(
    signal: Signal, partner: Organisation, basis: str, preview: dict[str, Any]
) -> str:
    """Binds a send to what was previewed: the signal's version, the partner, the basis and
    the exact shared content."""
    content = json.dumps(
        [str(signal.pk), signal.version, str(partner.pk), basis, preview],
        sort_keys=True,
        default=str,
    )
    return salted_hmac("partners.referral-preview", content).hexdigest()


@dataclass
class _Previewed:
    shown: dict[str, Any] | None = None  # what the partner would see; None: not (yet) valid
    token: str = ""
    sent: bool = False


def _preview_then_send(
    request: AuthenticatedRequest,
    form: forms.Form,
    *,
    preview: Callable[[], dict[str, Any]],
    token_of: Callable[[dict[str, Any]], str],
    send: Callable[[], Any],
) -> _Previewed:
    """Show exactly what leaves; send only what was previewed. The token binds the partner, the
    basis and the exact shared content: a changed choice (or a post without a preview) shows
    the preview again. Refusals land on the form, and nothing is sent."""
    try:
        shown = preview()
        token = token_of(shown)
        if request.POST.get("action") == "send" and constant_time_compare(
            request.POST.get("previewed", ""), token
        ):
            send()
            return _Previewed(shown, token, sent=True)
        return _Previewed(shown, token)
    except (ValidationError, DomainError) as error:
        apply_errors(form, error)
    return _Previewed()


@never_cache
@require_http_methods(["GET", "POST"])
def referral_new(request: AuthenticatedRequest, signal_id: uuid.UUID) -> HttpResponse:
    """Step 4: the advice, the basis, a preview of exactly what leaves, then send."""

    signal = get_object_or_404(
        signals_visible_to(request.user).select_related("municipality"), pk=signal_id
    )
    if not may_handle(request.user, signal.municipality):
        return redirect("workflow:detail", signal_id=signal.pk)
    partners = organisations_visible_to(request.user).filter(
        kind=OrganisationKind.PARTNER, region_id=signal.municipality.region_id
    )
    form = ReferralForm(
        request.POST or None,
        partners=partners,
        consents=list(active_consents(signal)),
        initial={"version": signal.version},
    )
    previewed = _Previewed()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        arguments = {
            "actor": request.user,
            "signal": signal,
            "partner": data["partner"],
            "basis": data["basis"],
            "details": form.details(),
            "purpose": data["purpose"],
        }
        previewed = _preview_then_send(
            request,
            form,
            preview=lambda: referral_preview(**arguments),
            token_of=lambda shown: _preview_token(signal, data["partner"], data["basis"], shown),
            send=lambda: referral_send(**arguments, expected_version=data["version"]),
        )
        if previewed.sent:
            messages.success(
                request, _("Referral sent to %(partner)s.") % {"partner": data["partner"].name}
            )
            return redirect("workflow:detail", signal_id=signal.pk)
    context = {
        "signal": signal,
        "form": form,
        "preview": previewed.shown,
        "preview_token": previewed.token,
        "advice": advice_grouped(advice_for(signal)),
        "field_labels": {f.key: f.label for f in SHAREABLE_FIELDS},
        "referrals": [
            (r, referral_steps(request.user, r)) for r in signal.referrals.select_related("partner")
        ],
    }
    return render(request, "partners/referral_new.html", context)


def _sender_referral(request: AuthenticatedRequest, referral_id: uuid.UUID) -> Referral:
    return get_object_or_404(
        referrals_sent_by_municipality(request.user).select_related("signal"), pk=referral_id
    )


@never_cache
@require_http_methods(["GET", "POST"])
def referral_revoke_view(request: AuthenticatedRequest, referral_id: uuid.UUID) -> HttpResponse:
    """Revoking asks for confirmation and a reason: the partner loses what it could read."""
    referral = _sender_referral(request, referral_id)
    if not referral_steps(request.user, referral).revoke:
        messages.error(request, _("This referral can no longer be revoked."))
        return redirect("partners:referral-new", signal_id=referral.signal_id)
    form = RevokeForm(request.POST or None, initial={"version": referral.version})
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            referral_revoke,
            actor=request.user,
            referral=referral,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
        if done.ok:
            messages.success(
                request,
                _("Referral to %(partner)s revoked: the partner no longer sees the data.")
                % {"partner": referral.partner.name},
            )
            return redirect("partners:referral-new", signal_id=referral.signal_id)
    return render(
        request,
        "partners/referral_revoke.html",
        {"referral": referral, "form": form},
        status=form_status(form),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def referral_basis_view(request: AuthenticatedRequest, referral_id: uuid.UUID) -> HttpResponse:
    """Share on another basis while the referral stays open (e.g. from an anonymous consultation
    to vital interest): choose the basis, give its proof, see exactly what the partner will see,
    then confirm."""
    referral = _sender_referral(request, referral_id)
    if not referral_steps(request.user, referral).change_basis:
        messages.error(request, _("The basis of this referral can no longer be changed."))
        return redirect("partners:referral-new", signal_id=referral.signal_id)
    rows = [
        r for r in table_rows([sharing_profile_of(referral.partner)]) if r.basis != referral.basis
    ]
    form = BasisChangeForm(
        request.POST or None,
        bases=[row.basis for row in rows],
        consents=list(active_consents(referral.signal)),
        initial={"version": referral.version},
    )
    previewed = _Previewed()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        arguments = {
            "actor": request.user,
            "referral": referral,
            "basis": data["basis"],
            "details": form.details(),
        }
        previewed = _preview_then_send(
            request,
            form,
            preview=lambda: referral_basis_preview(**arguments),
            token_of=lambda shown: _preview_token(
                referral.signal, referral.partner, data["basis"], shown
            ),
            send=lambda: referral_basis_change(**arguments, expected_version=data["version"]),
        )
        if previewed.sent:
            messages.success(
                request,
                _("The referral to %(partner)s now shares on: %(basis)s.")
                % {"partner": referral.partner.name, "basis": basis_label(data["basis"])},
            )
            return redirect("partners:referral-new", signal_id=referral.signal_id)
    return render(
        request,
        "partners/referral_basis.html",
        {
            "referral": referral,
            "form": form,
            "rows": rows,
            "preview": previewed.shown,
            "preview_token": previewed.token,
            "field_labels": {f.key: f.label for f in SHAREABLE_FIELDS},
        },
        status=form_status(form),
    )


@require_POST
def referral_close_view(request: AuthenticatedRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _sender_referral(request, referral_id)
    form = SenderActionForm(request.POST)
    if form.is_valid():
        try:
            referral_close(
                actor=request.user, referral=referral, expected_version=form.cleaned_data["version"]
            )
            messages.success(
                request,
                _("Referral to %(partner)s closed.") % {"partner": referral.partner.name},
            )
        except DomainError as error:
            messages.error(request, _error_text(error))
    return redirect("partners:referral-new", signal_id=referral.signal_id)


# --- The partner portal ----------------------------------------------------------------------


@never_cache
def portal(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "partners/portal.html", {"referrals": referrals_for_partner(request.user)}
    )


def _answered(answer: str, referral: Referral) -> str:
    """What the partner's answer did, in words."""
    municipality = referral.signal.municipality.name
    if answer == "accept":
        return _("Referral accepted; the municipality of %(municipality)s sees this.") % {
            "municipality": municipality
        }
    if answer == "decline":
        return _(
            "Referral declined; your reason was sent to the municipality of %(municipality)s."
        ) % {"municipality": municipality}
    return _("Feedback sent to the municipality of %(municipality)s.") % {
        "municipality": municipality
    }


@never_cache
@require_http_methods(["GET", "POST"])
def portal_detail(request: AuthenticatedRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = get_object_or_404(referrals_for_partner(request.user), pk=referral_id)
    form = PartnerAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            referral_answer,
            actor=request.user,
            referral=referral,
            answer=data["action"],
            expected_version=data["version"],
            reason=data.get("reason", ""),
            kind=data.get("kind", ""),
            text=data.get("text", ""),
        )
        if done.ok:
            messages.success(request, _answered(data["action"], referral))
            return redirect("partners:portal-detail", referral_id=referral.pk)
    # Every time the shared data is shown, the read is audited (also after a refused answer).
    referral = referral_open(actor=request.user, referral=referral)
    labels = {f.key: f.label for f in SHAREABLE_FIELDS}
    return render(
        request,
        "partners/portal_detail.html",
        {
            "referral": referral,
            "steps": referral_steps(request.user, referral),
            "form": form,
            "shared": referral.shared,
            "labels": labels,
            "feedback_kind_label": FEEDBACK_KINDS.get(referral.feedback_kind, ""),
            "panels": panels_for("referral", request, referral=referral),
        },
        status=form_status(form),
    )


# --- Figures and the disclosure log -----------------------------------------------------------


@never_cache
def figures(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "partners/figures.html", {"figures": referral_figures(request.user)})


@never_cache
@require_http_methods(["GET", "POST"])
def disclosures(request: AuthenticatedRequest) -> HttpResponse:
    # POST: the search text is a person's name or address and must not end up in a URL.
    form = DisclosureSearchForm(request.POST or None)
    results = None
    if form.is_valid():
        results = disclosures_search(request.user, form.cleaned_data["q"])
    labels = {f.key: f.label for f in SHAREABLE_FIELDS}
    return render(
        request, "partners/disclosures.html", {"form": form, "results": results, "labels": labels}
    )


referral_urlpatterns = [
    path("signalen/<uuid:signal_id>/overdracht/", referral_new, name="referral-new"),
    path(
        "overdrachten/<uuid:referral_id>/intrekken/", referral_revoke_view, name="referral-revoke"
    ),
    path("overdrachten/<uuid:referral_id>/afsluiten/", referral_close_view, name="referral-close"),
    path("overdrachten/<uuid:referral_id>/grondslag/", referral_basis_view, name="referral-basis"),
    path("overdrachten/cijfers/", figures, name="figures"),
    path("partner/overdrachten/", portal, name="portal"),
    path("partner/overdrachten/<uuid:referral_id>/", portal_detail, name="portal-detail"),
    path("privacy/verstrekkingen/", disclosures, name="disclosures"),
]
