"""Pagination with bounds: a client cannot ask for a page that would overflow the database."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

# More than this many rows per page, or an offset past this, is refused or cut back: every list
# the API serves is a scoped, ordinary-sized one (referrals, organisations, audit entries).
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_offset(self, request: Request) -> int:
        raw: Any = request.query_params.get(self.offset_query_param)
        if raw not in (None, ""):
            try:
                value = int(raw)
            except (TypeError, ValueError):
                value = -1
            if value < 0 or value > MAX_OFFSET:
                raise ValidationError(
                    {
                        self.offset_query_param: [
                            _("Give an offset from 0 to %(max)s.") % {"max": MAX_OFFSET}
                        ]
                    }
                )
        return super().get_offset(request)

    def get_limit(self, request: Request) -> int | None:
        raw: Any = request.query_params.get(self.limit_query_param)
        if raw not in (None, ""):
            try:
                value = int(raw)
            except (TypeError, ValueError):
                value = 0
            if value < 1 or value > MAX_LIMIT:
                raise ValidationError(
                    {
                        self.limit_query_param: [
                            _("Give a limit from 1 to %(max)s.") % {"max": MAX_LIMIT}
                        ]
                    }
                )
        return super().get_limit(request)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """The bounds in the schema too, so a client (and the fuzzer) knows them."""
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": MAX_LIMIT},
            self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
