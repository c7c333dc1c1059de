"""What every endpoint of ``web/`` reads from a request the same way: the caller's address,
the person its session cookie names, and the answer that no cache may keep."""

from __future__ import annotations

from typing import TypeVar

from starlette.requests import Request
from starlette.responses import Response

from convenience_center import db
from convenience_center.services import sessions
from convenience_center.services.common import CurrentUser
from convenience_center.settings import get_settings
from convenience_center.web.cookies import session_cookie_name


def client_ip(request: Request) -> str | None:
    """The caller's address (for the audit log and the sign-in throttle). Behind
    ``REFLEX_TRUSTED_PROXY_HOPS`` proxies, the address the outermost of them took the request
    from (that far back in ``X-Forwarded-For``), as Reflex takes it for the websocket; a
    header with fewer addresses than that is not believed."""
    hops = get_settings().trusted_proxy_hops
    if hops:
        forwarded = [part.strip() for part in
                     request.headers.get("x-forwarded-for", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.client.host if request.client else None


def user_of(request: Request) -> CurrentUser | None:
    """The person the request's session cookie names, or ``None`` (no cookie, or its session
    has ended). Database work: call it from a thread."""
    token = request.cookies.get(session_cookie_name())
    if not token:
        return None
    with db.session() as session:
        return sessions.resolve_session(session, token=token)


R = TypeVar("R", bound=Response)


def no_store(response: R) -> R:
    """Mark a response as one no cache may keep (sessions, personal documents)."""
    response.headers["Cache-Control"] = "no-store"
    return response
