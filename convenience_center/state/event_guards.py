"""What every event passes through before its handler runs.

- **Arguments.** Any browser can call any public handler with any arguments. Each event's
  payload is checked once, here, against the handler's signature (names and the simple types
  it declares); one that does not fit is dropped quietly instead of raising in the handler.
- **Overload.** An event that waited longer than ``MAX_WAIT_SECONDS`` for its turn is not
  worked on: the tab is told at once that the service is busy and to try again in a moment
  (its form stays as it was). Under more load than the server can carry, new work is
  answered quickly instead of piling up without bound.
- **Closed tabs.** When a tab's websocket closes, the events it had queued are dropped: no
  one is waiting for their answers (the one running finishes).
- **Whose state.** A tab's server-side state holds the view data of the person signed in
  (answers, addresses, applicants' phones). When a tab (re)connects and the person the state
  was filled for is no longer the one its session cookie names (signed out, signed in as
  someone else, the session ended, or anyone presenting the tab's token without the cookie),
  every state of the tab is reset before anything is sent, and the browser is given a new tab
  token for its next connection.

Reflex 0.10 has no settings for the last two, so they hook into its event processor; the
version is pinned below 0.11 and ``tests/services/test_event_guards.py`` covers them.
"""

from __future__ import annotations

import inspect
import logging
import time
import types
import typing
import uuid
from typing import Any

import reflex as rx
from reflex.state import BaseState, State, StateUpdate
from reflex_base.event import Event
from reflex_base.event.context import EventContext
from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor
from reflex_base.event.processor.event_processor import EventProcessor
from reflex_base.registry import RegistrationContext
from reflex_base.utils.form import FormData

log = logging.getLogger("convenience_center.events")

MAX_WAIT_SECONDS = 3.0
APP_PREFIX = "reflex___state____state.convenience_center___"

_arrived: dict[str, float] = {}  # txid -> when the event was queued


def _accepts(annotation: Any, value: Any) -> bool:
    """Whether ``value`` (as decoded from JSON) fits a simple annotation."""
    if annotation in (Any, typing.Any) or annotation is None:
        return True
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_accepts(arg, value) for arg in typing.get_args(annotation))
    if annotation is type(None):
        return value is None
    target = origin or annotation
    if target is FormData or (isinstance(target, type) and issubclass(target, FormData)):
        return isinstance(value, dict)
    if target is bool:
        return isinstance(value, bool)
    if target is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if target in (str, dict, list, float):
        return isinstance(value, target) or (target is float and isinstance(value, int))
    return True  # anything else (uploads, models) is Reflex's to convert


def arguments_fit(event: Event) -> bool:
    """Whether the event names a handler of this app and its payload fits the signature."""
    registered = RegistrationContext.get().event_handlers.get(event.name)
    if registered is None:
        return False
    handler = registered.handler
    hints = handler._get_type_hints()
    code = handler.fn.__code__
    if code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        return isinstance(event.payload, dict)
    names = code.co_varnames[1:code.co_argcount + code.co_kwonlyargcount]
    payload = event.payload if isinstance(event.payload, dict) else None
    if payload is None or any(name not in names for name in payload):
        return False
    defaults = len(handler.fn.__defaults__ or ())
    required = names[:len(names) - defaults] if defaults else names
    if any(name not in payload for name in required):
        return False
    return all(_accepts(hints.get(name, Any), value) for name, value in payload.items())


class EventGuard(rx.Middleware):
    """The argument check and the overload answer (see the module's docstring)."""

    async def preprocess(self, app: Any, state: BaseState, event: Event) -> StateUpdate | None:
        from convenience_center.state.base import AppState

        arrived = _arrived.pop(EventContext.get().txid, None)
        if event.name == _HYDRATE:
            await _forget_someone_elses_data(app, state, await state.get_state(AppState))
            return None
        if not event.name.startswith(APP_PREFIX):
            return None  # Reflex's own events (navigation) are always worked on
        app_state = await state.get_state(AppState)
        if not arguments_fit(event):
            log.warning("dropped %s: its arguments do not fit the handler", event.name)
            return StateUpdate()
        if arrived is not None and time.monotonic() - arrived > MAX_WAIT_SECONDS:
            app_state.busy = True
            log.warning("answered busy to %s after %.1f s in the queue", event.name,
                        time.monotonic() - arrived)
            delta = await state._get_resolved_delta()
            state._clean()
            return StateUpdate(delta=delta)
        if app_state.busy:
            app_state.busy = False  # this one is worked on: the notice goes
        return None


_HYDRATE = f"{State.get_full_name()}.hydrate_and_load"


async def _forget_someone_elses_data(app: Any, root: BaseState, app_state: Any) -> None:
    """Reset the tab's states when they were filled for someone its cookie does not name."""
    owner = app_state._owner
    if owner is None:
        return
    user = await app_state._identify()
    if user is not None and user.id == owner:
        return
    app_state.reset()
    app_state._owner = None
    app_state._show_identity(user)
    sid = root.router.session.session_id
    namespace = app.event_namespace
    if namespace is not None and sid:
        await namespace.emit("new_token", str(uuid.uuid4()), to=sid)
    log.info("reset the states of a tab filled for another user (or none)")


_original_enqueue = EventProcessor.enqueue
_original_on_disconnect = BaseStateEventProcessor._on_disconnect


async def _enqueue(self: EventProcessor, token: str, event: Event,
                   ev_ctx: EventContext | None = None) -> Any:
    future = await _original_enqueue(self, token, event, ev_ctx)
    txid = future.txid
    _arrived[txid] = time.monotonic()
    future.add_done_callback(lambda _f: _arrived.pop(txid, None))
    return future


def _on_disconnect(self: BaseStateEventProcessor, token: str) -> None:
    _original_on_disconnect(self, token)
    queue = self._token_queues.get(token)
    if not queue:
        return
    waiting = list(queue)[1:]  # the first is running (or about to): it finishes
    for entry, _handler in waiting:
        future = self._futures.get(entry.ctx.txid)
        if future is not None and not future.done():
            future.cancel()
    if waiting:
        log.info("dropped %d queued events of a closed tab", len(waiting))


def install(app: rx.App) -> None:
    """Put the guards in place (once, when the app is made)."""
    app.add_middleware(EventGuard())
    EventProcessor.enqueue = _enqueue  # type: ignore[method-assign]
    BaseStateEventProcessor._on_disconnect = _on_disconnect  # type: ignore[method-assign]
