"""Home page, health check and the error pages (Dutch HTML, or problem+json under /api/)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from signaalroute.accounts.rules import ROLE_LABELS, Role
from signaalroute.accounts.selectors import memberships_of
from signaalroute.audit.models import Outcome
from signaalroute.audit.services import audit_record

from .problems import problem_response

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
    Role.FUNCTIONAL_ADMIN: gettext_lazy("You manage organisations, teams, roles and settings."),
    Role.AUDITOR: gettext_lazy("You search and export the audit log."),
    Role.PRIVACY_OFFICER: gettext_lazy(
        "You oversee the processing register, retention periods and data-subject requests."
    ),
}


@never_cache
def home(request: HttpRequest) -> HttpResponse:
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
    return render(request, "core/home.html", {"roles": roles, "intros": intros})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure makes the instance unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _wants_problem(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _error(request: HttpRequest, status: int, title: str, detail: str) -> HttpResponse:
    if _wants_problem(request):
        return problem_response(status=status, title=title, detail=detail)
    context: dict[str, Any] = {"status": status, "title": title, "detail": detail}
    return render(request, "core/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, _("Bad request"), _("The request could not be processed."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("No access"), _("You do not have access to this page or data."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        _("Not found"),
        _("This page does not exist, or you do not have access to it."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    title, detail = _("Something went wrong"), _("Please try again later. Nothing was saved.")
    if _wants_problem(request):
        return problem_response(status=500, title=title, detail=detail)
    # No context processors that touch the database: the failure may be the database.
    from django.template import loader

    template = loader.get_template("core/error_plain.html")
    return HttpResponse(
        template.render({"title": title, "detail": detail, "status": 500}), status=500
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    audit_record(
        actor=request.user if request.user.is_authenticated else None,
        action="security.csrf_failure",
        outcome=Outcome.DENIED,
        extra={"route": request.resolver_match.view_name if request.resolver_match else ""},
    )
    return _error(
        request,
        403,
        _("Form expired"),
        _("The form had expired or was invalid. Reload the page and try again."),
    )
