"""The platform's figures for Prometheus (served at ``/metrics`` by ``web/metrics.py``).

- ``cc_event_duration_seconds{handler}``: how long each Reflex event took, from the start of
  its processing (the state lock included) to its end; its ``_count`` is the events handled.
  ``cc_event_failures_total{handler,outcome}``: those of them that raised (``error``) or were
  cancelled (``cancelled``: a closed tab, a superseded page load). ``handler`` is
  ``StateClass.method`` of a *registered* handler only (an event naming anything else never
  reaches processing), so the labels are bounded by the code.
- ``cc_connected_tabs``: websocket connections open to this worker.
- ``cc_mail_outbox_unsent{status}``: mails not sent, read from the database at scrape time
  (``waiting``: still to be tried; ``given_up``: after ``MAX_ATTEMPTS``).
- ``cc_signin_failures_total{reason}``: refused sign-ins by refusal code (``invalid``,
  ``locked``, ``ip_blocked``, ``suspended``, ``reset_required``).
- ``cc_signin_hashing_queue``: password checks waiting or running in this worker's hashing
  thread.
- and the ``process_*`` / ``python_*`` figures of prometheus-client.

No label ever holds user data. Each worker process answers with its own figures, every sample
labelled with its ``pid`` (prometheus-client's multiprocess mode is not used: it needs a
directory set before any import in every worker and wiped at each start, files of dead
workers cleaned up, and it cannot serve gauges computed at scrape time such as the tabs).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.gc_collector import GCCollector
from prometheus_client.metrics_core import Metric
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector
from sqlmodel import Session, col, func, select

from convenience_center.models import OutboundMail
from convenience_center.services.mail import MAX_ATTEMPTS

_figures = CollectorRegistry(auto_describe=True)

# Events take from well under a millisecond (a toggle) to seconds (a PDF, a sign-in).
EVENT_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
EVENT_DURATION = Histogram(
    "cc_event_duration_seconds", "Time from the start of an event's processing to its end.",
    ["handler"], buckets=EVENT_BUCKETS, registry=_figures)
EVENT_FAILURES = Counter("cc_event_failures", "Events that raised or were cancelled.",
                         ["handler", "outcome"], registry=_figures)
CONNECTED_TABS = Gauge("cc_connected_tabs", "Websocket connections open to this worker.",
                       registry=_figures)
OUTBOX_UNSENT = Gauge("cc_mail_outbox_unsent", "Mails in the outbox not sent (at scrape time).",
                      ["status"], registry=_figures)
SIGNIN_FAILURES = Counter("cc_signin_failures", "Refused sign-ins, by refusal code.",
                          ["reason"], registry=_figures)
HASHING_QUEUE = Gauge("cc_signin_hashing_queue",
                      "Password checks waiting or running in this worker's hashing thread.",
                      registry=_figures)
ProcessCollector(registry=_figures)
PlatformCollector(registry=_figures)
GCCollector(registry=_figures)

SIGNIN_REASONS = ("invalid", "locked", "ip_blocked", "suspended", "reset_required")


def count_signin_failure(code: str) -> None:
    """Count a refused sign-in by its refusal code (``login.invalid`` ...)."""
    reason = code.removeprefix("login.")
    SIGNIN_FAILURES.labels(reason=reason if reason in SIGNIN_REASONS else "other").inc()


def watch_gauges(*, connected_tabs: Callable[[], float],
                 hashing_queue: Callable[[], float]) -> None:
    """Read the tabs and the hashing queue at each scrape (wired by the app module)."""
    CONNECTED_TABS.set_function(connected_tabs)
    HASHING_QUEUE.set_function(hashing_queue)


def outbox_unsent(db: Session) -> dict[str, int]:
    """Mails not sent: still to be tried, and given up.

    Two counts in one row, not a ``GROUP BY attempts >= :n``: each occurrence of that
    expression binds its own parameter, and PostgreSQL refuses a select item it cannot
    prove to be the grouped one (GroupingError).
    """
    given_up = col(OutboundMail.attempts) >= MAX_ATTEMPTS
    unsent, gave_up = db.exec(select(func.count(), func.count().filter(given_up))
                              .where(col(OutboundMail.sent_at).is_(None))).one()
    return {"waiting": int(unsent) - int(gave_up), "given_up": int(gave_up)}


def show_outbox(counts: dict[str, int] | None) -> None:
    """Put the outbox figures read for this scrape (``None``: the database did not answer)."""
    for status in ("waiting", "given_up"):
        OUTBOX_UNSENT.labels(status=status).set(
            math.nan if counts is None else counts.get(status, 0))


class _PerProcess(Collector):
    """The figures with this process's ``pid`` on every sample (added at scrape time only)."""

    def __init__(self, figures: CollectorRegistry) -> None:
        self._figures = figures

    def collect(self) -> Iterable[Metric]:
        pid = str(os.getpid())
        for family in self._figures.collect():
            family.samples = [sample._replace(labels={**sample.labels, "pid": pid})
                              for sample in family.samples]
            yield family


_exposed = CollectorRegistry(auto_describe=False)
_exposed.register(_PerProcess(_figures))


def exposition() -> bytes:
    """The figures in Prometheus's text format."""
    return generate_latest(_exposed)
