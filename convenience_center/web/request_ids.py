"""An id for every HTTP request, in its log records and in its answer (``X-Request-ID``).

A proxy's ``X-Request-ID`` is kept when it is a short token of letters, digits, ``.``, ``_``
and ``-`` (so that one id follows the request through the proxy's log and ours); anything
else (missing, long, other characters that could forge log fields) is replaced by a fresh
random one. The websocket's events get ids of their own (``state/event_telemetry.py``).
"""

from __future__ import annotations

import re
import uuid

from convenience_center.logs import bind_request_id, unbind
from convenience_center.web.browser_binding import request_header
from convenience_center.web.headers import ASGIApp, Message, Receive, Scope, Send

HEADER = b"x-request-id"
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id_for(incoming: str) -> str:
    """The incoming id if it is a short safe token, else a new one."""
    return incoming if SAFE_ID.fullmatch(incoming) else uuid.uuid4().hex


def request_ids(app: ASGIApp) -> ASGIApp:
    """Wrap an ASGI app so that every HTTP request is named in the log and its answer."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        request_id = request_id_for(request_header(scope, HEADER))
        value = request_id.encode("ascii")

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *((k, v) for k, v in message.get("headers", []) if k.lower() != HEADER),
                    (HEADER, value)]
            await send(message)

        token = bind_request_id(request_id)
        try:
            await app(scope, receive, send_with_id)
        finally:
            unbind(token)

    return wrapped
