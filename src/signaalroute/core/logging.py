"""Structured JSON log lines with the request id. Messages must never carry personal data."""

from __future__ import annotations

import datetime as dt
import json
import logging

from .context import request_id_var

# Extra attributes we pass on when a log call sets them; anything else is dropped so a
# careless `extra={...}` cannot leak a value into the log.
_ALLOWED_EXTRA = ("route", "method", "status", "duration_ms", "event", "code")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "ts": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        for key in _ALLOWED_EXTRA:
            if hasattr(record, key):
                payload[key] = getattr(record, key)
        if record.exc_info:
            # The exception type and where it happened; not its message (it may echo input).
            exc_type = record.exc_info[0]
            payload["exception"] = exc_type.__name__ if exc_type else ""
            tb = record.exc_info[2]
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            if tb is not None:
                payload["at"] = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}"
        return json.dumps(payload, ensure_ascii=False)
