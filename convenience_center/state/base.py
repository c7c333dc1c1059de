"""The root state: language, who is signed in, and helpers every page state uses."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from typing import Any, TypeVar
from urllib.parse import quote

import reflex as rx

from convenience_center import db
from convenience_center.i18n import language_from_header, normalise_lang, translate
from convenience_center.services import accounts, sessions
from convenience_center.services.common import CurrentUser
from convenience_center.web.cookies import session_cookie_name

log = logging.getLogger("convenience_center.state")
T = TypeVar("T")


async def call_service(use_case: Callable[..., T], /, **kwargs: Any) -> T:
    """Run a use case in a worker thread with its own database session.

    Database work and bcrypt (~250 ms) must not stall the event loop other users share.
    """

    def run() -> T:
        with db.session() as session:
            return use_case(session, **kwargs)

    return await asyncio.to_thread(run)


class AppState(rx.State):
    """Language and sign-in state shared by every page."""

    lang: str = rx.LocalStorage("", name="cc_lang", sync=True)
    # Where the sign-in or registration page sends the browser to get its session cookie.
    # Cleared by /auth/establish through ``forget_handoff`` as soon as it has been used.
    handoff_url: str = ""
    signed_in: bool = False
    system_error: bool = False
    user_display: str = ""
    user_role: str = ""

    # -- helpers (not callable from the browser: their names start with "_") --

    def _lang(self) -> str:
        return normalise_lang(self.lang)

    def _t(self, key: str, **params: object) -> str:
        return translate(key, self._lang(), **params)

    def _client_ip(self) -> str:
        return self.router.session.client_ip or "0.0.0.0"  # noqa: S104 - a value, not a bind

    def _cookie(self, name: str) -> str | None:
        """A cookie of the websocket handshake (HttpOnly cookies included; server side only)."""
        raw = self.router.headers.cookie
        if not raw:
            return None
        try:
            jar = SimpleCookie(raw)
        except CookieError:
            return None
        morsel = jar.get(name)
        return morsel.value if morsel else None

    def _session_token(self) -> str | None:
        return self._cookie(session_cookie_name())

    async def _identify(self) -> CurrentUser | None:
        """The signed-in user of this browser, checked against the database on every call."""
        user = await call_service(sessions.resolve_session, token=self._session_token())
        self.signed_in = user is not None
        self.user_display = user.real_name if user else ""
        self.user_role = user.role if user else ""
        return user

    def _client_token(self) -> str:
        return self.router.session.client_token

    def _hand_off(self, code: str) -> None:
        self.handoff_url = f"/auth/establish?code={code}"

    def _login_redirect(self) -> rx.event.EventSpec:
        url = self.router.url
        target = url.path + (f"?{url.query}" if url.query else "")
        return rx.redirect(f"/login?next={quote(target, safe='')}")

    # -- events --

    @rx.event
    async def start(self):
        """First event of every page: choose the language on a first visit, load the header."""
        if self.lang not in ("zh", "en"):
            self.lang = language_from_header(self.router.headers.accept_language)
        self.system_error = False
        await self._identify()

    @rx.event
    def show_system_error(self):
        """Tell the user something failed on our side (their input stays on the page)."""
        self.system_error = True

    @rx.event
    async def set_language(self, lang: str):
        """Switch the language; remembered in the browser and, when signed in, for e-mails."""
        if lang not in ("zh", "en"):
            return
        self.lang = lang
        user = await call_service(sessions.resolve_session, token=self._session_token())
        if user is not None:
            await call_service(accounts.set_language, user_id=user.id, lang=lang)


async def forget_handoff(app: rx.App, client_token: str) -> None:
    """Clear the handoff refresh of a browser tab (called when its code has been used), so
    that a later visit to the sign-in page in that tab cannot replay it."""
    async with app.modify_state(rx.BaseStateToken(ident=client_token, cls=AppState)) as root:
        state = await root.get_state(AppState)
        state.handoff_url = ""
