"""The auditor's search and CSV export of the audit trail. Exports are themselves audited."""

from __future__ import annotations

import csv
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.audit.services import audit_record

from .forms import AuditSearchForm
from .selectors import audit_entries_search

EXPORT_COLUMNS = [
    "position",
    "timestamp",
    "actor_username",
    "actor_roles",
    "organisation_id",
    "action",
    "outcome",
    "object_type",
    "object_id",
    "fields",
    "request_id",
    "client_address",
    "prev_hash",
    "entry_hash",
]


def _search(request: AuthenticatedRequest) -> tuple[AuditSearchForm, Any]:
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, audit_entries_search(request.user, **filters)


@never_cache
def audit_list(request: AuthenticatedRequest) -> HttpResponse:
    form, entries = _search(request)
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    template = "audit/_results.html" if request.htmx else "audit/list.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


class _Echo:
    def write(self, value: str) -> str:
        return value


@never_cache
def audit_export(request: AuthenticatedRequest) -> StreamingHttpResponse | HttpResponse:
    form, entries = _search(request)
    if request.GET and not form.is_valid():
        return render(request, "audit/list.html", {"form": form, "page": None}, status=400)
    used_filters = [k for k, v in (form.cleaned_data if form.is_bound else {}).items() if v]
    audit_record(actor=request.user, action="audit.export", fields=used_filters)
    writer = csv.writer(_Echo())

    def rows() -> Any:
        yield writer.writerow(EXPORT_COLUMNS)
        for entry in entries.iterator(chunk_size=1000):
            values = [getattr(entry, column) for column in EXPORT_COLUMNS]
            values[EXPORT_COLUMNS.index("fields")] = ";".join(entry.fields)
            yield writer.writerow(values)

    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="auditlog-{stamp}.csv"'
    return response
