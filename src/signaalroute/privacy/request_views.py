"""The privacy officer's pages for data subjects' requests: the list with deadlines, registering
one, a request with its actions, and the access statement (HTML to print, CSV to download)."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from signaalroute.accounts.models import Organisation
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.rules import Permission
from signaalroute.audit.services import audit_record
from signaalroute.core.forms import ServiceResult, call_service, date_field

from .access import AccessStatement, access_statement, subjects_of
from .access_export import statement_pdf, statement_rows
from .models import DataSubjectRequest, RequestKind, RequestState
from .register import register_municipality
from .request_actions import erasure_blockers, request_erase, request_restrict
from .requests import (
    NEXT_STATES,
    request_extend,
    request_for,
    request_move,
    request_note,
    request_read,
    request_register,
    requests_visible_to,
)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of request"), choices=RequestKind.choices)
    received_on = date_field(gettext_lazy("Received on"), required=True)
    identified_how = forms.CharField(
        label=gettext_lazy("How the person identified themselves"),
        help_text=gettext_lazy("E.g. in person at the desk, passport shown. No document numbers."),
        max_length=300,
    )
    name = forms.CharField(label=gettext_lazy("Name of the person"), max_length=200)
    date_of_birth = forms.CharField(
        label=gettext_lazy("Date of birth"), max_length=20, required=False
    )
    identifiers = forms.CharField(
        label=gettext_lazy("Other identifiers"),
        help_text=gettext_lazy(
            "One per line: telephone number, e-mail address, IBAN, licence plate."
        ),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _municipality(request: AuthenticatedRequest) -> Organisation:
    found = register_municipality(request.user, Permission.KEEP_PROCESSING_REGISTER)
    if found is None:
        raise Http404
    return found


def _own(request: AuthenticatedRequest, pk: uuid.UUID, *, read: bool = False) -> DataSubjectRequest:
    try:
        return (request_read if read else request_for)(request.user, pk)
    except DataSubjectRequest.DoesNotExist:
        raise Http404 from None


@never_cache
@require_GET
def request_list(request: AuthenticatedRequest) -> HttpResponse:
    _municipality(request)
    today = timezone.localdate()
    rows = [(r, r.is_overdue(today)) for r in requests_visible_to(request.user)]
    return render(request, "privacy/requests.html", {"rows": rows, "today": today})


@never_cache
@require_http_methods(["GET", "POST"])
def request_new(request: AuthenticatedRequest) -> HttpResponse:
    municipality = _municipality(request)
    form = RequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            request_register,
            actor=request.user,
            municipality=municipality,
            **form.cleaned_data,
        )
        if done.ok and done.value is not None:
            messages.success(request, _("The request is registered."))
            return redirect("privacy:request", pk=done.value.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/request_new.html", {"form": form}, status=status)


@never_cache
@require_GET
def request_detail(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    dsr = _own(request, pk, read=True)
    subjects = subjects_of(dsr) if dsr.kind != RequestKind.ACCESS else []
    context = {
        "dsr": dsr,
        "overdue": dsr.is_overdue(timezone.localdate()),
        "next_states": [(s, RequestState(s).label) for s in NEXT_STATES[dsr.state]],
        "subjects": [(s, erasure_blockers(s)) for s in subjects],
        "restricted": {s.pk for s in subjects if hasattr(s, "restriction")},
    }
    return render(request, "privacy/request_detail.html", context)


@require_POST
def request_action(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    """One POST endpoint for the actions on a request; a refusal is a Dutch message."""
    dsr = _own(request, pk)
    what = request.POST.get("what", "")
    form = forms.Form(data={})
    form.is_valid()  # an empty form that collects the service's refusal
    kwargs = {"actor": request.user, "request": dsr}
    done: ServiceResult[Any]
    if what == "move":
        done = call_service(
            form,
            request_move,
            to=request.POST.get("to", ""),
            reason=request.POST.get("reason", ""),
            **kwargs,
        )
    elif what == "extend":
        done = call_service(form, request_extend, reason=request.POST.get("reason", ""), **kwargs)
    elif what == "note":
        done = call_service(form, request_note, text=request.POST.get("text", ""), **kwargs)
    elif what in ("restrict", "lift"):
        done = call_service(
            form,
            request_restrict,
            subject_id=request.POST.get("subject", ""),
            lift=what == "lift",
            **kwargs,
        )
    elif what == "erase":
        done = call_service(form, request_erase, **kwargs)
    else:
        raise Http404
    if done.ok:
        messages.success(request, _("Saved."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("privacy:request", pk=dsr.pk)


def _statement(
    request: AuthenticatedRequest, dsr: DataSubjectRequest, kind: str
) -> AccessStatement:
    statement = access_statement(dsr)
    audit_record(
        actor=request.user,
        action="privacy.dsr_export",
        obj=dsr,
        organisation_id=dsr.municipality_id,
        extra={"format": kind, "signals": len(statement.entries)},
    )
    return statement


@never_cache
@require_GET
def access_page(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    dsr = _own(request, pk)
    statement = _statement(request, dsr, "html")
    return render(request, "privacy/access.html", {"dsr": dsr, "statement": statement})


@never_cache
@require_GET
def access_csv(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    dsr = _own(request, pk)
    statement = _statement(request, dsr, "csv")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    with override("nl"):
        writer.writerows(statement_rows(statement))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="inzage.csv"'
    return response


@never_cache
@require_GET
def access_pdf(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    dsr = _own(request, pk)
    statement = _statement(request, dsr, "pdf")
    with override("nl"):
        pdf = statement_pdf(statement)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="inzage.pdf"'
    return response
