"""Template filters for words users read: a rule's source by its document title, a date kept
as text in Dutch order."""

from __future__ import annotations

import datetime as dt

from django import template

from signaalroute.core.sources import cite

register = template.Library()


@register.filter(name="cite")
def cite_filter(source: str) -> str:
    """A rule's source by document title and section, never a file name (core/sources.py)."""
    return cite(str(source or ""))


@register.filter(name="iso_date")
def iso_date_filter(value: object) -> str:
    """A date kept as ISO text (a referral's frozen snapshot holds it so) as users read it:
    28-11-2025. Anything else is shown as it is."""
    text = str(value or "")
    try:
        return dt.date.fromisoformat(text).strftime("%d-%m-%Y")
    except ValueError:
        return text
