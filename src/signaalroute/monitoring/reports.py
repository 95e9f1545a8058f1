"""The yearly report's life: started as a draft for a municipality or group the writer may see,
its narrative written, then adopted (final): the PDF is stored with its hash and the data it was
made from, audited, and can no longer change. Services and the selector; pages in
``report_views``."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import municipalities_where
from signaalroute.audit.services import audit_record
from signaalroute.core.problems import EditConflict

from .areas import Area, areas_for
from .models import MunicipalityGroup, ReportState, YearlyReport
from .report import NARRATIVE, NARRATIVE_MAX, render_pdf, report_data, sha256


def reports_for(user: User) -> QuerySet[YearlyReport]:
    """The reports of the areas (municipalities and groups) this user may see figures of."""
    keys = [a.key for a in areas_for(user) if a.kind in ("municipality", "group")]
    municipalities = [uuid.UUID(k[2:]) for k in keys if k.startswith("m-")]
    groups = [uuid.UUID(k[2:]) for k in keys if k.startswith("g-")]
    return YearlyReport.objects.filter(
        Q(municipality_id__in=municipalities) | Q(group_id__in=groups)
    ).select_related("municipality", "group")


def area_of(user: User, report: YearlyReport) -> tuple[list[Area], Area]:
    areas = areas_for(user)
    return areas, next(a for a in areas if a.key == report.area_key)


def may_write(actor: User, area: Area) -> bool:
    """Writing a report needs the permission in the area itself: in its municipality, or in one
    of a group's members (holding it elsewhere is not enough)."""
    own = set(municipalities_where(actor, Permission.WRITE_REPORTS).values_list("pk", flat=True))
    return bool(own & set(area.members))


def _require_writer(actor: User, area: Area | None = None) -> None:
    if area is None or not may_write(actor, area):
        raise ValidationError(_("You cannot write yearly reports."))


@transaction.atomic
def report_start(*, actor: User, area_key: str, year: int) -> YearlyReport:
    area = next((a for a in areas_for(actor) if a.key == area_key), None)
    if area is None or area.kind == "region" or not may_write(actor, area):
        raise ValidationError({"gebied": _("Choose your municipality or a group it belongs to.")})
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError({"jaar": _("Choose a year up to this one.")})
    target = uuid.UUID(area.key[2:])
    report = YearlyReport(year=year)
    if area.kind == "municipality":
        report.municipality_id = target
    else:
        report.group = MunicipalityGroup.objects.get(pk=target)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        raise ValidationError(
            {"jaar": _("There is a report for this area and year already.")}
        ) from error
    audit_record(actor=actor, action="monitoring.report_start", obj=report, extra={"year": year})
    return report


def _claim(report: YearlyReport, expected_version: int) -> None:
    updated = YearlyReport.objects.filter(
        pk=report.pk, version=expected_version, state=ReportState.DRAFT
    ).update(version=expected_version + 1)
    if not updated:
        raise EditConflict()
    report.version = expected_version + 1


@transaction.atomic
def report_write(
    *, actor: User, report: YearlyReport, narrative: dict[str, str], expected_version: int
) -> YearlyReport:
    """Save the narrative of a draft (plain text per part)."""
    _require_writer(actor, area_of(actor, report)[1])
    known = {code for code, _label in NARRATIVE}
    too_long = [c for c, text in narrative.items() if len(text) > NARRATIVE_MAX]
    if set(narrative) - known or too_long:
        raise ValidationError(
            {c: _("At most 10,000 characters.") for c in too_long} or _("Unknown part.")
        )
    _claim(report, expected_version)
    changed = sorted(c for c in known if narrative.get(c, "") != report.narrative.get(c, ""))
    report.narrative = {c: narrative.get(c, "").strip() for c in sorted(known)}
    report.save(update_fields=["narrative", "version"])
    audit_record(actor=actor, action="monitoring.report_write", obj=report, fields=changed)
    return report


@transaction.atomic
def report_finalise(*, actor: User, report: YearlyReport, expected_version: int) -> YearlyReport:
    """Adopt the report: make the PDF from the figures as they are now and keep it."""
    areas, area = area_of(actor, report)
    _require_writer(actor, area)
    _claim(report, expected_version)
    now = timezone.now()
    data = report_data(areas, area, report.year, report.narrative, final=True)
    pdf = render_pdf(data, now)
    report.state = ReportState.FINAL
    report.finalised_at = now
    report.finalised_by = actor
    report.data = data
    report.pdf = pdf
    report.sha256 = sha256(pdf)
    report.save()
    audit_record(
        actor=actor,
        action="monitoring.report_finalise",
        obj=report,
        extra={"year": report.year, "sha256": report.sha256},
    )
    return report
