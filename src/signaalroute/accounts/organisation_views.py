"""The page where a municipality's functional administrator keeps its teams and the
identity-provider group mappings."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from signaalroute.core.forms import call_service

from .organisation_admin import mapping_add, mapping_remove, mappings_for, team_add, teams_of
from .people import MUNICIPAL_ROLES, municipal_organisations
from .people_views import RoleFields
from .requests import AuthenticatedRequest
from .rules import ROLE_LABELS, Permission
from .selectors import acting_municipality


class TeamForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the team"),
        max_length=200,
        error_messages={"required": gettext_lazy("Give the team a name.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "team-%s")
        super().__init__(*args, **kwargs)


class MappingForm(RoleFields):
    group = forms.CharField(
        label=gettext_lazy("Group at the identity provider"),
        max_length=200,
        help_text=gettext_lazy("As the identity provider sends it, e.g. GG-Mensenhandel-Melders."),
        error_messages={"required": gettext_lazy("Give the group.")},
    )
    field_order = ["group", "organisation", "role", "domain"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "koppeling-%s")
        super().__init__(*args, actor=actor, **kwargs)
        # The municipality's own organisations and roles, also for a region's administrator.
        self.fields["organisation"].queryset = municipal_organisations(actor).order_by(  # type: ignore[attr-defined]
            "kind", "name"
        )
        self.fields["organisation"].label = _("Municipality or team")
        self.fields["role"].choices = [(r.value, ROLE_LABELS[r]) for r in MUNICIPAL_ROLES]  # type: ignore[attr-defined]


@never_cache
@require_http_methods(["GET", "POST"])
def organisation(request: AuthenticatedRequest) -> HttpResponse:
    municipality = acting_municipality(request.user, Permission.MANAGE_ORGANISATION)
    if municipality is None:
        raise Http404
    what = request.POST.get("what")
    team_form = TeamForm(request.POST if what == "team" else None)
    mapping_form = MappingForm(request.POST if what == "mapping" else None, actor=request.user)
    status = 200
    if what == "team" and team_form.is_valid():
        done = call_service(
            team_form,
            team_add,
            actor=request.user,
            municipality=municipality,
            **team_form.cleaned_data,
        )
        if done.ok:
            messages.success(request, _("Team added."))
            return redirect("accounts:organisation")
    if what == "mapping" and mapping_form.is_valid():
        added = call_service(
            mapping_form, mapping_add, actor=request.user, **mapping_form.cleaned_data
        )
        if added.ok:
            messages.success(request, _("Group mapping added."))
            return redirect("accounts:organisation")
    if request.method == "POST":
        status = 400
    context = {
        "municipality": municipality,
        "teams": teams_of(municipality),
        "mappings": mappings_for(request.user),
        "team_form": team_form,
        "mapping_form": mapping_form,
    }
    return render(request, "accounts/organisation.html", context, status=status)


@require_POST
def mapping_delete(request: AuthenticatedRequest, mapping_id: uuid.UUID) -> HttpResponse:
    mapping = get_object_or_404(mappings_for(request.user), pk=mapping_id)
    mapping_remove(actor=request.user, mapping=mapping)
    messages.success(request, _("Group mapping removed."))
    return redirect("accounts:organisation")
