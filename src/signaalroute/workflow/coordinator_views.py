"""The team coordinator's inbox (step 1 of the route, seed 002_f9bb08b28be3f2cb.txt annex 1):
the signals brought to them, each with the reporter, to forward to the focal officer."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.signals.models import Signal
from signaalroute.signals.selectors import reporter_identity_for, signal_for_reading
from signaalroute.signals.states import State

from .forms import TransitionForm
from .selectors import allowed_transitions, coordinator_inbox


@never_cache
def coordinator(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "workflow/coordinator.html", {"signals": coordinator_inbox(request.user)}
    )


def coordinator_context(
    request: AuthenticatedRequest, signal: Signal, forms: dict[str, Any] | None = None
) -> dict[str, Any]:
    forms = forms or {}
    can_forward = any(to == State.RECEIVED for to, _r in allowed_transitions(request.user, signal))
    return {
        "signal": signal,
        "subjects": signal.subjects.all(),
        "identity": reporter_identity_for(request.user, signal),
        "can_forward": can_forward,
        "form": forms.get(f"transition_{State.RECEIVED}")
        or TransitionForm(
            initial={"to": State.RECEIVED, "version": signal.version}, prefix=f"t-{State.RECEIVED}"
        ),
    }


@never_cache
def coordinator_detail(request: AuthenticatedRequest, signal_id: uuid.UUID) -> HttpResponse:
    try:
        signal = signal_for_reading(
            request.user,
            signal_id,
            within=coordinator_inbox(request.user),
            fields=("description", "subjects", "address", "reporter"),
        )
    except Signal.DoesNotExist as error:
        raise Http404 from error
    return render(request, "workflow/coordinator_detail.html", coordinator_context(request, signal))
