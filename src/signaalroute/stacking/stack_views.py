"""Focal officer screens for stacking: the stacking alerts and proposed links, the stack view of
a person, address or organisation, the decisions on links, and enriching a subject."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from signaalroute.accounts.models import Organisation
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import municipalities_where
from signaalroute.core.forms import apply_errors, call_service
from signaalroute.core.panels import panels_for
from signaalroute.core.problems import DomainError
from signaalroute.signals.models import SignalSubject
from signaalroute.signals.selectors import signals_visible_to
from signaalroute.stacking.traces import DETAIL_FIELDS, FIELD_LABELS, LIST_FIELDS

from .alerts import alert_seen, alert_text, settings_for
from .learning import model_overview
from .models import Candidate, FoundIdentifier, Trace
from .reasons import LEVEL_LABELS, REASON_LABELS, candidate_items
from .selectors import (
    alerts_for,
    found_visible_to,
    open_candidates,
    stack_for_reading,
    traces_visible_to,
)
from .services import (
    FOUND_DECISIONS,
    SETTING_FIELDS,
    candidate_decide,
    details_fingerprint,
    found_decide,
    stacking_settings_update,
    subject_enrich,
)

# What a normaliser's flag on a value means (matching.normalise).
FLAG_LABELS: dict[str, Any] = {
    "invalid": gettext_lazy("cannot be checked"),
    "partial": gettext_lazy("incomplete"),
    "estimate": gettext_lazy("an estimate"),
}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", "confirm"), ("reject", "reject"), ("undo", "undo")]
    )
    version = forms.IntegerField(min_value=1)
    next = forms.CharField(required=False, max_length=300)


def enrich_form_class(kind: str) -> type[forms.Form]:
    """The enrichment form of a kind of subject, built from engine.DETAIL_FIELDS (one place)."""
    fields: dict[str, forms.Field] = {}
    for name in DETAIL_FIELDS.get(kind, ()):
        widget = forms.Textarea(attrs={"rows": 2}) if name in LIST_FIELDS else None
        fields[name] = forms.CharField(
            label=FIELD_LABELS.get(name, name), required=False, max_length=2000, widget=widget
        )
    return type("EnrichForm", (forms.Form,), fields)


def _next_url(request: AuthenticatedRequest, fallback: str) -> str:
    wanted = request.POST.get("next", "")
    # Only our own paths on this host: never an open redirect.
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


@never_cache
@require_GET
def stacks(request: AuthenticatedRequest) -> HttpResponse:
    """The focal officer's stacking list: alerts (why) and proposed links to decide."""
    alerts = list(alerts_for(request.user).order_by("seen_at", "-created_at")[:50])
    proposals = list(open_candidates(request.user)[:100])
    return render(
        request,
        "stacking/stacks.html",
        {
            "alerts": [{"alert": a, "text": alert_text(a.reason)} for a in alerts],
            "proposals": candidate_items(proposals),
        },
    )


@never_cache
@require_GET
def stack(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    try:
        view = stack_for_reading(request.user, pk)
    except Trace.DoesNotExist as error:
        raise Http404 from error
    items = candidate_items(view.proposed + view.confirmed)  # one track-record query
    return render(
        request,
        "stacking/stack.html",
        {
            "view": view,
            "assessment": view.assessment,
            "alert_text": alert_text(view.reason) if view.reason else "",
            "proposed": items[: len(view.proposed)],
            "confirmed": items[len(view.proposed) :],
            "decided": view.decided,
            # Sections from rooms above: an approach case, the signalling meeting's agenda.
            "panels": panels_for("stack", request, trace=view.trace),
        },
    )


@never_cache
@require_POST
def candidate_decision(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    candidate = Candidate.objects.filter(pk=pk).first()
    if (
        candidate is None
        or not traces_visible_to(request.user).filter(pk=candidate.trace_a_id).exists()
    ):
        raise Http404
    form = DecisionForm(request.POST)
    fallback = reverse("stacking:stack", args=[candidate.trace_a_id])
    if not form.is_valid():
        messages.error(request, _("The decision could not be read. Try again."))
        return redirect(fallback)
    try:
        candidate_decide(
            actor=request.user,
            candidate=candidate,
            decision=form.cleaned_data["decision"],
            expected_version=form.cleaned_data["version"],
        )
    except Candidate.DoesNotExist as error:
        raise Http404 from error
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        done = {
            "confirm": _("Link confirmed: the signals now stack."),
            "reject": _("Link rejected: it will not be proposed again."),
            "undo": _("Link undone: the signals no longer stack."),
        }
        messages.success(request, done[form.cleaned_data["decision"]])
    return redirect(_next_url(request, fallback))


@never_cache
@require_POST
def alert_mark_seen(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    alert = alerts_for(request.user).filter(pk=pk).first()
    if alert is None:
        raise Http404
    alert_seen(actor=request.user, alert=alert)
    messages.success(request, _("Stacking alert marked as seen."))
    return redirect("stacking:stacks")


@never_cache
@require_http_methods(["GET", "POST"])
def enrich(request: AuthenticatedRequest, signal_id: uuid.UUID, pk: uuid.UUID) -> HttpResponse:
    subject = (
        SignalSubject.objects.filter(
            pk=pk, signal_id=signal_id, signal__in=signals_visible_to(request.user)
        )
        .select_related("signal")
        .first()
    )
    if subject is None or not traces_visible_to(request.user).filter(signal_id=signal_id).exists():
        raise Http404
    form_class = enrich_form_class(subject.kind)
    details = subject.details or {}
    initial = {k: "\n".join(v) if isinstance(v, list) else v for k, v in details.items()}
    form = form_class(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                subject_enrich(
                    actor=request.user,
                    subject=subject,
                    details=form.cleaned_data,
                    expected=request.POST.get("loaded", ""),
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            except ValidationError as error:
                apply_errors(form, error)
            except SignalSubject.DoesNotExist as error:
                raise Http404 from error
            else:
                messages.success(request, _("Details saved and matched with earlier signals."))
                return redirect("workflow:detail", subject.signal_id)
        status = 400
    trace = getattr(subject, "trace", None)
    return render(
        request,
        "stacking/enrich.html",
        {
            "subject": subject,
            "form": form,
            "flags": [
                (FIELD_LABELS.get(name, name), FLAG_LABELS.get(flag, flag))
                for name, flag in (trace.flags if trace else {}).items()
            ],
            "labels": FIELD_LABELS,
            "loaded": request.POST.get("loaded") or details_fingerprint(details),
        },
        status=status,
    )


class FoundDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[(d, d) for d in FOUND_DECISIONS])
    version = forms.IntegerField(min_value=1)
    subject = forms.UUIDField(required=False)


@never_cache
@require_POST
def found_decision(
    request: AuthenticatedRequest, signal_id: uuid.UUID, pk: uuid.UUID
) -> HttpResponse:
    """Add an identifier found in the signal's text to an involved party, or dismiss it."""
    found = (
        found_visible_to(request.user)
        .filter(pk=pk, signal_id=signal_id)
        .select_related("signal")
        .first()
    )
    if found is None:
        raise Http404
    back = redirect("workflow:detail", signal_id)
    form = FoundDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The decision could not be read. Try again."))
        return back
    subject = None
    if form.cleaned_data["decision"] == "accept" and form.cleaned_data.get("subject"):
        subject = found.signal.subjects.filter(pk=form.cleaned_data["subject"]).first()
        if subject is None:
            messages.error(request, _("Choose an involved party of this signal."))
            return back
    try:
        found_decide(
            actor=request.user,
            found=found,
            decision=form.cleaned_data["decision"],
            expected_version=form.cleaned_data["version"],
            subject=subject,
        )
    except FoundIdentifier.DoesNotExist as error:
        raise Http404 from error
    except DomainError as error:
        messages.error(request, str(error.message))
    except ValidationError as error:
        messages.error(request, " ".join(str(m) for m in error.messages))
    else:
        if form.cleaned_data["decision"] == "accept":
            messages.success(request, _("Added to the details and matched with earlier signals."))
        else:
            messages.success(request, _("Dismissed: it will not be proposed again."))
    return back


class StackingSettingsForm(forms.Form):
    min_signals = forms.IntegerField(
        label=gettext_lazy("Alert from this many signals"), min_value=2, max_value=50
    )
    min_sources = forms.IntegerField(
        label=gettext_lazy("… from at least this many different sources"),
        min_value=1,
        max_value=50,
    )
    window_months = forms.IntegerField(
        label=gettext_lazy("… within this many months"), min_value=1, max_value=120
    )
    alert_on_assessment = forms.BooleanField(
        label=gettext_lazy(
            "Also alert when the indicator assessment over a stack points to a possible victim"
        ),
        required=False,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def stacking_settings(request: AuthenticatedRequest) -> HttpResponse:
    municipality = municipalities_where(request.user, Permission.MANAGE_ORGANISATION).first()
    if municipality is None:
        return render(request, "stacking/settings.html", {"form": None})
    page = {"municipality": municipality, "model": _model_rows(municipality)}
    current = settings_for(municipality.pk)
    form = StackingSettingsForm(
        request.POST or None, initial={name: getattr(current, name) for name in SETTING_FIELDS}
    )
    if request.method == "POST":
        if form.is_valid():
            done = call_service(
                form,
                stacking_settings_update,
                actor=request.user,
                municipality=municipality,
                **form.cleaned_data,
            )
            if done.ok:
                messages.success(request, _("Stacking settings saved."))
                return redirect("stacking:settings")
        return render(request, "stacking/settings.html", {"form": form, **page}, status=400)
    return render(request, "stacking/settings.html", {"form": form, **page})


def _model_rows(municipality: Organisation) -> dict[str, Any]:
    """The matching model in use, in words: its weights per field and level, and its history."""
    overview = model_overview(municipality)
    return {
        "overview": overview,
        "weights": [
            (REASON_LABELS.get(name, name), LEVEL_LABELS.get(level, level), round(bits, 1))
            for name, level, bits in overview.weights
        ],
    }


stack_urlpatterns = [
    path("beheer/stapelen/", stacking_settings, name="settings"),
    path("stapels/", stacks, name="stacks"),
    path("stapels/spoor/<uuid:pk>/", stack, name="stack"),
    path("stapels/koppeling/<uuid:pk>/", candidate_decision, name="candidate-decide"),
    path("stapels/melding/<uuid:pk>/gezien/", alert_mark_seen, name="alert-seen"),
    path(
        "signalen/<uuid:signal_id>/betrokkenen/<uuid:pk>/aanvullen/", enrich, name="subject-enrich"
    ),
    path("signalen/<uuid:signal_id>/gevonden/<uuid:pk>/", found_decision, name="found-decide"),
]
