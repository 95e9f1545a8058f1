"""The focal officer's worklist with its views ("Mijn signalen", "Mijn domein", "Hele
gemeente"), marking oneself away or back, and setting a signal's domain and owner (seed
004_0e82b480fca28818.txt §5.1)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.selectors import handling_municipalities
from signaalroute.core.forms import call_service
from signaalroute.core.panels import panels_for
from signaalroute.stacking.selectors import unseen_alert_count

from .assignment_services import assignment_set, away_set
from .assignments import WorklistView, absent_in, assignment_for, default_view
from .forms import AssignmentForm, AwayForm, WorklistForm
from .selectors import WorklistFilters, worklist_counts, worklist_for, worklist_rows
from .views import _get_signal, _rerender

VIEW_LABELS = {
    WorklistView.MINE: gettext_lazy("My signals"),
    WorklistView.DOMAIN: gettext_lazy("My domain"),
    WorklistView.ALL: gettext_lazy("Whole municipality"),
}


@never_cache
def worklist(request: AuthenticatedRequest) -> HttpResponse:
    municipalities = handling_municipalities(request.user)
    form = WorklistForm(request.GET or None, municipalities=municipalities)
    data = form.cleaned_data if form.is_valid() else {}
    view = data.get("weergave") or default_view(request.user)
    filters = WorklistFilters(
        state=data.get("state", ""),
        form=data.get("form", ""),
        channel=data.get("channel", ""),
        overdue=bool(data.get("overdue")),
        acute=bool(data.get("acute")),
        municipality=data.get("municipality", ""),
        search=data.get("q", ""),
        sort=data.get("sort") or "due",
        view=view,
    )
    page = Paginator(worklist_for(request.user, filters), 25).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    query["weergave"] = view
    if not form.is_bound:
        form = WorklistForm(initial={"weergave": view}, municipalities=municipalities)
    context = {
        "form": form,
        "page": page,
        "rows": worklist_rows(request.user, list(page.object_list)),
        "counts": worklist_counts(request.user),
        "stack_alerts": unseen_alert_count(request.user),
        "query": query.urlencode(),
        "view": view,
        "views": [(v.value, label) for v, label in VIEW_LABELS.items()],
        "view_label": VIEW_LABELS[WorklistView(view)],
        "away": [
            {"municipality": m, "away": is_away, "form": AwayForm(initial={"municipality": m.pk})}
            for m, is_away in absent_in(request.user)
        ],
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "workflow/_worklist_results.html", context)
    # Sections from rooms above: controls of risk locations that are due (locations).
    context["panels"] = panels_for("worklist", request)
    return render(request, "workflow/worklist.html", context)


@require_POST
def away(request: AuthenticatedRequest) -> HttpResponse:
    """Mark oneself away or back (the button on the worklist)."""
    form = AwayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved. Please try again."))
        return redirect("workflow:worklist")
    municipality = handling_municipalities(request.user).filter(
        pk=form.cleaned_data["municipality"]
    )
    if not municipality.exists():
        raise Http404
    done = call_service(
        form,
        away_set,
        actor=request.user,
        municipality=municipality.get(),
        away=form.cleaned_data["away"],
    )
    if not done.ok:
        messages.error(request, _("Nothing was saved. Please try again."))
    elif form.cleaned_data["away"]:
        messages.success(
            request,
            _("You are marked away. Your signals go to the focal officer of the other domain."),
        )
    else:
        messages.success(request, _("You are marked back. Your signals are yours again."))
    return redirect("workflow:worklist")


@require_POST
def assignment(request: AuthenticatedRequest, signal_id: uuid.UUID) -> HttpResponse:
    """Set the signal's domain and owner by hand (a focal officer of its municipality)."""
    signal = _get_signal(request, signal_id)
    current = assignment_for(request.user, signal)
    form = AssignmentForm(request.POST, owners=current.owner_choices)
    if not current.can_edit:
        raise Http404
    if (
        form.is_valid()
        and call_service(
            form,
            assignment_set,
            actor=request.user,
            signal=signal,
            domain=form.cleaned_data["domain"],
            owner=form.chosen_owner(),
        ).ok
    ):
        messages.success(request, _("Domain and owner saved."))
        return redirect("workflow:detail", signal_id=signal.pk)
    return _rerender(request, signal, {"assignment": form})
