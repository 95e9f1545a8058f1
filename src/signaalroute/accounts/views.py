"""Login, second factor (verify and set up), logout and the user's own account page."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalroute.audit.models import Outcome
from signaalroute.audit.services import audit_record
from signaalroute.core.panels import panels_for
from signaalroute.core.views import error_page

from .access import second_factor_done
from .forms import LoginForm, TokenForm
from .requests import AuthenticatedRequest
from .rules import ROLE_LABELS, Role
from .selectors import memberships_of, needs_second_factor
from .services import totp_device_start, totp_verify

NEXT_SESSION_KEY = "signaalroute_next"
SETUP_DEVICE_SESSION_KEY = "signaalroute_totp_setup_device"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


class SignaalrouteLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        if needs_second_factor(user):
            self.request.session[NEXT_SESSION_KEY] = _safe_next(
                self.request, self.get_redirect_url() or None
            )
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                return redirect("accounts:otp-verify")
            return redirect("accounts:otp-setup")
        return response


@never_cache
@require_http_methods(["GET", "POST"])
def otp_verify(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if second_factor_done(request, user):
        return redirect("accounts:home")
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:otp-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = totp_verify(user=user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(
                _safe_next(request, request.session.pop(NEXT_SESSION_KEY, None))
            )
        form.add_error(
            "token",
            _("This code is not correct or has expired. Wait for a new code and try again."),
        )
    return render(request, "accounts/otp_verify.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def otp_setup(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if second_factor_done(request, user) and not needs_second_factor(user):
        return redirect("accounts:home")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:otp-verify")
    device = None
    device_id = request.session.get(SETUP_DEVICE_SESSION_KEY)
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        device = totp_device_start(user=user)
        request.session[SETUP_DEVICE_SESSION_KEY] = device.pk
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = totp_verify(user=user, token=form.cleaned_data["token"], device=device)
        if verified is not None:
            request.session.pop(SETUP_DEVICE_SESSION_KEY, None)
            otp_login(request, verified)
            messages.success(request, _("Two-step verification is now set up."))
            return HttpResponseRedirect(
                _safe_next(request, request.session.pop(NEXT_SESSION_KEY, None))
            )
        form.add_error(
            "token", _("This code is not correct. Check the time on your phone and try again.")
        )
    qr_svg = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
    secret = _format_secret(device.bin_key)
    return render(
        request, "accounts/otp_setup.html", {"form": form, "qr_svg": qr_svg, "secret": secret}
    )


def _format_secret(key: bytes) -> str:
    import base64

    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@require_POST
def logout(request: AuthenticatedRequest) -> HttpResponse:
    audit_record(actor=request.user, action="auth.logout", obj=request.user)
    auth_logout(request)
    messages.info(request, _("You have been logged out."))
    return redirect("accounts:login")


@never_cache
def profile(request: AuthenticatedRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "memberships": memberships_of(request.user),
        "has_totp": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
    }
    return render(request, "accounts/profile.html", context)


# What each role does in the reporting route, shown on its home page (seed
# 002_f9bb08b28be3f2cb.txt annex 1; seed 001_1cc0d1ead85ea8c6.txt §4 introduction for the focal officer).
ROLE_INTRO: dict[Role, Any] = {
    Role.REPORTER: gettext_lazy(
        "Did you see something that is not right? Discuss it with your team coordinator and report the signal."
    ),
    Role.TEAM_COORDINATOR: gettext_lazy(
        "You discuss signals with your team members and forward them to the focal officer."
    ),
    Role.FOCAL_OFFICER: gettext_lazy(
        "You receive signals, enrich them, pass them to the right partner and report back to the reporter."
    ),
    Role.CHAIN_DIRECTOR: gettext_lazy(
        "You connect partners in the region and bring cases to the RIEC."
    ),
    Role.CARE_COORDINATOR: gettext_lazy(
        "You organise care and shelter for victims referred to you."
    ),
    Role.PARTNER_CONTACT: gettext_lazy(
        "You receive referrals for your organisation and give feedback."
    ),
    Role.POLICY_OFFICER: gettext_lazy("You see figures and reports, without personal data."),
    Role.FUNCTIONAL_ADMIN: gettext_lazy(
        "You manage the route and stacking settings, the routing rules, the partner directory, the reference figures and who must be trained."
    ),
    Role.AUDITOR: gettext_lazy("You search and export the audit log and read the disclosure log."),
    Role.PRIVACY_OFFICER: gettext_lazy(
        "You check what was shared with which partner, when and on which basis (the disclosure log), and keep the processing register."
    ),
    Role.REGION_ADMIN: gettext_lazy(
        "You keep the region's municipalities, chain partners and groups of municipalities, give the chain partners' people their roles and appoint each municipality's administrators."
    ),
}


@never_cache
def home(request: AuthenticatedRequest) -> HttpResponse:
    memberships = memberships_of(request.user)
    seen: set[Role] = set()
    roles = []
    for membership in memberships:
        role = Role(membership.role)
        roles.append(
            {
                "label": ROLE_LABELS[role],
                "organisation": membership.organisation.name,
                "domain": membership.get_domain_display(),
            }
        )
        seen.add(role)
    intros = [{"label": ROLE_LABELS[r], "text": ROLE_INTRO[r]} for r in Role if r in seen]
    # What the rooms above add for this user (a focal officer's acute signals and new
    # feedback), named in SIGNAALROUTE_PAGE_PANELS: accounts knows no signals.
    panels = panels_for("home", request)
    return render(request, "core/home.html", {"roles": roles, "intros": intros, "panels": panels})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    audit_record(
        actor=request.user if request.user.is_authenticated else None,
        action="security.csrf_failure",
        outcome=Outcome.DENIED,
        extra={"route": request.resolver_match.view_name if request.resolver_match else ""},
    )
    return error_page(
        request,
        403,
        _("Form expired"),
        _("The form had expired or was invalid. Reload the page and try again."),
    )
