"""Templates for feedback to the reporter (step 6). No confidential partner details: what was
done in general terms (seed 003_7eb11e2830c5e158.txt §8.1: reporters rarely hear back).

The reporter reads the feedback in the language of the report (`Signal.language`): a template
is written out in that language when this project has a translation for it, else in English,
the language every msgid is written in."""

from __future__ import annotations

import gettext as gettext_module
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from signaalroute.signals.models import ReportLanguage

FEEDBACK_TEMPLATES: dict[str, tuple[Any, Any]] = {
    "routed": (
        _("Passed on to a partner"),
        _(
            "Thank you for your report. We have looked at it and passed it on to the organisation "
            "that can act on it. For privacy reasons we cannot tell you more. Do you see new "
            "signs? Please report them again."
        ),
    ),
    "care": (
        _("Care is being arranged"),
        _(
            "Thank you for your report. We have asked the care coordinator to look at what help "
            "is needed. For privacy reasons we cannot tell you more."
        ),
    ),
    "kept": (
        _("Kept for later signals"),
        _(
            "Thank you for your report. On its own it is not enough to act on now. We keep it, so "
            "that it can be combined with other signals. Do you see new signs? Please report them."
        ),
    ),
    "no_indication": (
        _("No indication of trafficking"),
        _(
            "Thank you for your report. We have looked at it carefully and found no indication of "
            "human trafficking. Keep reporting when something does not feel right."
        ),
    ),
}

# The language every msgid is written in: what a reporter gets when their own is not translated.
FALLBACK_LANGUAGE = ReportLanguage.ENGLISH


@cache
def _translated(language: str) -> bool:
    """Whether this project ships a catalogue for `language` that translates the feedback
    templates (Django's own catalogues, which cover far more languages, do not count: they hold
    none of these texts; nor does one of ours that translates only other pages)."""
    if not any(
        gettext_module.find("django", str(path), [language]) is not None
        for path in settings.LOCALE_PATHS
    ):
        return False
    with translation.override(FALLBACK_LANGUAGE):
        written = [str(text) for _label, text in FEEDBACK_TEMPLATES.values()]
    with translation.override(language):
        return all(
            str(text) != english
            for (_label, text), english in zip(FEEDBACK_TEMPLATES.values(), written, strict=True)
        )


def feedback_language(report_language: str) -> str:
    """The language the reporter's feedback is written in: the report's, when translated."""
    if report_language == FALLBACK_LANGUAGE or not _translated(report_language):
        return FALLBACK_LANGUAGE
    return report_language


def feedback_language_label(language: str) -> str:
    """The name of a language, in the language now active (the officer's)."""
    return str(ReportLanguage(language).label) if language in ReportLanguage.values else language


def feedback_text(key: str, language: str) -> str:
    """A template's text exactly as it goes to the reporter of a report in `language` (in
    English when that language is not translated: never in the officer's Dutch)."""
    with translation.override(feedback_language(language)):
        return str(FEEDBACK_TEMPLATES[key][1])


@dataclass(frozen=True)
class FeedbackTemplate:
    key: str
    label: str  # in the officer's language
    text: str  # in the reporter's language


def feedback_templates(language: str) -> list[FeedbackTemplate]:
    return [
        FeedbackTemplate(key, str(label), feedback_text(key, language))
        for key, (label, _text) in FEEDBACK_TEMPLATES.items()
    ]
