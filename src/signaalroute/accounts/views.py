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
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalroute.audit.services import audit_record

from .access import second_factor_done
from .forms import LoginForm, TokenForm
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
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if second_factor_done(request, user):
        return redirect("core:home")
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:otp-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = totp_verify(user=user, token=form.cleaned_data["token"])  # type: ignore[arg-type]
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
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if second_factor_done(request, user) and not needs_second_factor(user):
        return redirect("core:home")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:otp-verify")
    device = None
    device_id = request.session.get(SETUP_DEVICE_SESSION_KEY)
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        device = totp_device_start(user=user)  # type: ignore[arg-type]
        request.session[SETUP_DEVICE_SESSION_KEY] = device.pk
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = totp_verify(user=user, token=form.cleaned_data["token"], device=device)  # type: ignore[arg-type]
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
def logout(request: HttpRequest) -> HttpResponse:
    audit_record(actor=request.user, action="auth.logout", obj=request.user)  # type: ignore[arg-type]
    auth_logout(request)
    messages.info(request, _("You have been logged out."))
    return redirect("accounts:login")


@never_cache
def profile(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "memberships": memberships_of(request.user),
        "has_totp": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
    }
    return render(request, "accounts/profile.html", context)
