"""Retention and destruction (bewaren en vernietigen): the rules of ``data/retention.json``
with each municipality's own months, a run that anonymises what has expired (a dry run only
counts), legal holds that stop it, and a destruction record per rule and run.

Anonymising a signal removes what identifies anyone — the description and place, the subjects
and their traces, attachments, the reporter's identity, the free text of the timeline and of
referrals — and keeps what is counted, so the figures and yearly reports stay right. Closed
care trajectories, closed approach cases and held meetings follow the same run
(``retention_records``). Each record is done in its own transaction: a run broken off halfway
leaves every record whole or done, and the next run goes on where it stopped.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import holds_in
from signaalroute.audit.services import audit_record
from signaalroute.intake.models import AdviceQuestion, PublicReceipt
from signaalroute.partners.referrals.models import Referral
from signaalroute.signals.models import Channel, ReporterIdentity, Signal, SignalEvent
from signaalroute.signals.states import State
from signaalroute.stacking.models import FoundIdentifier
from signaalroute.stacking.services import signal_restack
from signaalroute.workflow.models import Task

from .models import Anonymised, DestructionRecord, LegalHold, RetentionSetting
from .retention_index import INSTALLATION_KINDS, apply_index, expired_index, installation_months
from .retention_index import KINDS as INDEX_KINDS
from .retention_records import KINDS, REFERRAL_BLANK, anonymise_record, expired_records
from .retention_table import table

BATCH = 200
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    applies_to: str
    months: int | None  # this municipality's, else the default
    action: str
    source: str
    after: str  # the moment the months count from
    scope: str = "municipality"  # or "installation": one period for all (the audit log)
    selectielijst: str = ""  # the proposed process type of the Selectielijst 2020


def rules_for(municipality: Organisation) -> list[Rule]:
    own = {s.code: s.months for s in RetentionSetting.objects.filter(municipality=municipality)}
    return [
        Rule(
            r["code"],
            r["label"],
            r["applies_to"],
            own.get(r["code"], r["months"]),
            r["action"],
            r["source"],
            r["after"],
            r.get("scope", "municipality"),
            r.get("selectielijst", ""),
        )
        for r in table()
    ]


def installation_rules() -> list[Rule]:
    """The rules that are one for the installation, with the months that apply to all."""
    return [
        Rule(
            r["code"],
            r["label"],
            r["applies_to"],
            installation_months(r["code"], r["months"]),
            r["action"],
            r["source"],
            r["after"],
            "installation",
            r.get("selectielijst", ""),
        )
        for r in table()
        if r.get("scope") == "installation"
    ]


def _months_ago(months: int, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=round(months * 30.44))


def expired(rule: Rule, municipality: Organisation, now: dt.datetime) -> QuerySet[Any]:
    """The records this rule applies to now (ended long enough ago, not held, not done)."""
    assert rule.months is not None
    if rule.applies_to in INDEX_KINDS:
        return expired_index(
            rule.applies_to, rule.code, municipality, _months_ago(rule.months, now)
        )
    if rule.applies_to in KINDS:
        before = timezone.localdate(_months_ago(rule.months, now))
        return expired_records(rule.applies_to, rule.code, municipality, before)
    done = Anonymised.objects.filter(code=rule.code).values("signal_id")
    closed = Signal.objects.filter(  # a merged signal is closed into another: it goes too
        municipality=municipality,
        state__in=(State.CLOSED, State.MERGED),
        state_changed_at__lt=_months_ago(rule.months, now),
        legal_hold__isnull=True,
    ).exclude(pk__in=done)
    if rule.code == "public_reporter_contact":
        return closed.filter(channel=Channel.PUBLIC)
    with_referral = Referral.objects.values("signal_id")
    if rule.code == "signal_with_referral":
        return closed.filter(pk__in=with_referral)
    return closed.exclude(pk__in=with_referral)


def pending_counts(municipality: Organisation) -> list[tuple[Rule, int]]:
    """What a run would do now, per rule with months (nothing is written)."""
    now = timezone.now()
    return [
        (rule, expired(rule, municipality, now).count())
        for rule in rules_for(municipality)
        if rule.months is not None and rule.scope != "installation"
    ]


def _blank_reporter(signal: Signal) -> None:
    ReporterIdentity.objects.filter(signal=signal).update(
        user=None, name="", email="", phone="", organisation="", anonymous=True
    )


def _delete_files(names: list[str]) -> None:
    """After the commit: a file goes only once its record is gone for good."""
    for name in names:
        default_storage.delete(name)


def _anonymise_signal(signal: Signal) -> None:
    _blank_reporter(signal)
    names = [a.storage_name for a in signal.attachments.all()]
    transaction.on_commit(lambda: _delete_files(names))
    signal.attachments.all().delete()
    PublicReceipt.objects.filter(signal=signal).delete()  # no more additions from outside
    AdviceQuestion.objects.filter(signal=signal).update(question="", answer="")
    Task.objects.filter(signal=signal).update(title="")
    signal.subjects.all().delete()
    FoundIdentifier.objects.filter(signal=signal).delete()
    SignalEvent.objects.filter(signal=signal).update(text="")
    Referral.objects.filter(signal=signal).update(**REFERRAL_BLANK)
    Signal.objects.filter(pk=signal.pk).update(
        description="",
        postcode="",
        house_number=None,
        house_number_addition="",
        place_description="",
        online_location="",
    )
    signal.refresh_from_db()
    signal_restack(signal=signal)  # no subjects: no traces, no candidates, no hit digests


def _apply(rule: Rule, record: Any) -> None:
    """One record, whole or not at all."""
    with transaction.atomic():
        if rule.applies_to in INDEX_KINDS:
            apply_index(rule.applies_to, rule.code, record)
            return
        if rule.applies_to in KINDS:
            anonymise_record(rule.applies_to, rule.code, record)
            return
        if rule.action == "anonymise_reporter":
            _blank_reporter(record)
        else:
            _anonymise_signal(record)
        Anonymised.objects.create(signal=record, code=rule.code)


def retention_run(
    *, actor: User | None, municipality: Organisation, dry_run: bool, now: dt.datetime | None = None
) -> list[DestructionRecord]:
    """Apply every rule that has months; ``dry_run`` only counts. One record per rule."""
    if actor is not None and not holds_in(
        actor, Permission.KEEP_PROCESSING_REGISTER, municipality.pk
    ):
        raise PermissionDenied
    now = now or timezone.now()
    records = []
    for rule in rules_for(municipality):
        if rule.months is None or rule.scope == "installation":
            continue  # an installation-wide rule runs once: installation_retention_run
        count = 0
        failed: set[Any] = set()
        while not dry_run:
            batch = list(expired(rule, municipality, now).exclude(pk__in=failed)[:BATCH])
            if not batch:
                break
            for item in batch:
                try:
                    _apply(rule, item)
                except IntegrityError:  # another run did this one meanwhile
                    failed.add(item.pk)
                    continue
                except Exception:  # one broken record must not stop the rest
                    logger.exception("retention failed for a record", extra={"code": rule.code})
                    failed.add(item.pk)
                    continue
                count += 1
        if dry_run:
            count = expired(rule, municipality, now).count()
        record = DestructionRecord.objects.create(
            municipality=municipality,
            code=rule.code,
            rule=rule.label,
            months=rule.months,
            count=count,
            dry_run=dry_run,
            actor=actor,
        )
        audit_record(
            actor=actor,
            action="privacy.retention_dry_run" if dry_run else "privacy.retention_run",
            obj=record,
            organisation_id=municipality.pk,
            extra={"rule": rule.code, "count": count},
        )
        records.append(record)
    return records


def installation_retention_run(
    *, dry_run: bool, now: dt.datetime | None = None
) -> list[DestructionRecord]:
    """The installation-wide rules (the audit log), once per run of the scheduled job; a
    destruction record without a municipality each, shown to every privacy officer."""
    from .retention_index import audit_expired_count, audit_run

    now = now or timezone.now()
    records = []
    for rule in installation_rules():
        if rule.months is None:
            continue
        assert rule.applies_to in INSTALLATION_KINDS
        # A real run prunes in batches of its own (audit.prune), each a transaction.
        run = audit_expired_count if dry_run else audit_run
        count = run(rule.months, now)
        record = DestructionRecord.objects.create(
            municipality=None,
            code=rule.code,
            rule=rule.label,
            months=rule.months,
            count=count,
            dry_run=dry_run,
            actor=None,
        )
        audit_record(
            actor=None,
            action="privacy.retention_dry_run" if dry_run else "privacy.retention_run",
            obj=record,
            extra={"rule": rule.code, "count": count},
        )
        records.append(record)
    return records


@transaction.atomic
def retention_set(
    *, actor: User, municipality: Organisation, code: str, months: int | None
) -> RetentionSetting:
    if not holds_in(actor, Permission.KEEP_PROCESSING_REGISTER, municipality.pk):
        raise PermissionDenied
    rule = next((r for r in table() if r["code"] == code), None)
    if rule is None:
        raise ValidationError({"code": _("Unknown rule.")})
    least = int(rule.get("min_months", 1))
    if months is not None and not least <= months <= 1200:
        raise ValidationError(
            {
                "months": _("Give a number of months from %(least)s to 1200, or leave it empty.")
                % {"least": least}
            }
        )
    setting, _created = RetentionSetting.objects.update_or_create(
        municipality=municipality, code=code, defaults={"months": months}
    )
    audit_record(
        actor=actor,
        action="privacy.retention_set",
        obj=setting,
        organisation_id=municipality.pk,
        extra={"rule": code, "months": months},
    )
    return setting


@transaction.atomic
def legal_hold_place(*, actor: User, signal: Signal, reason: str) -> LegalHold:
    if not holds_in(actor, Permission.KEEP_PROCESSING_REGISTER, signal.municipality_id):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the hold.")})
    hold, _created = LegalHold.objects.get_or_create(
        signal=signal, defaults={"reason": reason.strip(), "placed_by": actor}
    )
    audit_record(
        actor=actor, action="privacy.legal_hold", obj=signal, organisation_id=signal.municipality_id
    )
    return hold


@transaction.atomic
def legal_hold_lift(*, actor: User, hold: LegalHold) -> None:
    """End a hold: from the next run on, the signal follows the retention table again."""
    if not holds_in(actor, Permission.KEEP_PROCESSING_REGISTER, hold.signal.municipality_id):
        raise PermissionDenied
    audit_record(
        actor=actor,
        action="privacy.legal_hold_lift",
        obj=hold.signal,
        organisation_id=hold.signal.municipality_id,
    )
    hold.delete()
