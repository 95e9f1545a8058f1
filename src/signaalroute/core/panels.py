"""Sections that a higher room adds to a page of a lower one.

The home page belongs to `accounts` and the signal page to `workflow`, yet what they show of the
route and of referrals is read by the rooms above them (`workflow`, `partners`). Each page names
its sections' providers through the setting ``SIGNAALROUTE_PAGE_PANELS`` (page → dotted paths to
functions), the way the audit chain finds its actor describer: nothing is imported upwards and
nothing is registered at start-up. A provider reads through its own room's scoped selectors and
returns a `Panel`, or None when it has nothing for this user.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Panel:
    """A section of a page: the template fragment and what it shows. The page includes the
    fragment with ``panel`` in its context (the fragment reads ``panel.context``)."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


PanelProvider = Callable[..., Panel | None]


def panel_providers(page: str) -> list[PanelProvider]:
    """The providers named for `page`, in the order the setting gives them."""
    paths: Mapping[str, list[str]] = getattr(settings, "SIGNAALROUTE_PAGE_PANELS", {})
    return [import_string(path) for path in paths.get(page, ())]


def panels_for(page: str, request: HttpRequest, **objects: Any) -> list[Panel]:
    """The sections for `page` as this request's user sees them; `objects` are what the page
    is about (the signal page passes ``signal``)."""
    panels = []
    for provider in panel_providers(page):
        panel = provider(request, **objects)
        if panel is not None:
            panels.append(panel)
    return panels
