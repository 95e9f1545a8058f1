"""Every write of the intake: the four ways in (internal, public, registered, advice question),
attachments and additions by the reporter. One transaction each, audited with the actor."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.audit.services import audit_record
from signaalroute.signals.classification import classification_clean
from signaalroute.signals.indicators import load_catalogue, validate_codes
from signaalroute.signals.models import (
    Attachment,
    Channel,
    EventKind,
    ReporterIdentity,
    ReportLanguage,
    Signal,
)
from signaalroute.signals.selectors import may_handle
from signaalroute.signals.services import event_add, subject_add
from signaalroute.signals.states import State
from signaalroute.stacking.services import details_clean, signal_restack
from signaalroute.workflow.assignment_services import assignment_propose
from signaalroute.workflow.notifications import notify_acute
from signaalroute.workflow.selectors import route_settings_for
from signaalroute.workflow.services import state_enter

from .files import CheckedFile
from .inputs import ReporterInput, SignalInput
from .models import PublicReceipt
from .selectors import submit_municipalities, team_coordinators_for

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _code(groups: int, size: int = 4) -> str:
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(size)) for _ in range(groups))


def _normalise_postcode(value: str) -> str:
    return value.replace(" ", "").upper()


def _filled_fields(data: SignalInput) -> list[str]:
    names = [
        name for name, value in vars(data).items() if value not in ("", None, [], "unknown", False)
    ]
    if any(subject.details for subject in data.subjects):
        names.append("subjects.details")
    return sorted(set(names) - {"subjects"})


def signal_create(
    *,
    actor: User | None,
    municipality: Organisation,
    channel: str,
    data: SignalInput,
    reporter: ReporterInput,
    files: Sequence[CheckedFile] = (),
    written: list[str],
    team_coordinator: User | None = None,
    submission_key: uuid.UUID | None = None,
    language: str = ReportLanguage.DUTCH,
) -> Signal:
    if data.observed_on and data.observed_on > timezone.localdate():
        raise ValidationError({"observed_on": _("The date cannot be in the future.")})
    catalogue = load_catalogue()
    unknown = validate_codes(data.indicator_codes, catalogue.version)
    if unknown:
        raise ValidationError({"indicator_codes": _("Unknown indicator.")})
    about = classification_clean(
        vulnerable_groups=data.vulnerable_groups, sector=data.sector, migration=""
    )
    now = timezone.now()
    signal = Signal(
        reference=f"SR-{_code(2)}",
        municipality=municipality,
        channel=channel,
        state=State.RECEIVED,
        state_changed_at=now,
        submission_key=submission_key,
        language=language,
        description=data.description.strip(),
        observed_on=data.observed_on,
        location_kind=data.location_kind,
        postcode=_normalise_postcode(data.postcode),
        house_number=data.house_number,
        house_number_addition=data.house_number_addition.strip(),
        place_description=data.place_description.strip(),
        online_location=data.online_location.strip(),
        capacity=data.capacity,
        forms=sorted(set(data.forms)),
        minors=data.minors,
        acute=data.acute,
        indicator_codes=sorted(set(data.indicator_codes)),
        catalogue_version=catalogue.version,
        team_coordinator=team_coordinator,
        **about,
    )
    signal.full_clean(exclude=["reference", "state_changed_at"])
    signal.save()
    for subject in data.subjects:
        subject_add(
            signal=signal,
            kind=subject.kind,
            role=subject.role,
            description=subject.description,
            details=details_clean(subject.kind, subject.details) if subject.details else {},
        )
    # The domain (safety, care or both) and owner, proposed from the subjects (seed 004 §5.1).
    assignment_propose(signal=signal)
    identity = ReporterIdentity(
        signal=signal,
        user=reporter.user,
        name="" if reporter.anonymous else reporter.name.strip(),
        email="" if reporter.anonymous else reporter.email.strip(),
        phone="" if reporter.anonymous else reporter.phone.strip(),
        organisation="" if reporter.anonymous else reporter.organisation.strip(),
        anonymous=reporter.anonymous,
    )
    identity.full_clean()
    identity.save()
    _store_files(signal, files, written)
    first_state = (
        State.WITH_TEAM_COORDINATOR
        if team_coordinator is not None and not data.acute
        else State.RECEIVED
    )
    state_enter(signal=signal, state=first_state, now=now)
    event_add(
        signal=signal,
        actor=actor,
        kind=EventKind.SUBMITTED,
        to_state=first_state,
        data={"channel": channel, "files": len(files)},
    )
    audit_record(
        actor=actor,
        action="signal.submit",
        obj=signal,
        organisation_id=municipality.pk,
        fields=_filled_fields(data),
        extra={"channel": channel, "acute": data.acute},
    )
    # Stacking: match the new signal's subjects and address at once (same transaction).

    signal_restack(signal=signal)
    if data.acute:
        transaction.on_commit(lambda: notify_acute(signal_id=signal.pk))
    return signal


def _store_files(signal: Signal, files: Sequence[CheckedFile], written: list[str]) -> None:
    for checked in files:
        attachment = Attachment(
            signal=signal,
            original_name=checked.name,
            content_type=checked.content_type,
            size=len(checked.data),
            sha256=checked.sha256,
        )
        attachment.full_clean()
        attachment.save()
        written.append(default_storage.save(attachment.storage_name, ContentFile(checked.data)))


@contextmanager
def files_removed_on_error() -> Iterator[list[str]]:
    """Files are not transactional: remove what was written when the transaction fails.
    (A file orphaned by a rollback further out has no row and can never be served.)"""
    written: list[str] = []
    try:
        with transaction.atomic():
            yield written
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def signal_submit_internal(
    *,
    reporter: User,
    municipality: Organisation,
    data: SignalInput,
    team_coordinator: User | None = None,
    files: Sequence[CheckedFile] = (),
    submission_key: uuid.UUID | None = None,
) -> Signal:
    """Way in 1: an employee reports; step 1 goes through the chosen team coordinator.

    Idempotent on `submission_key`: a repeated submit of the same form returns the signal the
    first one made (a double click or a retry after a lost connection makes no second signal).
    """
    if submission_key is not None:
        earlier = Signal.objects.filter(
            submission_key=submission_key, reporter__user=reporter
        ).first()
        if earlier is not None:
            return earlier

    if not submit_municipalities(reporter).filter(pk=municipality.pk).exists():
        raise ValidationError({"municipality": _("You cannot report to this municipality.")})
    if (
        team_coordinator is not None
        and not team_coordinators_for(reporter).filter(pk=team_coordinator.pk).exists()
    ):
        raise ValidationError(
            {"team_coordinator": _("Choose a team coordinator of your municipality.")}
        )

    if (
        team_coordinator is None
        and route_settings_for(municipality).team_coordinator_step_required
        and team_coordinators_for(reporter).exists()  # a team without one reports directly
    ):
        raise ValidationError(
            {
                "team_coordinator": _(
                    "Your municipality asks you to discuss the signal with your team coordinator first. Choose your team coordinator."
                )
            }
        )
    with files_removed_on_error() as written:
        return signal_create(
            actor=reporter,
            municipality=municipality,
            channel=Channel.INTERNAL,
            data=data,
            reporter=ReporterInput(
                user=reporter, name=reporter.get_full_name(), email=reporter.email
            ),
            files=files,
            written=written,
            team_coordinator=team_coordinator,
            submission_key=submission_key,
        )


def signal_register(
    *,
    actor: User,
    municipality: Organisation,
    channel: str,
    data: SignalInput,
    reporter: ReporterInput,
    files: Sequence[CheckedFile] = (),
) -> Signal:
    """Way in 3: the focal officer records a signal that came by phone, e-mail or MMA."""

    if channel not in (Channel.PHONE, Channel.EMAIL, Channel.MMA):
        raise ValidationError({"channel": _("Choose telephone, e-mail or Meld Misdaad Anoniem.")})
    if not may_handle(actor, municipality):
        raise ValidationError(
            {"municipality": _("You cannot register signals for this municipality.")}
        )
    if channel == Channel.MMA:
        reporter = ReporterInput(anonymous=True)  # MMA reports are anonymous by design
    with files_removed_on_error() as written:
        return signal_create(
            actor=actor,
            municipality=municipality,
            channel=channel,
            data=data,
            reporter=reporter,
            files=files,
            written=written,
        )


@dataclass(frozen=True)
class PublicSubmission:
    signal: Signal
    receipt_code: str
    receipt_secret: str  # only known at this moment; stored hashed


def signal_submit_public(
    *,
    municipality: Organisation,
    data: SignalInput,
    reporter: ReporterInput,
    submission_key: uuid.UUID,
    files: Sequence[CheckedFile] = (),
    language: str = ReportLanguage.DUTCH,
) -> PublicSubmission | None:
    """Way in 2: the public form. Idempotent on `submission_key`: a second submit of the same
    form (double click, retry after a lost connection) creates nothing and returns None.
    `language` is the form's language: the feedback to the reporter is written in it."""
    if Signal.objects.filter(submission_key=submission_key).exists():
        return None
    secret = _code(4)
    try:
        with files_removed_on_error() as written:
            signal = signal_create(
                actor=None,
                municipality=municipality,
                channel=Channel.PUBLIC,
                data=data,
                reporter=reporter,
                files=files,
                written=written,
                submission_key=submission_key,
                language=language,
            )
            receipt = PublicReceipt(signal=signal, code=_code(3), secret_hash=make_password(secret))
            receipt.save()
    except IntegrityError:
        if Signal.objects.filter(submission_key=submission_key).exists():
            return None  # the same form won a race with itself
        raise
    return PublicSubmission(signal, receipt.code, secret)


def receipt_code_canonical(text: str) -> str:
    """A receipt code or secret as issued (groups of four, upper case, dashes), whatever way
    the reporter typed it: "abcd efgh", "ABCDEFGH" and "abcd-efgh" are the same code."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def receipt_open(*, code: str, secret: str) -> Signal | None:
    """The reporter's key to their public report. Wrong secrets are counted and audited."""
    receipt = (
        PublicReceipt.objects.select_related("signal")
        .filter(code=receipt_code_canonical(code))
        .first()
    )
    if receipt is None:
        audit_record(actor=None, action="receipt.open", outcome="failed")
        return None
    if receipt.failed_attempts >= RECEIPT_MAX_FAILURES or not check_password(
        receipt_code_canonical(secret), receipt.secret_hash
    ):
        PublicReceipt.objects.filter(pk=receipt.pk).update(
            failed_attempts=receipt.failed_attempts + 1
        )
        audit_record(actor=None, action="receipt.open", obj=receipt.signal, outcome="failed")
        return None
    audit_record(actor=None, action="receipt.open", obj=receipt.signal)
    return receipt.signal


RECEIPT_MAX_FAILURES = 10


def reporter_addition(
    *, signal: Signal, text: str, files: Sequence[CheckedFile] = (), user: User | None = None
) -> None:
    """The reporter adds information later (public: with the receipt; internal: logged in)."""
    if not text.strip() and not files:
        raise ValidationError({"text": _("Write what you want to add, or add a file.")})
    with files_removed_on_error() as written:
        _store_files(signal, files, written)
        event_add(
            signal=signal,
            actor=user,
            kind=EventKind.REPORTER_ADDITION,
            text=text.strip(),
            data={"files": len(files)},
        )
        audit_record(
            actor=user,
            action="signal.reporter_addition",
            obj=signal,
            organisation_id=signal.municipality_id,
            fields=["text"] if text.strip() else [],
        )
        if text.strip():
            signal_restack(signal=signal)  # what the reporter added is read for identifiers too
