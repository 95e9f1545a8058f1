"""Partner views are split by concern; this module only gathers their URL patterns."""

from __future__ import annotations

from .directory_views import directory_urlpatterns
from .referral_views import referral_urlpatterns
from .routing_views import routing_urlpatterns

__all__ = ["directory_urlpatterns", "referral_urlpatterns", "routing_urlpatterns"]
