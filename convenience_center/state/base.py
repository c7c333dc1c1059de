"""The root state: language, who is signed in, and helpers every page state uses."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from typing import Any, TypeVar

import reflex as rx
from reflex.event import Event, EventSpec
from reflex_base.registry import RegistrationContext

from convenience_center import db, paths
from convenience_center.i18n import language_from_header, normalise_lang, translate
from convenience_center.services import accounts, sessions
from convenience_center.services.common import CurrentUser
from convenience_center.state import page_loads
from convenience_center.state.pools import call_service, run_in_db_thread
from convenience_center.web.cookies import session_cookie_name
from convenience_center.web.language import COOKIE as LANGUAGE_COOKIE
from convenience_center.web.language import language_from_cookie

log = logging.getLogger("convenience_center.state")
T = TypeVar("T")


@functools.lru_cache(maxsize=1024)
def _cookies(raw: str) -> dict[str, str]:
    """The cookies of a Cookie header (a tab sends the same header with every event, and
    parsing it took longer than the rest of reading the caller's session). Do not mutate."""
    try:
        return {name: morsel.value for name, morsel in SimpleCookie(raw).items()}
    except CookieError:
        return {}


# What a handler's helper hands the browser: a move to another page, an event, or nothing.
Reply = Event | EventSpec | None


def navigate(path: str, *, replace: bool = False) -> Event:
    """What ``rx.redirect(path)`` sends the browser, made directly: ``rx.redirect`` builds an
    event spec (a signature inspection and four vars) each time, a third of a millisecond on
    the hot path of every wizard step."""
    return Event(name="_redirect",
                 payload={"path": path, "external": False, "popup": False, "replace": replace})


class AppState(rx.State):
    """Language and sign-in state shared by every page."""

    # The page's language: from the browser's ``cc_lang`` cookie (see web/language.py), else
    # its Accept-Language. Not client storage: that would be sent with every navigation.
    lang: rx.Field[str] = rx.field("")
    # The language just chosen with the switch: the page then asks ``/lang/<it>`` (an image)
    # to remember it in the cookie.
    lang_chosen: rx.Field[str] = rx.field("")
    # Where the sign-in or registration page sends the browser to get its session cookie.
    # Cleared by /auth/establish through ``forget_handoff`` as soon as it has been used.
    handoff_url: rx.Field[str] = rx.field("")
    signed_in: rx.Field[bool] = rx.field(False)
    system_error: rx.Field[bool] = rx.field(False)
    # the last event was not worked on: too many waiting (event_guards)
    busy: rx.Field[bool] = rx.field(False)
    _owner: int | None = None
    user_display: rx.Field[str] = rx.field("")
    user_role: rx.Field[str] = rx.field("")
    # the sign-out form's CSRF token (sessions.signout_token)
    signout_token: rx.Field[str] = rx.field("")

    # -- helpers (not callable from the browser: their names start with "_") --

    def _lang(self) -> str:
        return normalise_lang(self.lang)

    def _t(self, key: str, **params: object) -> str:
        return translate(key, self._lang(), **params)

    # The router's parts are read from their own fields: every read of ``self.router`` builds
    # a RouterData of all five (profiled, 200 citizens saving: 6.4% of the worker's CPU, from
    # the cookie, the client token and the wizard's address, each read once or twice an event).

    def _client_ip(self) -> str:
        return self.rx_router_session.client_ip or "0.0.0.0"  # noqa: S104 - a value, not a bind

    def _cookie(self, name: str) -> str | None:
        """A cookie of the websocket handshake (HttpOnly cookies included; server side only)."""
        raw = self.rx_router_headers.cookie
        return _cookies(raw).get(name) if raw else None

    def _session_token(self) -> str | None:
        return self._cookie(session_cookie_name())

    async def _identify(self) -> CurrentUser | None:
        """The signed-in user of this browser, checked against the database on every call."""
        user = await call_service(sessions.resolve_session, token=self._session_token())
        self._show_identity(user)
        return user

    def _show_identity(self, user: CurrentUser | None) -> None:
        if user is not None and self._owner != user.id:
            self._owner = user.id  # whose data this tab's states may hold (event_guards)
        # Assigning marks a var for the next delta even when the value is the same.
        if self.signed_in != (user is not None):
            self.signed_in = user is not None
        if self.user_display != (user.real_name if user else ""):
            self.user_display = user.real_name if user else ""
        if self.user_role != (user.role if user else ""):
            self.user_role = user.role if user else ""
        token = self._session_token() if user else None
        signout = sessions.signout_token(token) if token else ""
        if self.signout_token != signout:
            self.signout_token = signout

    async def _as_user(self, use_case: Callable[..., T], /,
                       **kwargs: Any) -> tuple[CurrentUser | None, T | None]:
        """Identify the caller and run ``use_case(session, user_id=..., **kwargs)`` for them,
        in one trip to the database pool, one session and one session check, also when it
        fails. ``(None, None)`` when nobody is signed in. The use case's exceptions are raised
        after the header is updated."""
        token = self._session_token()

        def run() -> tuple[CurrentUser | None, T | None, Exception | None]:
            with db.session() as session:
                try:
                    return (*sessions.serve_session(session, use_case, token=token, **kwargs),
                            None)
                except sessions.FailedForUser as failed:  # raised again in the event loop
                    session.rollback()
                    return failed.user, None, failed.error

        user, result, error = await run_in_db_thread(run)
        self._show_identity(user)
        if error is not None:
            raise error
        return user, result

    def _begin(self) -> None:
        """What every page does first: choose the language on a first visit (from the
        browser's Accept-Language) and clear the last page's "something went wrong"."""
        if self.lang not in ("zh", "en"):
            self.lang = (language_from_cookie(self._cookie(LANGUAGE_COOKIE))
                         or language_from_header(self.rx_router_headers.accept_language))
        if self.system_error:
            self.system_error = False

    def _client_token(self) -> str:
        return self.rx_router_session.client_token

    def _move_to_shown(self, href: str) -> Event:
        """Move the address to ``href``, whose page this event has already put in the state:
        the navigation that follows is not loaded again (``page_loads.expect_navigation``),
        so what a page's load does first is done here."""
        self._begin()
        page_loads.expect_navigation(self._client_token(), href)
        return navigate(href)

    def _hand_off(self, code: str) -> None:
        self.handoff_url = f"/auth/establish?code={code}"

    async def _sign_in_first(self) -> Reply:
        """Send a visitor who is not signed in to the sign-in page (and back here after)."""
        if not self.signed_in:
            return self._login_redirect()
        return None

    def _login_redirect(self) -> EventSpec:
        url = self.router.url
        target = url.path + (f"?{url.query}" if url.query else "")
        return rx.redirect(paths.login(target))

    # -- events --

    @rx.event
    async def start(self):
        """First event of every page: choose the language on a first visit, load the header."""
        self._begin()
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
        self.lang_chosen = lang
        user = await call_service(sessions.resolve_session, token=self._session_token())
        if user is not None:
            await call_service(accounts.set_language, user_id=user.id, lang=lang)


async def forget_handoff(client_token: str) -> None:
    """Clear the handoff refresh of a browser tab (called by ``/auth/establish`` when its code
    has been used), so that a later visit to the sign-in page in that tab cannot replay it."""
    app = RegistrationContext.get().app
    async with app.modify_state(rx.BaseStateToken(ident=client_token, cls=AppState)) as root:
        state = await root.get_state(AppState)
        state.handoff_url = ""
