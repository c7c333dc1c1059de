"""One-time work done when a worker starts, not in the first person's event after it.

Each of these was found with py-spy on the first staff action and the first submission after
a start (the live-update benchmark, SQLite, one worker); each ran inside someone's event:

- Reflex's event processor imports ``reflex.model`` (and Alembic with it) the first time a
  payload is a dict, to see whether the handler wants a model: the officer's first action
  waited ~190 ms before its handler began.
- python-stdnum reads and parses its GB/T 2260 region table the first time an ID number is
  checked: ~30 ms alone, ~90 ms on a busy worker.
- The fonts of the printable documents are read from the font file the first time a PDF is
  made: ~100 ms.

``warm_up`` runs as a lifespan task in a thread, so a start is not made longer by it: the
first page is served while it runs (a request that needs one of these meanwhile waits on
Python's import lock or does the work itself, as before).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import time

log = logging.getLogger("convenience_center.warmup")


def warm() -> float:
    """Do the one-time work now; the seconds it took."""
    started = time.perf_counter()
    importlib.import_module("reflex.model")
    from convenience_center.documents.fonts import register_fonts
    from convenience_center.domain.identity import region_ever_existed

    region_ever_existed("410102")  # loads stdnum's region table (Zhengzhou, Zhongyuan)
    register_fonts()
    return time.perf_counter() - started


async def warm_up() -> None:
    """The lifespan task (one per worker)."""
    try:
        seconds = await asyncio.to_thread(warm)
    except Exception:  # a failure here only leaves the work to the first event, as before
        log.warning("warm-up failed", exc_info=True)
        return
    log.info("warmed up in %.2f s", seconds)
