"""Template filters for words users read: a rule's source by its document title."""

from __future__ import annotations

from django import template

from signaalroute.core.sources import cite

register = template.Library()


@register.filter(name="cite")
def cite_filter(source: str) -> str:
    """A rule's source by document title and section, never a file name (core/sources.py)."""
    return cite(str(source or ""))
