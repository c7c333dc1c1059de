"""A tab's state in Redis under two workers, an event slower than the lock (issue 11; Reflex
issue #6855, "a write after the lock changed hands").

Against the machine's Redis (a database of its own, 1-15, claimed as the browser tests claim
theirs and emptied at the end), with real ``StateManagerRedis`` instances, one per worker, on
the app's own state tree. What reflex 0.10.1 does (reflex/istate/manager/redis.py; the summary
is in docs/deployment.md, "A tab's state in Redis: its lock"):

- an event takes ``<token>_lock`` with ``SET NX PX lock_expiration`` (the app sets no
  ``redis_lock_expiration``: 10 000 ms; nothing extends it while the event runs, opportunistic
  locking being off) and reads the tab's states with one MGET;
- it writes them back with a Lua script that first checks that the lock still holds its own
  id: a late write (the lock expired, another worker took it) writes nothing, not one key, and
  raises ``LockExpiredError``; the late event does not delete the other worker's lock.

So a slow event cannot overwrite a newer state, nor leave half of its own: the tab keeps
what the newer event wrote. What a late event can leave behind: the changes it made in the
shared states it locked after its own (their locks were fresh), and the database work it
committed; its own tab's changes are dropped (and were already shown in its browser).
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from typing import TypeVar

import pytest
import redis
import reflex as rx
from redis.asyncio import Redis
from reflex.istate.manager.redis import StateManagerRedis
from reflex.state import BaseState
from reflex_base.config import get_config
from reflex_base.environment import environment
from reflex_base.utils.exceptions import LockExpiredError

import convenience_center.convenience_center  # noqa: F401  (the app: every state, installed)
from convenience_center.state.live import UserActivity
from convenience_center.state.participation import ComplaintsState
from tests.conftest import REDIS_URL
from tests.state.loops import run

LOCK_MS = 400  # the tests' lock: expires while the slow event still runs
CLAIM = "cc-test:claim"
S = TypeVar("S", bound=BaseState)


@pytest.fixture(scope="module")
def redis_db() -> Iterator[str]:
    """A Redis database (1-15) no other test run is using, emptied before and after."""
    for index in range(15, 0, -1):
        client = redis.Redis.from_url(f"{REDIS_URL}/{index}")
        if client.set(CLAIM, f"state-locks {os.getpid()}", nx=True, ex=3600):
            for key in client.scan_iter():
                if key != CLAIM.encode():
                    client.delete(key)
            try:
                yield f"{REDIS_URL}/{index}"
            finally:
                client.flushdb()
                client.close()
            return
        client.close()
    raise RuntimeError("no free Redis database for the tests (all of 1-15 are claimed)")


def worker(url: str, lock_ms: int = LOCK_MS) -> StateManagerRedis:
    """One worker's state manager (made in the running loop, as Reflex makes it)."""
    return StateManagerRedis(redis=Redis.from_url(url), lock_expiration=lock_ms,
                             lock_warning_threshold=lock_ms // 2)


def tab_token(cls: type[rx.State] = ComplaintsState) -> rx.BaseStateToken:
    return rx.BaseStateToken(ident=str(uuid.uuid4()), cls=cls)


async def stored(url: str, token: rx.BaseStateToken, cls: type[S]) -> S:
    """What Redis holds for the tab, read by a third worker."""
    reader = worker(url)
    try:
        return await (await reader.get_state(token)).get_state(cls)
    finally:
        await reader.close()


def test_the_app_runs_with_reflex_s_lock_of_ten_seconds_never_extended():
    config = get_config()
    assert (config.redis_lock_expiration, config.redis_lock_warning_threshold) == (10_000, 1_000)
    assert environment.REFLEX_OPLOCK_ENABLED.get() is False  # no lease extends the lock


def test_a_write_after_the_lock_changed_hands_writes_nothing_and_the_newer_state_stays(
        redis_db: str):
    """The slow event ends while the tab's next event, on the other worker, holds the lock."""
    token = tab_token()
    seen: list[str] = []

    async def scenario() -> tuple[list[BaseException | None], ComplaintsState]:
        one, two = worker(redis_db), worker(redis_db)
        lock_key = one._lock_key(token)
        slow_holds, fast_has_lock, slow_ended = asyncio.Event(), asyncio.Event(), asyncio.Event()

        async def slow_event() -> None:  # on worker one: outlives its lock
            try:
                async with one.modify_state(token) as root:
                    state = await root.get_state(ComplaintsState)
                    state.attaching_to, state.files_generation = "SLOW", 7
                    slow_holds.set()
                    await fast_has_lock.wait()  # only once worker two has taken the lock
                    seen.append("slow event ends")
            finally:
                slow_ended.set()

        async def fast_event() -> None:  # on worker two: the same tab's next event
            await slow_holds.wait()
            async with two.modify_state(token) as root:
                held_by = await two.redis.get(lock_key)
                seen.append("fast event has the lock")
                fast_has_lock.set()
                await slow_ended.wait()  # the late write came and went meanwhile
                state_now = await stored(redis_db, token, ComplaintsState)
                seen.append(f"after the late write Redis holds {state_now.attaching_to!r}")
                still_held_by = await two.redis.get(lock_key)
                seen.append("the lock is still the fast event's: "
                            f"{held_by is not None and still_held_by == held_by}")
                (await root.get_state(ComplaintsState)).attaching_to = "FAST"

        try:
            outcome = await asyncio.gather(slow_event(), fast_event(), return_exceptions=True)
        finally:
            await one.close()
            await two.close()
        return list(outcome), await stored(redis_db, token, ComplaintsState)

    outcome, state = run(scenario())
    assert seen == ["fast event has the lock", "slow event ends",
                    "after the late write Redis holds ''",
                    "the lock is still the fast event's: True"]
    assert isinstance(outcome[0], LockExpiredError) and outcome[1] is None
    assert "Lock expired" in str(outcome[0])
    # the newer event's state, whole: nothing of the late one (not even its other field)
    assert (state.attaching_to, state.files_generation) == ("FAST", 0)


def test_an_event_whose_lock_expired_while_it_waited_for_a_shared_state_loses_only_its_own(
        redis_db: str):
    """As linked shared states are locked: the tab's lock first, then each shared state's
    inside it. A third worker's event holds the shared state (``user-<id>``) longer than the
    tab's lock lives; meanwhile the tab's next event, on another worker, takes the tab."""
    tab, shared = tab_token(), tab_token(UserActivity)
    seen: list[str] = []

    async def scenario() -> tuple[list[BaseException | None], ComplaintsState, UserActivity]:
        # worker three's lock lives as long as the app's (10 s): only the tab's expires
        one, two, three = worker(redis_db), worker(redis_db), worker(redis_db, 10_000)
        shared_held, tab_waits, fast_done = asyncio.Event(), asyncio.Event(), asyncio.Event()

        async def holder() -> None:  # worker three: holds the shared state
            async with three.modify_state(shared) as root:
                (await root.get_state(UserActivity)).changes += 1
                shared_held.set()
                await fast_done.wait()
                seen.append("shared state let go")

        async def tab_event() -> None:  # worker one: its tab, then the shared state
            await shared_held.wait()
            async with one.modify_state(tab) as root:
                (await root.get_state(ComplaintsState)).attaching_to = "SLOW"
                tab_waits.set()
                async with one.modify_state(shared) as shared_root:
                    seen.append("tab event has the shared state")
                    (await shared_root.get_state(UserActivity)).changes += 10

        async def next_event() -> None:  # worker two: the same tab, once its lock expired
            await tab_waits.wait()
            async with two.modify_state(tab) as root:
                seen.append("next event has the tab")
                (await root.get_state(ComplaintsState)).attaching_to = "FAST"
            fast_done.set()

        try:
            outcome = await asyncio.gather(tab_event(), next_event(), holder(),
                                           return_exceptions=True)
        finally:
            for manager in (one, two, three):
                await manager.close()
        return (list(outcome), await stored(redis_db, tab, ComplaintsState),
                await stored(redis_db, shared, UserActivity))

    outcome, tab_state, shared_state = run(scenario())
    assert seen == ["next event has the tab", "shared state let go",
                    "tab event has the shared state"]
    assert isinstance(outcome[0], LockExpiredError) and outcome[1:] == [None, None]
    assert tab_state.attaching_to == "FAST"  # the tab: the newer event's state, not overwritten
    assert shared_state.changes == 11  # the shared count: both events' changes, none lost
