"""Per-request context (request id, client address) for logs and audit entries."""

from __future__ import annotations

from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
client_address_var: ContextVar[str] = ContextVar("client_address", default="")
