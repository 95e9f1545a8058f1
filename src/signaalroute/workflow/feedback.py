"""Templates for feedback to the reporter (step 6). No confidential partner details: what was
done in general terms (seed 003_7eb11e2830c5e158.txt §8.1: reporters rarely hear back)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

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
