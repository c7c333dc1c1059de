"""Security headers on every HTTP response (pages, assets, API).

The CSP allows inline scripts and styles because the compiled React app and its CSS-in-JS
need them; it forbids ``eval``, framing, plugins, foreign origins, and form posts elsewhere.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from convenience_center.settings import get_settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _policy() -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        # 'self' covers the site's own websocket (ws:// and wss:// of the same host and port,
        # CSP Level 3); a script can no longer open a socket to any other host.
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def security_headers(app: ASGIApp) -> ASGIApp:
    """Wrap an ASGI app so that every HTTP response carries the security headers."""
    headers = [
        (b"content-security-policy", _policy().encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"x-frame-options", b"DENY"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if get_settings().cookie_secure:
        headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = list(message.get("headers", []))
                present = {k.lower() for k, _ in existing}
                # A response that sets its own policy (e.g. the sandbox of uploaded files)
                # keeps it; every other response gets the site's.
                message["headers"] = existing + [(k, v) for k, v in headers if k not in present]
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped
