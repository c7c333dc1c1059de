"""A browser tab over Reflex's websocket protocol (Engine.IO 4 / Socket.IO 5), in asyncio.

It behaves like the compiled frontend as far as the server can tell: it connects with a tab
token and the session cookie, hydrates with ``hydrate_and_load`` in the CONNECT packet (on a
page load with the hashes of the compiled defaults, so only what differs is sent), keeps
the state it is sent (deltas merged per state), answers pings, and follows ``_redirect`` the
way React Router does (the new route, then ``update_vars_internal`` and ``on_load_internal``).
Many of them run in one process, so a few hundred citizens need no browser.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import websockets

ROOT = "reflex___state____state"
HYDRATE = f"{ROOT}.hydrate_and_load"
ON_LOAD = f"{ROOT}.reflex___state____on_load_internal_state.on_load_internal"
UPDATE_VARS = f"{ROOT}.reflex___state____update_vars_internal_state.update_vars_internal"
HYDRATED = "is_hydrated_rx_state_"


class TabClosed(Exception):
    """The server closed the websocket."""


def var_key(name: str) -> str:
    """The name a var travels under (``lang`` → ``lang_rx_state_``)."""
    return f"{name}_rx_state_"


def route_params(routes: tuple[str, ...], path: str) -> dict[str, str]:
    """The dynamic parts of ``path`` by the first matching route pattern, as React Router
    reports them (``/cases/[case_no]`` and ``/cases/X1`` give ``{"case_no": "X1"}``)."""
    parts = path.strip("/").split("/")
    for route in routes:
        pattern = route.strip("/").split("/")
        if len(pattern) != len(parts):
            continue
        params = {}
        for want, got in zip(pattern, parts, strict=True):
            if want.startswith("[") and want.endswith("]"):
                params[want[1:-1]] = got
            elif want != got:
                break
        else:
            return params
    return {}


class Tab:
    """One browser tab: a websocket, the state it was sent, and its current route."""

    def __init__(self, base_url: str, *, cookie: str | None = None,
                 lang_var: str | None = None, lang: str = "zh",
                 routes: tuple[str, ...] = (), follow_redirects: bool = True,
                 hashes: list[str] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.hashes = hashes  # of the build's compiled defaults (Server.hashes)
        self.first_frame_bytes = 0
        self.cookie = cookie
        self.token = str(uuid.uuid4())
        self.path = "/"
        self.state: dict[str, dict[str, Any]] = {}
        self.frames = 0
        self.redirects = 0
        self._lang_var = lang_var
        self._lang = lang
        self._ws: Any = None
        self._reader: asyncio.Task | None = None
        self._changed = asyncio.Condition()
        self._closed = False
        self._routes = routes
        self.follow_redirects = follow_redirects
        self.last_redirect = ""

    # -- connecting --

    async def open(self, path: str, *, timeout: float = 30.0, page_load: bool = True) -> None:
        """Connect as a page load of ``path`` does (or, with ``page_load`` false, as the
        frontend reconnects: without the hashes, so the whole state is sent), and wait until
        it is hydrated."""
        self.path = path
        url = (self.base_url.replace("http://", "ws://").replace("https://", "wss://")
               + f"/_event/?token={self.token}&EIO=4&transport=websocket")
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self._ws = await websockets.connect(
            url, additional_headers=headers, origin=self.base_url,  # type: ignore[arg-type]
            max_size=None, open_timeout=timeout, ping_interval=None, compression=None)
        opening = await asyncio.wait_for(self._ws.recv(), timeout)
        if not str(opening).startswith("0"):
            raise TabClosed(f"unexpected opening frame {opening!r}")
        payload: dict[str, Any] = {"vars": self._storage_vars()}
        if page_load and self.hashes:
            payload["hashes"] = self.hashes
        boot = {"event": self._event(HYDRATE, payload)}
        self._reader = asyncio.create_task(self._read())
        await self._ws.send("40/_event," + json.dumps(boot))
        await self.wait(lambda tab: tab.root(HYDRATED) is True, timeout=timeout)

    async def close(self) -> None:
        self._closed = True
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()

    # -- events --

    async def emit(self, name: str, payload: dict[str, Any] | None = None) -> None:
        """Send an event from the current route."""
        frame = "42/_event," + json.dumps(["event", self._event(name, payload or {})],
                                          ensure_ascii=False)
        await self._ws.send(frame)

    async def wait(self, predicate: Callable[[Tab], bool], *, timeout: float = 30.0) -> None:
        """Until ``predicate(tab)`` holds for the state received so far."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while not predicate(self):
                if self._closed:
                    raise TabClosed("the websocket is closed")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"condition not met within {timeout} s on {self.path}")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    continue

    def var(self, state: str, name: str, default: Any = None) -> Any:
        """A var of a state (full state name) as the tab holds it."""
        return self.state.get(state, {}).get(var_key(name), default)

    def root(self, key: str) -> Any:
        return self.state.get(ROOT, {}).get(key)

    # -- internals --

    def _storage_vars(self) -> dict[str, str]:
        return {self._lang_var: self._lang} if self._lang_var else {}

    def _event(self, name: str, payload: dict[str, Any]) -> dict[str, Any]:
        split = urlsplit(self.path)
        query = route_params(self._routes, split.path)
        for part in split.query.split("&"):
            if "=" in part:
                key, value = part.split("=", 1)
                query[key] = value
        return {"name": name, "payload": payload,
                "router_data": {"pathname": split.path, "asPath": self.path,
                                **({"query": query} if query else {})}}

    async def _navigate(self, path: str) -> None:
        """What the frontend does on a client-side navigation."""
        self.redirects += 1
        self.path = path
        self.state.setdefault(ROOT, {})[HYDRATED] = False
        if self._lang_var:
            await self.emit(UPDATE_VARS, {"vars": self._storage_vars()})
        await self.emit(ON_LOAD)

    def _read_update(self, update: dict[str, Any]) -> None:
        """Take in one update: merge its delta into the state held."""
        for state, values in (update.get("delta") or {}).items():
            self.state.setdefault(state, {}).update(values)

    async def _read(self) -> None:
        try:
            async for frame in self._ws:
                text = frame if isinstance(frame, str) else frame.decode()
                if text == "2":
                    await self._ws.send("3")
                    continue
                if not text.startswith("42/_event,"):
                    continue
                self.frames += 1
                if self.frames == 1:
                    self.first_frame_bytes = len(text.encode())
                _name, update = json.loads(text[len("42/_event,"):])
                self._read_update(update)
                for event in update.get("events") or []:
                    if event.get("name") == "_redirect":
                        self.last_redirect = event["payload"]["path"]
                        if self.follow_redirects:
                            await self._navigate(event["payload"]["path"])
                async with self._changed:
                    self._changed.notify_all()
        except websockets.ConnectionClosed:
            pass
        finally:
            self._closed = True
            async with self._changed:
                self._changed.notify_all()
