"""The page where the region's administrator keeps the groups of municipalities."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from signaalroute.accounts.models import Organisation, OrganisationKind, Region
from signaalroute.accounts.region_views import region_for
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.core.forms import call_service, form_status

from .groups import group_remove, group_save, groups_administered


class GroupForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the group"),
        max_length=200,
        error_messages={"required": gettext_lazy("Give the group a name.")},
    )
    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Municipalities"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("A group has at least two municipalities.")},
    )

    def __init__(self, *args: Any, region: Region, prefix_id: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{prefix_id}-%s")
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            region=region, kind=OrganisationKind.MUNICIPALITY
        ).order_by("name")


@never_cache
@require_http_methods(["GET", "POST"])
def groups(request: AuthenticatedRequest) -> HttpResponse:
    region = region_for(request)
    found = groups_administered(request.user).filter(region=region)
    editing = None
    if group_id := request.POST.get("group") or request.GET.get("groep"):
        try:
            editing = found.filter(pk=uuid.UUID(str(group_id))).first()
        except ValueError:
            editing = None
        if editing is None:
            raise Http404
    initial = {"name": editing.name, "members": list(editing.members.all())} if editing else None
    form = GroupForm(
        request.POST or None,
        initial=initial,
        region=region,
        prefix_id="groep" if editing else "nieuwe-groep",
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, group_save, actor=request.user, region=region, group=editing, **form.cleaned_data
        )
        if done.ok:
            messages.success(request, _("Group saved."))
            return redirect("monitoring:groups")
    context = {"region": region, "groups": found, "form": form, "editing": editing}
    return render(request, "monitoring/groups.html", context, status=form_status(form))


@require_POST
def group_delete(request: AuthenticatedRequest, group_id: uuid.UUID) -> HttpResponse:
    group = get_object_or_404(groups_administered(request.user), pk=group_id)
    try:
        group_remove(actor=request.user, group=group)
    except ValidationError as error:
        messages.error(request, " ".join(str(m) for m in error.messages))
    else:
        messages.success(request, _("Group removed."))
    return redirect("monitoring:groups")
