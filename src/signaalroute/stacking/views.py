"""Stacking views are split by concern; this module only gathers their URL patterns."""

from __future__ import annotations

from .stack_views import stack_urlpatterns

__all__ = ["stack_urlpatterns"]
