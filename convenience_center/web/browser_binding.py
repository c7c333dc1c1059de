"""Binding a sign-in to the browser that asked for it (against login CSRF).

The attack: an attacker signs in with their own account, takes the handoff code the sign-in
page would have refreshed to (``/auth/establish?code=...``), and puts that address in a page
of another site. A victim's browser that opens it is signed in as the attacker, and what the
victim then types (an application, an ID number) lands in the attacker's account.

The defence has two parts:

1. **A binding cookie** (``cc_browser``; ``__Host-cc_browser`` over HTTPS): a random value,
   HttpOnly, SameSite=Lax, for the browser session. This middleware sets it on the first page
   (document) response to a browser that has none. The password is checked by a Reflex
   event over the websocket, so the server cannot set a cookie in that answer (Reflex's own
   cookies are written by JavaScript, and an HttpOnly one cannot be); but the websocket's
   handshake is an HTTP request that carries the browser's cookies, HttpOnly ones included,
   and the server reads them there (``AppState._cookie``). So the page that signs in was
   loaded with the cookie set; its websocket presents it; the sign-in handler stores the
   value's SHA-256 with the handoff code; and ``/auth/establish`` exchanges the code only for
   a request that presents the same cookie (``sessions.consume_handoff``). The attacker's
   code is bound to the attacker's browser: the victim's browser has another value, which the
   other site can neither read (HttpOnly) nor set (it is not the site's origin; with
   ``__Host-`` not even a sibling subdomain can).
   The cookie is set only on document responses (``Sec-Fetch-Dest: document``, or HTML), and
   those are marked ``Cache-Control: private, no-store``, so a shared cache never hands one
   value to many browsers. A 304 revalidation of a cached page is a document response too, so
   a browser whose cookies were cleared gets a new value with its next page.
2. **Fetch metadata**: ``/auth/establish`` refuses a request whose ``Sec-Fetch-Site`` says it
   came from another site (``cross-site``) or a sibling subdomain (``same-site``). The page's
   own refresh is ``same-origin``; a typed or bookmarked address is ``none``; a client that
   sends no such header still needs the cookie.
"""

from __future__ import annotations

from convenience_center.services import security
from convenience_center.settings import get_settings
from convenience_center.web.cookies import browser_cookie_name
from convenience_center.web.headers import ASGIApp, Message, Receive, Scope, Send

CROSS_SITE = frozenset({"cross-site", "same-site"})


def request_header(scope: Scope, name: bytes) -> str:
    """One header of an ASGI request (the first, decoded as Latin-1), or ``""``."""
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def _has_binding_cookie(scope: Scope) -> bool:
    wanted = browser_cookie_name() + "="
    cookie = request_header(scope, b"cookie")
    return any(part.strip().startswith(wanted) for part in cookie.split(";"))


def binding_cookie_header() -> bytes:
    """A ``Set-Cookie`` value with a fresh binding value."""
    secure = "; Secure" if get_settings().cookie_secure else ""
    return (f"{browser_cookie_name()}={security.new_token()}; Path=/; HttpOnly; "
            f"SameSite=Lax{secure}").encode("latin-1")


def _is_document(scope: Scope, message: Message) -> bool:
    if request_header(scope, b"sec-fetch-dest") == "document":
        return True
    content_type = next((v for k, v in message.get("headers", [])
                         if k.lower() == b"content-type"), b"")
    return content_type.startswith(b"text/html")


def bind_browser(app: ASGIApp) -> ASGIApp:
    """Wrap an ASGI app so that a browser without a binding cookie gets one with its page."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _has_binding_cookie(scope):
            await app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and _is_document(scope, message):
                kept = [(k, v) for k, v in message.get("headers", [])
                        if k.lower() != b"cache-control"]
                message["headers"] = [*kept, (b"set-cookie", binding_cookie_header()),
                                      (b"cache-control", b"private, no-store")]
            await send(message)

        await app(scope, receive, send_with_cookie)

    return wrapped


def is_cross_site(scope: Scope) -> bool:
    """Whether the browser says the request was started by another site."""
    return request_header(scope, b"sec-fetch-site") in CROSS_SITE
