"""Template filters for words users read: a rule's source by its document title, dates."""

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
def iso_date(value: str) -> str:
    """A date kept as ISO text (e.g. in a referral's snapshot) as users read it: 28-11-2025."""
    try:
        return dt.date.fromisoformat(str(value or "")).strftime("%d-%m-%Y")
    except ValueError:
        return str(value or "")
