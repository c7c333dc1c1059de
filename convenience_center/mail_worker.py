"""The mail worker: a lifespan task in every worker that sends the outbox and handles the
queued password-reset requests (services/mail.py, services/recovery.py).

It works when there is work: a transaction that queued a mail or a reset request wakes this
worker's round as it commits (:func:`mail.when_queued`). Between wake-ups it looks every
``POLL_SECONDS`` for what no wake-up announces: mails due again after a failed attempt
(minutes later), mails whose sender died before sending (its claim times out) and mails
queued by another host or worker. It used to look every second: two queries a second on an
idle worker, ~3% of its CPU while tabs connected (py-spy), and a mail up to a second late.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from convenience_center import db
from convenience_center.services import mail, recovery, throttle

log = logging.getLogger("convenience_center.mail_worker")

POLL_SECONDS = 5.0
# Woken, the round waits this long first: the commit that woke it is usually an event whose
# live updates (a dashboard, the applicant's case page) are being pushed at that moment, and a
# mail round at once competed with them (the benchmark's push figures went from p95 39 to
# 100 ms on SQLite, 166 to 279 ms on PostgreSQL + Redis).
WAKE_DELAY_SECONDS = 0.5
PRUNE_SECONDS = 3600.0  # how often old throttle counters are removed


def one_round(*, prune: bool) -> None:
    """Handle the queued reset requests, send what is due, and prune when it is time."""
    with db.session() as session:
        recovery.process_reset_requests(session)
        mail.deliver_pending(session)
        if prune:
            throttle.prune(session)
            session.commit()


async def run(poll_seconds: float | None = None) -> None:
    """The lifespan task: a round at start, then one at each wake-up or poll."""
    loop = asyncio.get_running_loop()
    woken = asyncio.Event()

    def wake() -> None:  # called in the thread that committed
        loop.call_soon_threadsafe(woken.set)

    pruned = -PRUNE_SECONDS
    with mail.when_queued(wake):
        while True:
            woken.clear()  # what commits during the round wakes the next one
            prune = time.monotonic() - pruned >= PRUNE_SECONDS
            try:
                await asyncio.to_thread(one_round, prune=prune)
                if prune:
                    pruned = time.monotonic()
            except Exception:  # the loop must survive a failing SMTP server or database
                log.exception("mail round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(woken.wait(), poll_seconds or POLL_SECONDS)
                await asyncio.sleep(WAKE_DELAY_SECONDS)  # woken: after the live updates
