"""The processing register's pages: the register (privacy officer, auditor), its CSV and PDF,
and the privacy officer's corrections of one processing."""

from __future__ import annotations

import csv
import io

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from signaalroute.accounts.models import Organisation
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.rules import Permission
from signaalroute.audit.services import audit_record
from signaalroute.core.forms import call_service
from signaalroute.core.pdf import render_typst

from .register import DATA, FIELDS, processing_update, register_for, register_municipality


def _municipality(request: AuthenticatedRequest, permission: Permission) -> Organisation:
    found = register_municipality(request.user, permission)
    if found is None:
        raise Http404
    return found


@never_cache
@require_GET
def register(request: AuthenticatedRequest) -> HttpResponse:
    municipality = _municipality(request, Permission.VIEW_PROCESSING_REGISTER)
    may_edit = (
        register_municipality(request.user, Permission.KEEP_PROCESSING_REGISTER) == municipality
    )
    context = {
        "municipality": municipality,
        "processings": register_for(municipality),
        "fields": FIELDS,
        "may_edit": may_edit,
    }
    return render(request, "privacy/register.html", context)


@never_cache
@require_GET
def export(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    if kind not in ("csv", "pdf"):
        raise Http404
    municipality = _municipality(request, Permission.VIEW_PROCESSING_REGISTER)
    rows = register_for(municipality)
    audit_record(
        actor=request.user,
        action="privacy.register_export",
        object_type="accounts.organisation",
        object_id=str(municipality.pk),
        extra={"format": kind},
    )
    with override("nl"):
        headings = [str(label) for _key, label in FIELDS]
        if kind == "csv":
            out = io.StringIO()
            writer = csv.writer(out, delimiter=";")
            writer.writerow(headings)
            for p in rows:
                writer.writerow([p.values[key] for key, _label in FIELDS])
            response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        else:
            title = _("Processing register of %(name)s") % {"name": municipality.name}
            data = {
                "title": title,
                "author": municipality.name,
                "date": timezone.localdate().strftime("%d-%m-%Y"),
                "processings": [
                    [[str(label), p.values[key]] for key, label in FIELDS] for p in rows
                ],
            }
            response = HttpResponse(
                render_typst(DATA / "register.typ", data), content_type="application/pdf"
            )
    response["Content-Disposition"] = f'attachment; filename="verwerkingsregister.{kind}"'
    return response


class ProcessingForm(forms.Form):
    def __init__(self, *args: object, initial_values: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for key, label in FIELDS:
            self.fields[key] = forms.CharField(
                label=label,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=initial_values.get(key, ""),
                error_messages={"required": _("Fill this in: the register needs it.")},
            )


@never_cache
@require_http_methods(["GET", "POST"])
def processing(request: AuthenticatedRequest, code: str) -> HttpResponse:
    municipality = _municipality(request, Permission.KEEP_PROCESSING_REGISTER)
    current = next((p for p in register_for(municipality) if p.code == code), None)
    if current is None:
        raise Http404
    form = ProcessingForm(request.POST or None, initial_values=current.values)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            processing_update,
            actor=request.user,
            municipality=municipality,
            code=code,
            values=form.cleaned_data,
        )
        if done.ok:
            messages.success(request, _("The processing is saved in the register."))
            return redirect("privacy:register")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "privacy/processing.html", {"form": form, "processing": current}, status=status
    )
