"""A page's ``on_load`` handlers run inside the event that shows the page.

On every client-side navigation the browser sends Reflex's ``on_load_internal``. Reflex 0.10
answers it by queueing each of the page's ``on_load`` handlers as an event of its own, and then
one more to mark the page loaded: three events, each taking the tab's state lock, computing and
sending a delta, for what the person sees as one page. Here ``on_load_internal`` runs the
page's handlers itself, in order, on the state it already holds, and marks the page loaded
when they are done: one event. What the handlers do is unchanged (they may yield, return
redirects, fail: the usual handling applies); background handlers are still queued as before.

A tab that connects (a page load, a reconnect) sends ``hydrate_and_load``: Reflex sends the
snapshot and then queues ``on_load_internal`` as a second event, with its own pass through the
queue, the lock and (on PostgreSQL + Redis) a Redis read and write of the tab's states. Here
the page's loads run at once in the connect's event, after its snapshot has gone out (so the
snapshot still carries "not loaded yet", as Reflex needs). Reflex queues it apart so that a
navigation can cancel a page's stale loads: a navigation that arrives meanwhile now waits for
these loads, a few milliseconds of database work, and then loads its own page. A disconnect
still cancels the whole event.

A handler that has already put into the state the page its redirect leads to (the wizard's
"Save and continue" shows the next step at once) says so with ``expect_navigation``. The
browser's navigation that follows, the tab's very next event, is then answered with "the page
is loaded" alone: no state is loaded, locked or stored for it (on PostgreSQL + Redis that is a
Redis round of its own). Any other event of the tab, another address, or ten seconds passing
cancel the expectation, and the navigation is handled as usual.

The version of Reflex is pinned below 0.11; tests/e2e cover every page's loading.
"""

from __future__ import annotations

import functools
import time
from typing import Any, cast
from urllib.parse import urlsplit

from reflex.state import OnLoadInternalState, State
from reflex_base.constants import CompileVars
from reflex_base.event import Event
from reflex_base.event.processor.base_state_processor import (
    BaseStateEventProcessor,
    process_event,
)
from reflex_base.event.processor.event_processor import EventQueueEntry
from reflex_base.registry import RegistrationContext

_installed = False

EXPECT_SECONDS = 10.0
_ON_LOAD_INTERNAL = f"{OnLoadInternalState.get_full_name()}.on_load_internal"
_HYDRATED = cast(Any, State.is_hydrated)._js_expr.rsplit(".", 1)  # (root state's name, the var's)
_expected: dict[str, tuple[str, float]] = {}  # client token -> (address, until when)


def _address_key(address: str) -> str:
    """An address as compared here: its path without a trailing slash, and its query."""
    split = urlsplit(address)
    return f"{split.path.rstrip('/') or '/'}?{split.query}"


def expect_navigation(client_token: str, href: str) -> None:
    """The state already shows the page at ``href``: the tab's navigation there, if it is the
    tab's next event, needs nothing but to be marked loaded."""
    now = time.monotonic()
    if len(_expected) > 10_000:  # tabs that went away before navigating
        for token in [t for t, (_a, until) in _expected.items() if until < now]:
            del _expected[token]
    _expected[client_token] = (_address_key(href), now + EXPECT_SECONDS)


def _already_shown(entry: EventQueueEntry, now: float | None = None) -> bool:
    expected = _expected.pop(entry.ctx.token, None)
    if expected is None or entry.event.name != _ON_LOAD_INTERNAL:
        return False
    address, until = expected
    router = entry.ctx.router_data or {}
    arrived = str(router.get("asPath") or router.get("pathname") or "")
    return (now or time.monotonic()) < until and _address_key(arrived) == address


_original_execute = BaseStateEventProcessor._execute_event


async def _execute_event(self: BaseStateEventProcessor, *, entry: EventQueueEntry,
                         registered_handler: Any) -> None:
    if _expected and _already_shown(entry):
        await entry.ctx.emit_delta({_HYDRATED[0]: {_HYDRATED[1]: True}})
        return
    await _original_execute(self, entry=entry, registered_handler=registered_handler)


async def _on_load_internal(self: OnLoadInternalState) -> list[Any] | None:
    """Run the current page's on_load handlers in this event; then the page is loaded."""
    registration = RegistrationContext.get()
    load_events = registration.app.get_load_events(self.rx_router_url.path)
    if not load_events:
        self.is_hydrated = True
        return None
    self.is_hydrated = False
    root = self._get_root_state()
    queued: list[Event] = []
    try:
        for event in Event.from_event_type(load_events):
            registered = registration.event_handlers.get(event.name)
            if registered is None or registered.handler.is_background:
                queued.append(event)
                continue
            state = await root.get_state(registered.states[0])
            await process_event(handler=registered.handler, payload=event.payload,
                                state=state, root_state=root)
    finally:
        if not queued:
            self.is_hydrated = True
    if queued:
        return [*queued, OnLoadInternalState.set_is_hydrated(True)]
    return None


_original_hydrate_and_load: Any = None


async def _hydrate_and_load(self: State, vars: dict[str, Any] | None = None,
                            hashes: list[str] | None = None) -> list[Any] | None:
    """Reflex's connect (the snapshot), then the page's loads in the same event."""
    events = await _original_hydrate_and_load(self, vars=vars, hashes=hashes)
    if not events:
        return events
    # Reflex 0.10.1 returns [on_load_internal] alone when the page has loads.
    loader = await self._get_root_state().get_state(OnLoadInternalState)
    return await _on_load_internal(loader)


def _replace(state: type[State], name: str, function: Any) -> Any:
    """Put ``function`` behind the handler ``name`` of ``state``; the function it replaced."""
    handler = state.event_handlers[name]
    original = handler.fn
    replacement = functools.wraps(original)(function)
    handlers = [handler]
    registered = RegistrationContext.get().event_handlers.get(f"{state.get_full_name()}.{name}")
    if registered is not None and registered.handler is not handler:
        handlers.append(registered.handler)
    for each in handlers:
        object.__setattr__(each, "fn", replacement)
        for cached in ("_is_coroutine_function", "is_background", "supersedes"):
            each.__dict__.pop(cached, None)
    return original


def install() -> None:
    """Swap the functions behind ``on_load_internal`` and ``hydrate_and_load`` (once, before
    any event)."""
    global _installed, _original_hydrate_and_load
    if _installed:
        return
    _replace(OnLoadInternalState, "on_load_internal", _on_load_internal)
    _original_hydrate_and_load = _replace(State, CompileVars.HYDRATE_AND_LOAD,
                                          _hydrate_and_load)
    BaseStateEventProcessor._execute_event = _execute_event  # type: ignore[method-assign]
    _installed = True
