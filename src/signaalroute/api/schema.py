"""The OpenAPI schema tells the truth about errors: every operation lists the problem+json
answers it can give, besides our authentication classes (drf-spectacular extensions)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ProblemSerializer(serializers.Serializer):
    """application/problem+json (RFC 9457), as api.problems renders every error."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    code = serializers.CharField(required=False)
    detail = serializers.CharField(required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        # "errors" (the fields that are not valid) would shadow Serializer.errors as a class
        # attribute, so it is added here.
        fields = super().get_fields()
        fields["errors"] = serializers.DictField(required=False)
        return fields


_PROBLEMS = {
    "400": "The request or one of its fields is not valid.",
    "401": "Not authenticated.",
    "403": "No access.",
    "404": "Not found, or not in your scope.",
    "409": "A conflict: someone changed it in the meantime, or the step is not possible now.",
}


class ProblemAutoSchema(AutoSchema):
    """Adds the problem answers an operation can give: 401, 403 and 404 everywhere; 400 for
    lists (their paging) and writes; 409 for writes."""

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)  # type: ignore[arg-type]
        codes = ["401", "403", "404"]
        if self.method != "GET" or self._is_list_view():
            codes.append("400")
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            codes.append("409")
        for code in codes:
            if code not in responses:
                body = self._get_response_for_code(
                    ProblemSerializer, code, media_types=["application/problem+json"]
                )
                body["description"] = _PROBLEMS[code]
                responses[code] = body
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "signaalroute.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <prefix>.<secret>`, issued to a partner system by a functional administrator.",
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "signaalroute.api.authentication.VerifiedSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        from django.conf import settings

        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
