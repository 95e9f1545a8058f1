"""The dashboard (policy officer, focal officer, privacy officer: own municipality and its
groups; chain director: the region), its exports, and the reference figures (functional
administrator)."""

from __future__ import annotations

import csv
import io
import uuid

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from signaalroute.accounts.models import Organisation
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import acting_municipality
from signaalroute.audit.services import audit_record
from signaalroute.core.forms import call_service

from .areas import Area, areas_for, exact_municipalities
from .charts import bar_chart, trend_chart
from .dashboard import Dashboard, Table, dashboard_for
from .forms import DashboardFilter, ReferenceFigureForm
from .models import ReferenceFigure
from .selectors import references_for
from .services import reference_figure_delete, reference_figure_save, reference_figures_prefill


def _chosen(request: AuthenticatedRequest) -> tuple[list[Area], Area, int, DashboardFilter]:
    """The area and year asked for; an area the user may not see is not there (404)."""
    areas = areas_for(request.user)
    if not areas:
        raise Http404
    form = DashboardFilter(request.GET or None, areas=areas)
    year = timezone.localdate().year
    # A regional role starts at the region; everyone else at their own municipality.
    area = next((a for a in areas if a.kind == "region"), areas[0])
    if request.GET:
        if not form.is_valid():
            raise Http404
        area = next(a for a in areas if a.key == form.cleaned_data["gebied"])
        year = form.cleaned_data["jaar"]
    else:
        form = DashboardFilter(initial={"gebied": area.key, "jaar": year}, areas=areas)
    return areas, area, year, form


def _board(request: AuthenticatedRequest) -> tuple[Dashboard, DashboardFilter]:
    areas, area, year, form = _chosen(request)
    return dashboard_for(areas, area, year, exact_municipalities(request.user)), form


@never_cache
@require_GET
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    board, form = _board(request)
    context = {
        "board": board,
        "form": form,
        "sections": [(t, bar_chart(t.title, t.chart_values())) for t in board.tables],
        "alerts_chart": bar_chart(board.alerts.title, board.alerts.chart_values()),
        "trend_chart": trend_chart(board),
        "references": references_for(board.area),
        "query": request.GET.urlencode(),
    }
    return render(request, "monitoring/dashboard.html", context)


def _all_tables(board: Dashboard) -> list[Table]:
    return [
        board.trend,
        *board.tables,
        board.alerts,
        board.partners,
        *([board.care] if board.care else []),
        *([board.approach] if board.approach else []),
        *([board.controls] if board.controls else []),
        *([board.meetings] if board.meetings else []),
    ]


@never_cache
@require_GET
def export(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    """The dashboard's tables as CSV (one file, a block per table) or XLSX (a sheet per
    table); the same suppressed figures as on the page."""
    if kind not in ("csv", "xlsx"):
        raise Http404
    board, _form = _board(request)
    name = f"signaalroute-cijfers-{board.year}"
    audit_record(
        actor=request.user,
        action="monitoring.export",
        object_type="monitoring.area",
        object_id=board.area.key,
        extra={"year": board.year, "format": kind},
    )
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow([board.area.label, board.year])
        for table in _all_tables(board):
            writer.writerow([])
            writer.writerow([table.title, *table.columns])
            for label, values in table.shown_rows():
                writer.writerow([label, *values])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            _xlsx(board),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def _xlsx(board: Dashboard) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table in _all_tables(board):
        sheet = book.create_sheet(table.title[:31].replace("/", "-"))
        sheet.append([board.area.label, board.year])
        sheet.append([table.title, *table.columns])
        for label, values in table.shown_rows():
            sheet.append([label, *(int(v) if v.isdigit() else v for v in values)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- Reference figures (functional administrator) ------------------------------------------


def _admin_municipality(request: AuthenticatedRequest) -> Organisation:
    found = acting_municipality(request.user, Permission.MANAGE_ORGANISATION)
    if found is None:
        raise Http404
    return found


@never_cache
@require_http_methods(["GET", "POST"])
def references(request: AuthenticatedRequest) -> HttpResponse:
    municipality = _admin_municipality(request)
    form = ReferenceFigureForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            done = call_service(
                form,
                reference_figure_save,
                actor=request.user,
                municipality=municipality,
                existing=None,
                **form.cleaned_data,
            )
            if done.ok:
                messages.success(request, _("Reference figure added."))
                return redirect("monitoring:references")
        status = 400
    else:
        status = 200
    rows = ReferenceFigure.objects.filter(municipality=municipality)
    context = {"form": form, "rows": rows, "municipality": municipality}
    return render(request, "monitoring/references.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def reference_edit(request: AuthenticatedRequest, figure_id: uuid.UUID) -> HttpResponse:
    municipality = _admin_municipality(request)
    figure = get_object_or_404(ReferenceFigure, pk=figure_id, municipality=municipality)
    form = ReferenceFigureForm(request.POST or None, instance=figure)
    if request.method == "POST" and form.is_valid():
        fresh = ReferenceFigure.objects.get(pk=figure.pk)  # the form changed `figure` in place
        done = call_service(
            form,
            reference_figure_save,
            actor=request.user,
            municipality=municipality,
            existing=fresh,
            **form.cleaned_data,
        )
        if done.ok:
            messages.success(request, _("Reference figure saved."))
            return redirect("monitoring:references")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "figure": figure}
    return render(request, "monitoring/reference_edit.html", context, status=status)


@require_POST
def reference_delete(request: AuthenticatedRequest, figure_id: uuid.UUID) -> HttpResponse:
    municipality = _admin_municipality(request)
    figure = get_object_or_404(ReferenceFigure, pk=figure_id, municipality=municipality)
    reference_figure_delete(actor=request.user, figure=figure)
    messages.success(request, _("Reference figure removed."))
    return redirect("monitoring:references")


@require_POST
@transaction.atomic
def references_prefill(request: AuthenticatedRequest) -> HttpResponse:
    added = reference_figures_prefill(actor=request.user, municipality=_admin_municipality(request))
    messages.success(request, _("%(n)s figures from the policy documents added.") % {"n": added})
    return redirect("monitoring:references")
