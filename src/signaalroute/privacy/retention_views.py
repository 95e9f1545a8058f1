"""The retention page of the privacy officer: the rules with the municipality's months, a dry
run and a real run, legal holds by signal reference, and the destruction records (CSV)."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from signaalroute.accounts.models import Organisation
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.rules import Permission
from signaalroute.core.forms import call_service
from signaalroute.signals.models import Signal

from .models import DestructionRecord, LegalHold
from .register import register_municipality
from .retention import (
    installation_rules,
    legal_hold_lift,
    legal_hold_place,
    pending_counts,
    retention_run,
    retention_set,
    rules_for,
)

#: The moment a rule's months count from (``after`` in the table), as the page says it.
MOMENTS = {
    "closed": gettext_lazy("when the signal was closed"),
    "ended_on": gettext_lazy("when the care trajectory was closed"),
    "closed_on": gettext_lazy("when the approach case was closed"),
    "held_on": gettext_lazy("the date of the meeting"),
    "logged": gettext_lazy("when the entry was written"),
}


def _records(municipality: Organisation) -> Any:
    """The municipality's destruction records and those of the installation-wide rules."""
    return DestructionRecord.objects.filter(
        Q(municipality=municipality) | Q(municipality__isnull=True)
    )


class MonthsForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    months = forms.IntegerField(
        label=gettext_lazy("Months"),
        required=False,
        min_value=1,
        max_value=1200,
        error_messages={"invalid": gettext_lazy("Give a whole number of months.")},
    )


class HoldForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Reference of the signal"),
        max_length=20,
        error_messages={"required": gettext_lazy("Give the reference, e.g. SR-AB12.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=300,
        error_messages={"required": gettext_lazy("Give the reason for the hold.")},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "blokkade-%s")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def _municipality(request: AuthenticatedRequest) -> Organisation:
    found = register_municipality(request.user, Permission.KEEP_PROCESSING_REGISTER)
    if found is None:
        raise Http404
    return found


@never_cache
@require_http_methods(["GET", "POST"])
def retention(request: AuthenticatedRequest) -> HttpResponse:
    municipality = _municipality(request)
    what = request.POST.get("what")
    confirm = None
    hold_form = HoldForm(request.POST if what == "hold" else None)
    status = 200
    if what == "months":
        form = MonthsForm(request.POST)
        if form.is_valid():
            done = call_service(
                form,
                retention_set,
                actor=request.user,
                municipality=municipality,
                **form.cleaned_data,
            )
            if done.ok:
                messages.success(request, _("Retention saved."))
                return redirect("privacy:retention")
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        status = 400
    elif what == "run" and request.POST.get("confirm") != "yes":
        # Anonymising cannot be undone: first say what would go, then ask again.
        pending = pending_counts(municipality)
        confirm = {"rules": pending, "total": sum(n for _rule, n in pending)}
    elif what in ("dry_run", "run"):
        records = retention_run(
            actor=request.user, municipality=municipality, dry_run=what == "dry_run"
        )
        total = sum(r.count for r in records)
        messages.success(
            request,
            (
                _("Dry run: %(n)s records would be anonymised.")
                if what == "dry_run"
                else _("%(n)s records anonymised.")
            )
            % {"n": total},
        )
        return redirect("privacy:retention")
    elif what == "hold" and hold_form.is_valid():
        signal = Signal.objects.filter(
            municipality=municipality, reference=hold_form.cleaned_data["reference"].strip().upper()
        ).first()
        if signal is None:
            hold_form.add_error(
                "reference", _("No signal of your municipality has this reference.")
            )
        else:
            held = call_service(
                hold_form,
                legal_hold_place,
                actor=request.user,
                signal=signal,
                reason=hold_form.cleaned_data["reason"],
            )
            if held.ok:
                messages.success(request, _("Legal hold placed: this signal is not destroyed."))
                return redirect("privacy:retention")
        status = 400
    elif what == "hold":
        status = 400
    whole = {r.code: r.months for r in installation_rules()}
    context = {
        "confirm": confirm,
        "rules": [
            (
                rule,
                MOMENTS.get(rule.after, rule.after),
                MonthsForm(
                    initial={"code": rule.code, "months": rule.months}, auto_id=f"{rule.code}-%s"
                ),
                whole.get(rule.code),
            )
            for rule in rules_for(municipality)
        ],
        "records": _records(municipality)[:20],
        "holds": LegalHold.objects.filter(signal__municipality=municipality).select_related(
            "signal"
        ),
        "hold_form": hold_form,
    }
    return render(request, "privacy/retention.html", context, status=status)


@require_POST
def hold_lift(request: AuthenticatedRequest, hold_id: uuid.UUID) -> HttpResponse:
    municipality = _municipality(request)
    hold = get_object_or_404(
        LegalHold.objects.select_related("signal"), pk=hold_id, signal__municipality=municipality
    )
    legal_hold_lift(actor=request.user, hold=hold)
    messages.success(request, _("Legal hold lifted: the signal follows the retention table again."))
    return redirect("privacy:retention")


@never_cache
@require_GET
def records_export(request: AuthenticatedRequest) -> HttpResponse:
    municipality = _municipality(request)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Date"), _("Rule"), _("Months"), _("Records"), _("Dry run")])
    for r in _records(municipality):
        writer.writerow(
            [
                r.run_at.strftime("%d-%m-%Y %H:%M"),
                r.rule,
                r.months,
                r.count,
                _("Yes") if r.dry_run else _("No"),
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vernietigingen.csv"'
    return response
