"""Where blocking work runs: database work in a pool of threads, password hashing in a thread
of its own with a short queue. Every state calls its use cases through :func:`call_service`."""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from convenience_center import db

T = TypeVar("T")

# Database work runs in threads of its own, so that a slow query (or PostgreSQL's network
# round trips) does not stall the event loop other users share. Password hashing has a pool of
# its own (services/hashing.py): a burst of sign-ins must not take these threads.
_DB_POOL = ThreadPoolExecutor(max_workers=int(os.environ.get("CC_DB_THREADS", "4")),
                              thread_name_prefix="cc-db")


async def run_in_db_thread(work: Callable[[], T]) -> T:
    """Run blocking database work in the database pool."""
    return await asyncio.get_running_loop().run_in_executor(_DB_POOL, work)


# Password hashing (bcrypt, ~250 ms of CPU at cost 12) has one thread of its own, so sign-ins
# use at most one core and leave the database threads to everyone else; the thread runs at a
# lower scheduling priority, so that with several workers on few cores the hashing takes the
# CPU others leave rather than theirs. The queue is short: a sign-in that could not be
# answered within about two seconds is told at once to try again in a moment.
HASHING_NICENESS = 10


def _lower_priority() -> None:
    # Not on Linux, or not allowed: the default priority.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)


_HASH_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cc-hash",
                                initializer=_lower_priority)
MAX_HASHING = int(os.environ.get("CC_MAX_HASHING", "6"))
# How long the checks waiting and running may take together: a check is refused when those
# ahead of it and itself would take longer, at the time one check takes now (~0.25 s on a
# quiet machine at cost 12, two or three times that on a busy one, where a fixed queue of six
# made the last sign-in of a burst wait five seconds). One second, not two: the sign-in's page,
# its events and the session around the check took most of a second more under load
# (make bench, 20 sign-ins among 50 citizens: the slowest took 2.4 s with a budget of 1.5 s).
HASHING_BUDGET = float(os.environ.get("CC_HASHING_BUDGET", "1.0"))
_hashing = 0
# A moving average of how long one check took in the thread; before the first has ended, a
# check at cost 12 on a quiet core (a burst at start must not all be let in unmeasured).
_hash_seconds = 0.25
# When the check in the thread now began (None: none is running).
_hash_started: float | None = None


class HashingBusy(Exception):
    """Too many passwords are being checked right now (answer: try again in a moment)."""


# A check that waited at least this long in the queue is refused at its turn when its wait
# and the time one check takes now would end past the budget (see _timed).
_LONG_WAIT_SECONDS = 0.1


def _timed(work: Callable[..., T], queued_at: float, *args: Any) -> T:
    """Run one check in the hashing thread and learn how long it took, or refuse it at its
    turn: the admission estimate is made when a burst arrives, before the machine is busy
    with it (on PostgreSQL with two workers, each check then took two or three times the
    estimate and the last sign-ins let in waited over two seconds). The wait is measured here,
    so a check that would end past the budget is told to try again now, not after it."""
    global _hash_seconds, _hash_started
    start = time.perf_counter()
    waited = start - queued_at
    if waited >= _LONG_WAIT_SECONDS and waited + _hash_seconds > HASHING_BUDGET:
        raise HashingBusy
    _hash_started = start
    try:
        return work(*args)
    finally:
        _hash_started = None
        took = time.perf_counter() - start
        _hash_seconds = 0.7 * _hash_seconds + 0.3 * took


def hash_seconds() -> float:
    """How long one check takes now: the recent average, or longer when the check running
    has already taken longer (the machine got busy: the average learns only when it ends)."""
    started = _hash_started
    running = time.perf_counter() - started if started is not None else 0.0
    return max(_hash_seconds, running)


def hashing_is_full() -> bool:
    """Whether one more check would wait beyond the budget (or the queue is at its cap); one
    check alone is always taken."""
    return _hashing >= MAX_HASHING or (
        _hashing > 0 and (_hashing + 1) * hash_seconds() > HASHING_BUDGET)


def hashing_queued() -> int:
    """Password checks waiting or running in this worker's hashing thread (for /metrics)."""
    return _hashing


async def run_hashing(work: Callable[..., T], /, *args: Any) -> T:
    """Run password hashing in its pool, or raise :class:`HashingBusy` when its queue is full
    (or, at its turn, when it has waited so long that it would end past the budget)."""
    global _hashing
    if hashing_is_full():
        raise HashingBusy
    _hashing += 1
    try:
        return await asyncio.get_running_loop().run_in_executor(
            _HASH_POOL, _timed, work, time.perf_counter(), *args)
    finally:
        _hashing -= 1


async def call_service(use_case: Callable[..., T], /, **kwargs: Any) -> T:
    """Run a use case with its own database session in the database pool."""

    def run() -> T:
        with db.session() as session:
            return use_case(session, **kwargs)

    return await run_in_db_thread(run)
