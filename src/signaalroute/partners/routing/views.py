"""The functional administrator's routing-rules page: the rules in force, their history, an
editor that previews a rule set over past signals and publishes it as a new version."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from signaalroute.accounts.models import Region
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.core.forms import apply_errors, call_service
from signaalroute.core.problems import DomainError
from signaalroute.partners.routing.describe import editor_codes, rule_sentence
from signaalroute.partners.routing.forms import RoutingRulesForm, rules_text
from signaalroute.partners.routing.models import RoutingRuleSet
from signaalroute.partners.routing.rules import (
    ROLE_LABELS,
    ROLES,
)
from signaalroute.partners.routing.selectors import active_rules, partners_by_role
from signaalroute.partners.routing.services import managed_regions, ruleset_preview, ruleset_publish


def _regions(request: AuthenticatedRequest) -> QuerySet[Region]:
    return Region.objects.filter(pk__in=managed_regions(request.user)).order_by("name")


def _region(request: AuthenticatedRequest, wanted: Any = None) -> Region | None:
    """The region asked for (?regio= or the form), else the first one the user manages."""
    regions = _regions(request)
    if not wanted:
        return regions.first()
    try:
        return regions.get(pk=wanted)
    except (Region.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None


def _preview_rules(preview: Any, form: RoutingRulesForm) -> list[dict[str, Any]]:
    """How often each proposed rule fires, each rule said in words (the editor shows its id)."""
    if preview is None:
        return []
    proposed = {rule["id"]: rule for rule in form.cleaned_data.get("rules") or []}
    return [
        {"sentence": rule_sentence(proposed.get(count.rule_id, {})), "signals": count.signals}
        for count in preview.rules
    ]


def _page(
    request: AuthenticatedRequest,
    region: Region | None,
    form: RoutingRulesForm | None = None,
    *,
    preview: Any = None,
    status: int = 200,
) -> HttpResponse:
    if region is None:
        return render(request, "partners/routing_rules.html", {"region": None}, status=status)
    version, rules = active_rules(region)
    history = RoutingRuleSet.objects.filter(region=region).select_related("created_by")
    if form is None:
        start = rules
        wanted = request.GET.get("versie", "")
        if wanted.isdigit():
            chosen = history.filter(version=int(wanted)).first()
            start = chosen.rules if chosen is not None else rules
        form = RoutingRulesForm(initial={"region": region.pk, "rules": rules_text(start)})
    partners = partners_by_role(region)
    context = {
        "region": region,
        "regions": _regions(request),
        "version": version,
        "rules": [
            {"sentence": rule_sentence(rule), "reason": rule["reason"], "source": rule["source"]}
            for rule in rules
        ],
        "history": history[:50],
        "roles": [
            {"key": role, "label": ROLE_LABELS[role], "partners": partners.get(role, [])}
            for role in ROLES
        ],
        "codes": editor_codes(),
        "form": form,
        "preview": preview,
        "preview_rules": _preview_rules(preview, form),
    }
    return render(request, "partners/routing_rules.html", context, status=status)


def _after_publish(region: Region, request: AuthenticatedRequest) -> HttpResponse:
    url = reverse("partners:routing-rules")
    if _regions(request).count() > 1:
        url += f"?regio={region.pk}"
    return redirect(url)


@never_cache
@require_http_methods(["GET", "POST"])
def routing_rules(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, _region(request, request.GET.get("regio")))
    form = RoutingRulesForm(request.POST)
    region = _region(request, request.POST.get("region"))
    if region is None:
        raise Http404
    if form.is_valid() and not form.cleaned_data["note"].strip():
        form.add_error("note", _("Say what changed, for the history."))
    if form.is_valid():
        done = call_service(
            form,
            ruleset_publish,
            actor=request.user,
            region=region,
            rules=form.cleaned_data["rules"],
            note=form.cleaned_data["note"],
        )
        if done.ok:
            ruleset = done.value
            messages.success(
                request,
                _("Version %(version)s of the routing rules is now in force.")
                % {"version": ruleset.version},
            )
            return _after_publish(region, request)
    return _page(request, region, form, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def routing_preview(request: AuthenticatedRequest) -> HttpResponse:
    """Run the rules in the editor over past signals, without publishing them."""
    if request.method == "GET":
        return redirect("partners:routing-rules")
    form = RoutingRulesForm(request.POST)
    region = _region(request, request.POST.get("region"))
    if region is None:
        raise Http404
    if not form.is_valid():
        return _page(request, region, form, status=400)
    try:
        preview = ruleset_preview(
            user=request.user, region=region, rules=form.cleaned_data["rules"]
        )
    except ValidationError as error:
        apply_errors(form, error)
        return _page(request, region, form, status=400)
    except DomainError as error:
        form.add_error(None, str(error.message))
        return _page(request, region, form, status=error.status)
    return _page(request, region, form, preview=preview)


routing_urlpatterns = [
    path("beheer/doorverwijsregels/", routing_rules, name="routing-rules"),
    path("beheer/doorverwijsregels/voorbeeld/", routing_preview, name="routing-preview"),
]
