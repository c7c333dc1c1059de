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
- Python's full garbage collection goes through every object the app made at start-up (the
  compiled pages, components and vars: ~940,000 in a worker), and stops the worker while it
  does: logged with ``gc.callbacks``, the one at start-up took 0.3-2 s on this machine. It
  runs again once a quarter as many new objects have lived long (connected tabs' states do),
  in the middle of everyone's events. Once the start-up work is done, those objects are
  collected once and frozen (``gc.freeze``: kept out of every later collection), so a full
  collection goes through what was made since (0.1 s for ~38,000 objects on a loaded
  machine); what events make is collected as before.

``warm_up`` runs as a lifespan task in a thread, so a start is not made longer by it: the
first page is served while it runs (a request that needs one of these meanwhile waits on
Python's import lock or does the work itself, as before).
"""

from __future__ import annotations

import asyncio
import gc
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
    freeze_start_up_objects()
    return time.perf_counter() - started


def freeze_start_up_objects() -> int:
    """Collect the garbage of the start-up once, then keep everything still alive out of
    later collections; how many objects were frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


async def warm_up() -> None:
    """The lifespan task (one per worker)."""
    try:
        seconds = await asyncio.to_thread(warm)
    except Exception:  # a failure here only leaves the work to the first event, as before
        log.warning("warm-up failed", exc_info=True)
        return
    log.info("warmed up in %.2f s (%d objects kept out of garbage collection)", seconds,
             gc.get_freeze_count())
