"""Partner views are split by concern; this module only gathers their URL patterns."""

from __future__ import annotations

from typing import Any

referral_urlpatterns: list[Any] = []
