"""Pages of the yearly report: the list with "start a report", one report's narrative, its PDF
(the draft made on request, the final one as stored) and adopting it."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.core.forms import call_service

from .areas import areas_for
from .models import ReportState, YearlyReport
from .report import NARRATIVE, NARRATIVE_MAX, render_pdf, report_data
from .reports import area_of, may_write, report_finalise, report_start, report_write, reports_for


class StartForm(forms.Form):
    gebied = forms.ChoiceField(label=gettext_lazy("Municipality or group"))
    jaar = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)

    def __init__(self, *args: Any, request: AuthenticatedRequest, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "start-%s")
        super().__init__(*args, **kwargs)
        areas = [
            a for a in areas_for(request.user) if a.kind != "region" and may_write(request.user, a)
        ]
        self.fields["gebied"].choices = [(a.key, a.label) for a in areas]  # type: ignore[attr-defined]
        year = timezone.localdate().year
        self.fields["jaar"].choices = [(y, str(y)) for y in range(year, year - 10, -1)]  # type: ignore[attr-defined]


class NarrativeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "tekst-%s")
        super().__init__(*args, **kwargs)
        for code, label in NARRATIVE:
            self.fields[code] = forms.CharField(
                label=label,
                required=False,
                max_length=NARRATIVE_MAX,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_(
                    "Plain text. An empty line starts a new paragraph; a line starting with “- ” is a list item."
                ),
            )


def _report(request: AuthenticatedRequest, report_id: uuid.UUID) -> YearlyReport:
    return get_object_or_404(reports_for(request.user), pk=report_id)


@never_cache
@require_http_methods(["GET", "POST"])
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    if not areas_for(request.user):
        raise Http404
    writer = any(may_write(request.user, a) for a in areas_for(request.user))
    form = StartForm(request.POST or None, request=request)
    status = 200
    if request.method == "POST":
        if not writer:
            raise Http404
        if form.is_valid():
            done = call_service(
                form,
                report_start,
                actor=request.user,
                area_key=form.cleaned_data["gebied"],
                year=form.cleaned_data["jaar"],
            )
            if done.ok and done.value is not None:
                messages.success(request, _("Yearly report started."))
                return redirect("monitoring:report", report_id=done.value.pk)
        status = 400
    context = {"reports": reports_for(request.user), "form": form, "may_write": writer}
    return render(request, "monitoring/reports.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def report_detail(request: AuthenticatedRequest, report_id: uuid.UUID) -> HttpResponse:
    report = _report(request, report_id)
    _areas, area = area_of(request.user, report)
    writer = may_write(request.user, area)
    initial = {"version": report.version, **report.narrative}
    form = NarrativeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not writer or report.state != ReportState.DRAFT:
            raise Http404
        if form.is_valid():
            narrative = {code: form.cleaned_data[code] for code, _label in NARRATIVE}
            done = call_service(
                form,
                report_write,
                actor=request.user,
                report=report,
                narrative=narrative,
                expected_version=form.cleaned_data["version"],
            )
            if done.ok:
                messages.success(request, _("The text of the report is saved."))
                return redirect("monitoring:report", report_id=report.pk)
            status = done.status
        else:
            status = 400
    context = {"report": report, "form": form, "may_write": writer, "area": area}
    return render(request, "monitoring/report.html", context, status=status)


@never_cache
@require_GET
def report_pdf(request: AuthenticatedRequest, report_id: uuid.UUID) -> HttpResponse:
    report = _report(request, report_id)
    if report.state == ReportState.FINAL and report.pdf:
        pdf = bytes(report.pdf)
    else:
        areas, area = area_of(request.user, report)
        pdf = render_pdf(report_data(areas, area, report.year, report.narrative, final=False))
    response = HttpResponse(pdf, content_type="application/pdf")
    kind = "definitief" if report.state == ReportState.FINAL else "concept"
    response["Content-Disposition"] = f'inline; filename="jaarrapportage-{report.year}-{kind}.pdf"'
    return response


@require_POST
def report_adopt(request: AuthenticatedRequest, report_id: uuid.UUID) -> HttpResponse:
    report = _report(request, report_id)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError as error:
        raise Http404 from error
    form = forms.Form()
    done = call_service(
        form, report_finalise, actor=request.user, report=report, expected_version=version
    )
    if done.ok:
        messages.success(request, _("The yearly report is adopted; the PDF is kept as it is now."))
    else:
        messages.error(
            request, done.message or _("The report was changed meanwhile. Nothing was adopted.")
        )
    return redirect("monitoring:report", report_id=report.pk)
