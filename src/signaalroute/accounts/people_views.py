"""Pages of the administration of people (functional administrator) and the activation page
an invited person opens from the e-mail."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from signaalroute.core.forms import call_service

from .models import DOMAIN_CHOICES, Organisation
from .people import (
    invitation_accept,
    invitation_for,
    invitation_renew,
    membership_add,
    membership_remove,
    memberships_for,
    organisations_for,
    people_for,
    person_invite,
    person_set_active,
    roles_for,
    second_factor_reset,
    wholly_ours,
)
from .requests import AuthenticatedRequest
from .rules import ROLE_LABELS, Role


class RoleFields(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Municipality or team"),
        queryset=Organisation.objects.none(),
        error_messages={"required": gettext_lazy("Choose the municipality or a team.")},
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"))
    domain = forms.ChoiceField(
        label=gettext_lazy("Domain (focal officer only)"),
        required=False,
        choices=[("", "—"), *DOMAIN_CHOICES],
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for(actor).order_by("kind", "name")  # type: ignore[attr-defined]
        roles = roles_for(actor)
        self.fields["role"].choices = [(r.value, ROLE_LABELS[r]) for r in roles]  # type: ignore[attr-defined]
        if Role.PARTNER_CONTACT in roles:
            self.fields["organisation"].label = _("Organisation")
            self.fields["organisation"].error_messages["required"] = _("Choose the organisation.")


class PersonFields(forms.Form):
    """Who is invited: also the first administrator of a municipality joining the region."""

    first_name = forms.CharField(
        label=gettext_lazy("First name"),
        max_length=150,
        error_messages={"required": gettext_lazy("Give the first name.")},
    )
    last_name = forms.CharField(
        label=gettext_lazy("Last name"),
        max_length=150,
        error_messages={"required": gettext_lazy("Give the last name.")},
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        error_messages={
            "required": gettext_lazy("Give the e-mail address."),
            "invalid": gettext_lazy("Enter a valid e-mail address."),
        },
    )


class InviteForm(PersonFields, RoleFields):
    field_order = ["first_name", "last_name", "email", "organisation", "role", "domain"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "uitnodiging-%s")
        super().__init__(*args, **kwargs)


class MembershipForm(RoleFields):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "rol-%s")
        super().__init__(*args, **kwargs)


class ResetForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=200,
        help_text=gettext_lazy(
            "E.g. new telephone. No personal details: this goes into the audit log."
        ),
        error_messages={"required": gettext_lazy("Give the reason for the reset.")},
    )


class ActivateForm(forms.Form):
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("Choose a password.")},
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("Type the password again.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


@never_cache
@require_http_methods(["GET", "POST"])
def people(request: AuthenticatedRequest) -> HttpResponse:
    form = InviteForm(request.POST or None, actor=request.user)
    existing = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]  # a refusal takes it out of cleaned_data
        done = call_service(form, person_invite, actor=request.user, **form.cleaned_data)
        if done.ok and done.value is not None:
            messages.success(request, _("Invitation sent. The link works for 7 days."))
            return redirect("accounts:person", person_id=done.value[0].pk)
        existing = people_for(request.user).filter(email__iexact=email).first()
    status = 400 if request.method == "POST" else 200
    ours = memberships_for(request.user)
    context = {
        "people": people_for(request.user).prefetch_related(
            Prefetch("memberships", queryset=ours.select_related("organisation"), to_attr="ours")
        ),
        "form": form,
        "existing": existing,
    }
    return render(request, "accounts/people.html", context, status=status)


def _person(request: AuthenticatedRequest, person_id: uuid.UUID) -> Any:
    return get_object_or_404(people_for(request.user), pk=person_id)


@never_cache
@require_http_methods(["GET", "POST"])
def person(request: AuthenticatedRequest, person_id: uuid.UUID) -> HttpResponse:
    who = _person(request, person_id)
    role_form = MembershipForm(request.POST or None, actor=request.user)
    reset_form = ResetForm(request.POST if request.POST.get("what") == "reset" else None)
    status = 200
    if request.method == "POST":
        what = request.POST.get("what")
        if what == "role" and role_form.is_valid():
            done = call_service(
                role_form, membership_add, actor=request.user, person=who, **role_form.cleaned_data
            )
            if done.ok:
                messages.success(request, _("Role added."))
                return redirect("accounts:person", person_id=who.pk)
        elif what == "reset" and reset_form.is_valid():
            reset = call_service(
                reset_form,
                second_factor_reset,
                actor=request.user,
                person=who,
                reason=reset_form.cleaned_data["reason"],
            )
            if reset.ok:
                messages.success(
                    request, _("Second step reset: the person sets up a new one at the next login.")
                )
                return redirect("accounts:person", person_id=who.pk)
        status = 400
    if request.method == "GET" or request.POST.get("what") != "role":
        role_form = MembershipForm(actor=request.user)
    memberships = memberships_for(request.user).filter(user=who).select_related("organisation")
    context = {
        "person": who,
        "memberships": memberships,
        "role_form": role_form,
        "reset_form": reset_form,
        "whole": wholly_ours(request.user, who),
    }
    return render(request, "accounts/person.html", context, status=status)


def _refusal(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages) or _("Nothing was changed.")


@require_POST
def person_active(request: AuthenticatedRequest, person_id: uuid.UUID) -> HttpResponse:
    who = _person(request, person_id)
    active = request.POST.get("active") == "1"
    try:
        person_set_active(actor=request.user, person=who, active=active)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request,
            _("Reactivated.") if active else _("Deactivated: sessions and API tokens have ended."),
        )
    return redirect("accounts:person", person_id=who.pk)


@require_POST
def person_reinvite(request: AuthenticatedRequest, person_id: uuid.UUID) -> HttpResponse:
    who = _person(request, person_id)
    try:
        invitation_renew(actor=request.user, person=who)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("A new invitation is sent; earlier links no longer work."))
    return redirect("accounts:person", person_id=who.pk)


@require_POST
def membership_delete(
    request: AuthenticatedRequest, person_id: uuid.UUID, membership_id: uuid.UUID
) -> HttpResponse:
    who = _person(request, person_id)
    membership = get_object_or_404(memberships_for(request.user), pk=membership_id, user=who)
    try:
        membership_remove(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("Role taken away."))
    return redirect("accounts:person", person_id=who.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for(token)
    if invitation is None:
        return render(request, "accounts/activate.html", {"expired": True}, status=410)
    form = ActivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, invitation_accept, token=token, password=form.cleaned_data["password1"]
        )
        if done.ok:
            messages.success(request, _("Your password is set. Log in with your e-mail address."))
            return redirect("accounts:login")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/activate.html",
        {"form": form, "email": invitation.user.email},
        status=status,
    )
