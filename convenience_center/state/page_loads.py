"""A page's ``on_load`` handlers run inside the navigation's own event.

On every client-side navigation (and after every connect) the browser sends Reflex's
``on_load_internal``. Reflex 0.10 answers it by queueing each of the page's ``on_load``
handlers as an event of its own, and then one more to mark the page loaded: three events, each
taking the tab's state lock, computing and sending a delta, for what the person sees as one
page. Here ``on_load_internal`` runs the page's handlers itself, in order, on the state it
already holds, and marks the page loaded when they are done: one event. What the handlers do
is unchanged (they may yield, return redirects, fail: the usual handling applies); background
handlers are still queued as before.

The version of Reflex is pinned below 0.11; tests/e2e cover every page's loading.
"""

from __future__ import annotations

import functools
from typing import Any

from reflex.state import OnLoadInternalState
from reflex_base.event import Event
from reflex_base.event.processor.base_state_processor import process_event
from reflex_base.registry import RegistrationContext

_installed = False


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


def install() -> None:
    """Swap the function behind ``on_load_internal`` (once, before any event)."""
    global _installed
    if _installed:
        return
    name = f"{OnLoadInternalState.get_full_name()}.on_load_internal"
    handler = OnLoadInternalState.event_handlers["on_load_internal"]
    original = handler.fn
    replacement = functools.wraps(original)(_on_load_internal)
    object.__setattr__(handler, "fn", replacement)
    for cached in ("_is_coroutine_function", "is_background", "supersedes"):
        handler.__dict__.pop(cached, None)
    registered = RegistrationContext.get().event_handlers.get(name)
    if registered is not None and registered.handler is not handler:
        object.__setattr__(registered.handler, "fn", replacement)
        for cached in ("_is_coroutine_function", "is_background", "supersedes"):
            registered.handler.__dict__.pop(cached, None)
    _installed = True
