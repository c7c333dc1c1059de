"""Logging of the platform: one line per record, to standard error.

- By default a line for people: ``time LEVEL logger: message``.
- With ``CC_LOG_FORMAT=json``, one JSON object per line for a log collector: ``timestamp``
  (ISO 8601, UTC), ``level``, ``logger``, ``message``, ``pid``, the id of the Reflex event
  (``event_id``) or HTTP request (``request_id``) being worked on when there is one, and
  ``exception`` (the traceback) when there is one. Chinese stays readable (no ``\\u`` escapes).
  The names are those of Reflex's own JSON lines (``REFLEX_LOG_JSON``, which ``cc-admin
  serve`` turns on with it for Reflex's and Granian's records), so one stream has one shape.

The id is a context variable: set where each event starts being processed
(``state/event_telemetry.py``: the event's transaction id, random and never sent to the
browser) and where each HTTP request comes in (``web/request_ids.py``). Neither is the tab's
token or anything secret; passwords, cookies and tokens are never passed to a logger.
"""

from __future__ import annotations

import json
import logging
import os
from contextvars import ContextVar, Token
from datetime import UTC, datetime

FORMAT_VARIABLE = "CC_LOG_FORMAT"
HUMAN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# ("event_id" or "request_id", the id) of the work this task is doing.
_work_id: ContextVar[tuple[str, str] | None] = ContextVar("cc_work_id", default=None)


def bind_event_id(event_id: str) -> Token[tuple[str, str] | None]:
    """Name the Reflex event this task works on in its log records."""
    return _work_id.set(("event_id", event_id))


def bind_request_id(request_id: str) -> Token[tuple[str, str] | None]:
    """Name the HTTP request this task works on in its log records."""
    return _work_id.set(("request_id", request_id))


def unbind(token: Token[tuple[str, str] | None]) -> None:
    """Forget the id bound by ``token`` (the task's previous one applies again)."""
    _work_id.reset(token)


def current_work_id() -> tuple[str, str] | None:
    """The kind and value of the id bound in this context, if any."""
    return _work_id.get()


class JsonFormatter(logging.Formatter):
    """One JSON object per record (see the module's docstring)."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "timestamp": datetime.fromtimestamp(record.created, tz=UTC)
            .isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        work = _work_id.get()
        if work is not None:
            payload[work[0]] = work[1]
        if record.exc_info and record.exc_info[0] is not None:
            payload["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            payload["exception"] = record.exc_text
        if record.stack_info:
            payload["stack"] = self.formatStack(record.stack_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


def json_format_requested() -> bool:
    """Whether ``CC_LOG_FORMAT`` asks for JSON lines."""
    return os.environ.get(FORMAT_VARIABLE, "").strip().lower() == "json"


def platform_formatter() -> logging.Formatter:
    """The formatter ``CC_LOG_FORMAT`` asks for."""
    return JsonFormatter() if json_format_requested() else logging.Formatter(HUMAN_FORMAT)


def configure_logging(level: int = logging.INFO) -> None:
    """Send the platform's own log records to stderr (idempotent)."""
    logger = logging.getLogger("convenience_center")
    if logger.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(platform_formatter())
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
