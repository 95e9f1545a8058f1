"""Health check and the error pages (Dutch HTML, or problem+json under /api/)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .problems import problem_response


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


def error_page(request: HttpRequest, status: int, title: str, detail: str) -> HttpResponse:
    if _wants_problem(request):
        return problem_response(status=status, title=title, detail=detail)
    context: dict[str, Any] = {"status": status, "title": title, "detail": detail}
    return render(request, "core/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400, _("Bad request"), _("The request could not be processed."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(
        request, 403, _("No access"), _("You do not have access to this page or data.")
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(
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
