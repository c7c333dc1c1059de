"""A hostile browser: speaks Reflex's websocket protocol directly and calls any event handler
with any arguments, as any page script or tool could."""

from __future__ import annotations

import json
import secrets
import socket
import time
import uuid

import httpx
import websocket

from convenience_center.services import auth
from tests.e2e.conftest import RunningApp


def session_cookie(app: RunningApp, identifier: str, password: str) -> str:
    """Sign in the way a browser does (check, then the HTTP handoff with the browser's binding
    cookie) and return the cookie."""
    browser = secrets.token_urlsafe(32)
    with app.db() as db:
        result = auth.authenticate(db, identifier=identifier, password=password, ip="127.0.0.1",
                                   browser_nonce=browser)
    response = httpx.get(f"{app.url}/auth/establish?code={result.handoff_code}",
                         cookies={"cc_browser": browser}, follow_redirects=False)
    assert response.status_code == 303
    token = response.cookies.get("cc_session")
    assert token
    return f"cc_session={token}"


class ReflexSocket:
    """One raw Socket.IO connection to ``/_event`` with an optional cookie."""

    def __init__(self, app: RunningApp, cookie: str | None = None,
                 source: str | None = None, token: str | None = None) -> None:
        """``source``: a loopback address (``127.0.0.2``) to connect from, so that the app
        sees another client address (rate limits per address). ``token``: a tab token to
        present (a new one by default)."""
        self.token = token or str(uuid.uuid4())
        url = app.url.replace("http://", "ws://") + (
            f"/_event/?EIO=4&transport=websocket&token={self.token}")
        headers = [f"Cookie: {cookie}"] if cookie else []
        options: dict[str, object] = {}
        if source is not None:
            raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            raw.bind((source, 0))
            raw.settimeout(10)
            raw.connect(("127.0.0.1", int(app.url.rsplit(":", 1)[1])))
            options["socket"] = raw
        self.ws = websocket.create_connection(url, header=headers, origin=app.url, timeout=10,
                                              **options)
        self.received: list[str] = []
        assert self.ws.recv().startswith("0")  # Engine.IO open
        self.ws.send("40/_event,")
        self.wait_for(lambda frame: frame.startswith("40/_event"))

    def emit(self, handler: str, path: str = "/", **payload: object) -> None:
        """Send one event: ``handler`` is the full name ``<state full name>.<method>``."""
        event = {"name": handler, "payload": payload,
                 "router_data": {"pathname": path, "asPath": path, "query": {}}}
        self.ws.send("42/_event," + json.dumps(["event", event]))

    def wait_for(self, predicate, timeout: float = 10.0) -> str:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.ws.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                frame = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                break
            if frame == "2":  # ping
                self.ws.send("3")
                continue
            self.received.append(frame)
            if predicate(frame):
                return frame
        raise AssertionError("expected frame did not arrive")

    def settle(self, seconds: float = 2.0) -> list[str]:
        """Read whatever arrives for ``seconds``."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.ws.settimeout(max(0.05, end - time.monotonic()))
            try:
                frame = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                break
            if frame == "2":
                self.ws.send("3")
                continue
            self.received.append(frame)
        return self.received

    def close(self) -> None:
        self.ws.close()


HYDRATE = "reflex___state____state.hydrate_and_load"


def handler_name(state_cls: type, method: str) -> str:
    """The event name the frontend uses for ``state_cls.method``."""
    return f"{state_cls.get_full_name()}.{method}"
