"""The route settings per municipality (functional administrator): whether step 1 is required,
the deadline per state and the acute alert."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import municipalities_where
from signaalroute.core.forms import apply_errors

from .forms import RouteSettingsForm
from .rules import DEFAULT_DEADLINE_WORKING_DAYS
from .selectors import route_settings_for
from .services import route_settings_update


@never_cache
@require_http_methods(["GET", "POST"])
def route_settings(request: AuthenticatedRequest) -> HttpResponse:
    municipality = municipalities_where(request.user, Permission.MANAGE_ORGANISATION).first()
    if municipality is None:
        return render(request, "workflow/route_settings.html", {"form": None})
    current = route_settings_for(municipality)
    initial: dict[str, Any] = {
        "team_coordinator_step_required": current.team_coordinator_step_required,
        "acute_minutes": current.acute_minutes,
    }
    for state in DEFAULT_DEADLINE_WORKING_DAYS:
        initial[f"deadline_{state.value}"] = current.working_days_for(state)
    form = RouteSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            route_settings_update(
                actor=request.user,
                municipality=municipality,
                team_coordinator_step_required=form.cleaned_data["team_coordinator_step_required"],
                deadlines=form.deadlines(),
                acute_minutes=form.cleaned_data["acute_minutes"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Route settings saved."))
            return redirect("workflow:settings")
    return render(
        request, "workflow/route_settings.html", {"form": form, "municipality": municipality}
    )
