"""``/auth/establish`` turns a checked sign-in into the HttpOnly session cookie;
``/auth/signout`` ends the session and removes it.

The session token never travels over the websocket: the Reflex handler that checks the
password hands the browser a single-use code valid for a minute, and the browser exchanges it
here, in a normal HTTP request, for a ``Set-Cookie`` it cannot read from JavaScript.
"""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from convenience_center import db
from convenience_center.domain.roles import ABSOLUTE_HOURS
from convenience_center.services import sessions
from convenience_center.settings import get_settings
from convenience_center.web.cookies import reset_cookie_name, session_cookie_name


def _no_store(response: RedirectResponse) -> RedirectResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


def _client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


async def establish(request: Request) -> RedirectResponse:
    """Exchange the handoff code for a session cookie, then go where the user was going."""
    code = request.query_params.get("code", "")

    def run() -> sessions.EstablishedSession | None:
        with db.session() as session:
            return sessions.consume_handoff(session, code=code, ip=_client_ip(request),
                                            user_agent=request.headers.get("user-agent"))

    result = await asyncio.to_thread(run) if code else None
    if result is None:
        return _no_store(RedirectResponse("/login?expired=1", status_code=303))
    if result.client_token:
        await _forget_handoff(result.client_token)
    response = RedirectResponse(result.next_path, status_code=303)
    response.set_cookie(session_cookie_name(), result.token, max_age=ABSOLUTE_HOURS * 3600,
                        path="/", httponly=True, samesite="lax",
                        secure=get_settings().cookie_secure)
    return _no_store(response)


async def _forget_handoff(client_token: str) -> None:
    # Imported here: the app module imports this one to mount the routes.
    from convenience_center.convenience_center import app
    from convenience_center.state.base import forget_handoff

    await forget_handoff(app, client_token)


async def signout(request: Request) -> RedirectResponse:
    """End the session of this browser and remove its cookie."""
    token = request.cookies.get(session_cookie_name())

    def run() -> None:
        with db.session() as session:
            sessions.end_session(session, token=token or "", reason="logout")

    if token:
        await asyncio.to_thread(run)
    response = RedirectResponse("/?signed_out=1", status_code=303)
    response.delete_cookie(session_cookie_name(), path="/", httponly=True, samesite="lax",
                           secure=get_settings().cookie_secure)
    return _no_store(response)


async def open_reset_link(request: Request) -> RedirectResponse:
    """The e-mailed reset link: keep its token in an HttpOnly cookie, not in the address bar.

    The reset page then reads the token on the server from the websocket handshake, so the
    token never appears in the page address, its history, a referrer or a websocket frame.
    """
    token = request.query_params.get("token", "")[:200]
    response = RedirectResponse("/reset-password", status_code=303)
    if token:
        response.set_cookie(reset_cookie_name(), token, max_age=3600, path="/", httponly=True,
                            samesite="lax", secure=get_settings().cookie_secure)
    return _no_store(response)


def build_routes() -> Starlette:
    """The Starlette app mounted in front of Reflex's own routes."""
    return Starlette(routes=[
        Route("/auth/establish", establish, methods=["GET"]),
        Route("/auth/signout", signout, methods=["GET"]),
        Route("/auth/reset", open_reset_link, methods=["GET"]),
    ])
