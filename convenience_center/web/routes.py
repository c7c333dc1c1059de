"""``/auth/establish`` turns a checked sign-in into the HttpOnly session cookie;
``/auth/signout`` ends the session and removes it.

The session token never travels over the websocket: the Reflex handler that checks the
password hands the browser a single-use code valid for a minute, and the browser exchanges it
here, in a normal HTTP request, for a ``Set-Cookie`` it cannot read from JavaScript.
``/auth/reset`` keeps an e-mailed reset link's token in a cookie. :func:`build_routes` mounts
these with the documents (web/document_routes.py), the statistics CSV and the language routes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from convenience_center import db
from convenience_center.services import sessions
from convenience_center.settings import get_settings
from convenience_center.web.browser_binding import is_cross_site
from convenience_center.web.cookies import (
    browser_cookie_name,
    reset_cookie_name,
    session_cookie_name,
)
from convenience_center.web.document_routes import DOCUMENT_ROUTES
from convenience_center.web.language import LANGUAGE_ROUTES
from convenience_center.web.requests import client_ip, no_store
from convenience_center.web.statistics_route import stats_csv

# Told the tab token of each completed sign-in.
SignedIn = Callable[[str], Awaitable[None]]


async def establish(request: Request, signed_in: SignedIn) -> Response:
    """Exchange the handoff code for a session cookie, then go where the user was going.

    Only for the browser that asked for the code, and never for a request another site
    started: see web/browser_binding.py. ``signed_in(client_token)`` is then told which tab
    the sign-in was made in (the app clears that tab's handoff, see ``build_routes``).
    """
    if is_cross_site(request.scope):
        return PlainTextResponse("Forbidden", status_code=403)
    code = request.query_params.get("code", "")
    browser_nonce = request.cookies.get(browser_cookie_name())

    def run() -> sessions.EstablishedSession | None:
        with db.session() as session:
            return sessions.consume_handoff(session, code=code, browser_nonce=browser_nonce,
                                            ip=client_ip(request),
                                            user_agent=request.headers.get("user-agent"))

    result = await asyncio.to_thread(run) if code else None
    if result is None:
        return no_store(RedirectResponse("/login?expired=1", status_code=303))
    if result.client_token:
        await signed_in(result.client_token)
    response = RedirectResponse(result.next_path, status_code=303)
    # A session cookie (no Max-Age): it goes when the browser closes. The 12-hour limit
    # (roles.ABSOLUTE_HOURS) and the idle timeout are kept by the server on the session row.
    response.set_cookie(session_cookie_name(), result.token, path="/", httponly=True,
                        samesite="lax", secure=get_settings().cookie_secure)
    return no_store(response)


async def signout(request: Request) -> Response:
    """End the session of this browser and remove its cookie.

    A POST from the site's own sign-out form, with the session's token
    (``sessions.signout_token``): another site can make a browser send a GET (a link, an
    image) or even a form POST, but it cannot know the token, and the browser says where the
    request came from (``Sec-Fetch-Site``, ``Origin``). A refused request changes nothing.
    """
    token = request.cookies.get(session_cookie_name())
    if is_cross_site(request.scope) or not _same_origin(request):
        return PlainTextResponse("Forbidden", status_code=403)
    if token:
        presented = (await request.form()).get("token", "")
        if not isinstance(presented, str) or not sessions.signout_token_matches(token,
                                                                                presented):
            return PlainTextResponse("Forbidden", status_code=403)

        def run() -> None:
            with db.session() as session:
                sessions.end_session(session, token=token, reason="logout")

        await asyncio.to_thread(run)
    response = RedirectResponse("/?signed_out=1", status_code=303)
    response.delete_cookie(session_cookie_name(), path="/", httponly=True, samesite="lax",
                           secure=get_settings().cookie_secure)
    return no_store(response)


def _same_origin(request: Request) -> bool:
    """No ``Origin`` header (older browsers on same-origin posts), or this site's own."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    own = {get_settings().public_url, f"{request.url.scheme}://{request.url.netloc}"}
    return origin.rstrip("/") in own


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
    return no_store(response)


def build_routes(*, signed_in: SignedIn) -> Starlette:
    """The Starlette app mounted in front of Reflex's own routes. ``signed_in`` is called
    with the tab token of each sign-in completed here (the endpoints know no state: the app
    module passes what the state layer does then)."""

    async def establish_session(request: Request) -> Response:
        return await establish(request, signed_in)

    return Starlette(routes=[
        Route("/auth/establish", establish_session, methods=["GET"]),
        Route("/auth/signout", signout, methods=["POST"]),
        Route("/auth/reset", open_reset_link, methods=["GET"]),
        *DOCUMENT_ROUTES,
        Route("/staff/stats.csv", stats_csv, methods=["GET"]),
        *LANGUAGE_ROUTES,
    ])
