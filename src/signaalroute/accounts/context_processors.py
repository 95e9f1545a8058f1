"""The navigation: only what the user's roles may reach, read from the URL matrix."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .access import decide

NAVIGATION: list[tuple[str, Any]] = [
    ("accounts:home", _("Home")),
    ("workflow:worklist", _("Worklist")),
    ("care:list", _("Care")),
    ("approach:list", _("Approach")),
    ("meetings:list", _("Signalling meetings")),
    ("hits:check", _("Regional check")),
    ("accounts:network", _("Focal officers in the region")),
    ("stacking:stacks", _("Stacking")),
    ("intake:advice-list", _("Advice questions")),
    ("workflow:coordinator", _("Signals from my team")),
    ("partners:portal", _("Referrals")),
    ("monitoring:dashboard", _("Figures")),
    ("monitoring:reports", _("Yearly reports")),
    ("monitoring:plans", _("Action plan")),
    ("monitoring:policies", _("Policy and evaluation")),
    ("care:shelter-places", _("Local shelter places")),
    ("training:overview", _("Training")),
    ("locations:list", _("Risk locations")),
    ("partners:figures", _("Feedback figures")),
    ("partners:disclosures", _("Disclosure log")),
    ("privacy:register", _("Processing register")),
    ("privacy:retention", _("Retention periods")),
    ("privacy:requests", _("Data subjects' requests")),
    ("partners:directory", _("Partner directory")),
    ("intake:internal-new", _("Report a signal")),
    ("intake:mine", _("My reports")),
    ("training:cards", _("Signal cards")),
    ("workflow:settings", _("Route settings")),
    ("partners:routing-rules", _("Routing rules")),
    ("stacking:settings", _("Stacking settings")),
    ("accounts:focal-point", _("Reaching the focal officers")),
    ("accounts:people", _("People")),
    ("accounts:organisation", _("Teams and sign-on")),
    ("accounts:region", _("Region administration")),
    ("monitoring:groups", _("Groups of municipalities")),
    ("monitoring:references", _("Reference figures")),
    ("audit:list", _("Audit log")),
    ("accounts:profile", _("My account")),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        current = request.resolver_match.view_name if request.resolver_match else ""
        for route, label in NAVIGATION:
            if decide(request, route, user).allowed:
                items.append({"route": route, "label": label, "current": route == current})
    return {"nav_items": items, "demo_mode": settings.SIGNAALROUTE_DEMO}
