"""What the state layer reports: each event's id in the log, its count and duration in the
metrics (``services/metrics.py``), and the open tabs and the hashing queue at scrape time.

Reflex 0.10 runs every event in a task of its own, started in
``EventProcessor._process_event_queue_entry``; wrapped here, the task binds the event's
transaction id (12 random hex digits made by the server for the event, never the tab's token)
as ``event_id`` for every record logged while it runs, and at its end adds its time to its
handler's histogram (and, when it raised or was cancelled, counts that). A handler's figures
are looked up once and kept (a few hundred handlers at most: only registered ones reach
processing). The wrapper costs about 3-4 µs per event (timeit of it around a no-op on this
2-core machine), of which the histogram's update is most.
"""

from __future__ import annotations

import asyncio
import uuid
from time import perf_counter
from typing import Any

from prometheus_client import Counter, Histogram
from reflex_base.event.processor.event_processor import EventProcessor, EventQueueEntry
from reflex_base.registry import RegisteredEventHandler

from convenience_center.logs import bind_event_id
from convenience_center.services import metrics
from convenience_center.state.pools import hashing_queued

Figures = tuple[Histogram, Counter, Counter]  # duration; errors; cancellations

_original_process = EventProcessor._process_event_queue_entry
_figures: dict[str, Figures] = {}  # event name -> its handler's figures


def handler_label(registered: RegisteredEventHandler) -> str:
    """``StateClass.method``: the code's name, never anything a browser sent."""
    return f"{registered.states[0].__name__}.{registered.handler.fn.__name__}"


def _figures_of(name: str, registered: RegisteredEventHandler) -> Figures:
    label = handler_label(registered)
    figures = (metrics.EVENT_DURATION.labels(handler=label),
               metrics.EVENT_FAILURES.labels(handler=label, outcome="error"),
               metrics.EVENT_FAILURES.labels(handler=label, outcome="cancelled"))
    _figures[name] = figures
    return figures


async def _process_observed(self: EventProcessor, *, entry: EventQueueEntry,
                            registered_handler: RegisteredEventHandler) -> None:
    bind_event_id(entry.ctx.txid or uuid.uuid4().hex[:12])  # the task's own context
    name = entry.event.name
    duration, error, cancelled = _figures.get(name) or _figures_of(name, registered_handler)
    started = perf_counter()
    try:
        await _original_process(self, entry=entry, registered_handler=registered_handler)
    except asyncio.CancelledError:
        cancelled.inc()
        raise
    except BaseException:
        error.inc()
        raise
    finally:
        duration.observe(perf_counter() - started)


def _connected_tabs(app: Any) -> float:
    """The websocket clients connected to this worker, as socket.io's manager counts them.

    Not the token manager's ``sid_to_token``: with Redis it also caches the sockets of other
    hosts and workers it looked up to send them an update (``_fetch_socket_record``), and
    keeps them after they closed elsewhere, so a host counted tabs open on another.
    """
    namespace, server = app.event_namespace, app.sio
    if namespace is None or server is None:
        return 0.0
    manager, name = server.manager, namespace.namespace
    return float(sum(1 for sid, _ in manager.get_participants(name, None)
                     if manager.is_connected(sid, name)))


def install(app: Any) -> bool:
    """Observe every event and watch the gauges (once; False when already installed)."""
    metrics.watch_gauges(connected_tabs=lambda: _connected_tabs(app),
                         hashing_queue=lambda: float(hashing_queued()))
    if EventProcessor._process_event_queue_entry is _process_observed:
        return False
    EventProcessor._process_event_queue_entry = _process_observed  # type: ignore[method-assign]
    return True
