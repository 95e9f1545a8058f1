"""Partner views are split by concern; this module only gathers their URL patterns."""

from __future__ import annotations

from signaalroute.partners.directory.views import directory_urlpatterns
from signaalroute.partners.referrals.views import referral_urlpatterns
from signaalroute.partners.routing.views import routing_urlpatterns

__all__ = ["directory_urlpatterns", "referral_urlpatterns", "routing_urlpatterns"]
