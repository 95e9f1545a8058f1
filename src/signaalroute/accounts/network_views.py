"""The focal-officer network page (focal officers of the region) and the municipality's
contact (its functional administrator)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from signaalroute.core.forms import call_service
from signaalroute.core.validators import phone_validator

from .network import focal_network, focal_point_for, focal_point_update
from .requests import AuthenticatedRequest
from .rules import Permission
from .selectors import municipalities_where


class FocalPointForm(forms.Form):
    mailbox = forms.EmailField(
        label=gettext_lazy("Functional mailbox of the focal officers"),
        required=False,
        help_text=gettext_lazy("An address that stays when people change, e.g. mensenhandel@…"),
    )
    phone = forms.CharField(
        label=gettext_lazy("Telephone number of the focal officers"),
        required=False,
        max_length=30,
        validators=[phone_validator],
    )


@never_cache
@require_GET
def network(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "accounts/network.html", {"rows": focal_network(request.user)})


@never_cache
@require_http_methods(["GET", "POST"])
def focal_point(request: AuthenticatedRequest) -> HttpResponse:
    municipality = municipalities_where(request.user, Permission.MANAGE_ORGANISATION).first()
    if municipality is None:
        return render(request, "accounts/focal_point.html", {"form": None})
    current = focal_point_for(municipality)
    form = FocalPointForm(
        request.POST or None, initial={"mailbox": current.mailbox, "phone": current.phone}
    )
    if request.method == "POST":
        if form.is_valid():
            done = call_service(
                form,
                focal_point_update,
                actor=request.user,
                municipality=municipality,
                **form.cleaned_data,
            )
            if done.ok:
                messages.success(request, _("How to reach the focal officers is saved."))
                return redirect("accounts:focal-point")
        return render(
            request,
            "accounts/focal_point.html",
            {"form": form, "municipality": municipality},
            status=400,
        )
    return render(
        request, "accounts/focal_point.html", {"form": form, "municipality": municipality}
    )
