"""Advice questions (adviesvragen) to the focal officer: asked, answered, or turned into a signal
(seed 000_a1f13d5d9f6634fb.txt §2.6)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalroute.accounts.models import Organisation, User
from signaalroute.audit.services import audit_record
from signaalroute.signals.models import (
    Channel,
    Signal,
)

from .inputs import ReporterInput, SignalInput
from .models import AdviceQuestion, AdviceStatus
from .selectors import submit_municipalities
from .services import files_removed_on_error, signal_create


@transaction.atomic
def advice_question_ask(
    *, actor: User, municipality: Organisation, question: str
) -> AdviceQuestion:
    """Way in 4: an advice question (adviesvraag) to the focal officer."""
    if not submit_municipalities(actor).filter(pk=municipality.pk).exists():
        raise ValidationError({"municipality": _("You cannot ask this municipality.")})
    advice = AdviceQuestion(municipality=municipality, asked_by=actor, question=question.strip())
    advice.full_clean()
    advice.save()
    audit_record(
        actor=actor,
        action="advice.ask",
        obj=advice,
        organisation_id=municipality.pk,
        fields=["question"],
    )
    return advice


@transaction.atomic
def advice_question_answer(*, actor: User, advice: AdviceQuestion, answer: str) -> AdviceQuestion:
    if not answer.strip():
        raise ValidationError({"answer": _("Write an answer.")})
    advice.answer = answer.strip()
    advice.answered_by = actor
    advice.answered_at = timezone.now()
    if advice.status == AdviceStatus.OPEN:
        advice.status = AdviceStatus.ANSWERED
    advice.full_clean()
    advice.save()
    audit_record(actor=actor, action="advice.answer", obj=advice, fields=["answer"])
    return advice


def advice_question_convert(*, actor: User, advice: AdviceQuestion, data: SignalInput) -> Signal:
    """Turn an advice question into a signal; the asker becomes its reporter."""
    if advice.status == AdviceStatus.CONVERTED:
        raise ValidationError(_("This advice question is already a signal."))
    with files_removed_on_error() as written:
        asker = advice.asked_by
        signal = signal_create(
            actor=actor,
            municipality=advice.municipality,
            channel=Channel.ADVICE,
            data=data,
            reporter=ReporterInput(
                user=asker,
                name=asker.get_full_name() if asker else "",
                email=asker.email if asker else "",
            ),
            written=written,
        )
        advice.status = AdviceStatus.CONVERTED
        advice.signal = signal
        advice.save(update_fields=["status", "signal"])
        audit_record(actor=actor, action="advice.convert", obj=advice, fields=["status", "signal"])
        return signal
