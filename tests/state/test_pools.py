"""The password-hashing pool: one thread, a short queue, and a clear "busy" beyond it."""

from __future__ import annotations

import asyncio
import threading
import time

from convenience_center.state import pools


def run(coroutine):  # type: ignore[no-untyped-def]
    """Run a coroutine on a loop of its own (the browser tests leave one running here)."""
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(coroutine)))
    thread.start()
    thread.join(30)
    return result[0]


def test_hashing_runs_on_one_thread_and_refuses_beyond_its_queue():
    threads: set[str] = set()

    def work() -> str:
        threads.add(threading.current_thread().name)
        time.sleep(0.05)
        return "done"

    async def burst() -> list[object]:
        return await asyncio.gather(
            *(pools.run_hashing(work) for _ in range(pools.MAX_HASHING + 3)),
            return_exceptions=True)

    pools._hash_seconds = 0.05  # learned: as long as one of these takes
    results = run(burst())
    assert results.count("done") == pools.MAX_HASHING
    assert sum(isinstance(r, pools.HashingBusy) for r in results) == 3
    assert len(threads) == 1 and next(iter(threads)).startswith("cc-hash")
    assert run(pools.run_hashing(work)) == "done"  # the queue is free again


def test_database_work_does_not_run_on_the_hashing_thread():
    async def both() -> tuple[str, str]:
        return (await pools.run_in_db_thread(lambda: threading.current_thread().name),
                await pools.run_hashing(lambda: threading.current_thread().name))

    db_thread, hash_thread = run(both())
    assert db_thread.startswith("cc-db") and hash_thread.startswith("cc-hash")


def test_the_hashing_thread_yields_the_cpu_to_the_others():
    import os

    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    assert run(pools.run_hashing(niceness)) == os.getpriority(os.PRIO_PROCESS, 0) + \
        pools.HASHING_NICENESS


def test_a_check_is_refused_when_those_ahead_would_take_it_past_the_budget():
    """Slow checks (a busy machine): only as many are taken as finish within the budget."""
    def slow() -> str:
        time.sleep(0.4)
        return "done"

    for _ in range(8):  # the average follows how long they take
        assert run(pools.run_hashing(slow)) == "done"
    assert pools._hash_seconds >= 0.37

    async def burst() -> list[object]:
        return await asyncio.gather(*(pools.run_hashing(slow) for _ in range(6)),
                                    return_exceptions=True)

    started = time.monotonic()
    results = run(burst())
    taken = int(pools.HASHING_BUDGET // pools._hash_seconds)  # 1 s / ~0.4 s: 2
    assert results.count("done") == taken and taken < pools.MAX_HASHING
    assert sum(isinstance(r, pools.HashingBusy) for r in results) == 6 - taken
    assert time.monotonic() - started < pools.HASHING_BUDGET + 0.5


def test_a_check_running_long_counts_before_it_ends():
    """The machine got busy: the check in the thread has run past the average, and the next
    ones are judged by how long it has run, not by the average it has not changed yet."""
    release = threading.Event()

    def stuck() -> str:
        release.wait(5)
        return "done"

    pools._hash_seconds = 0.05  # learned on a quiet machine
    beside: list[object] = []

    async def scenario() -> object:
        first = asyncio.ensure_future(pools.run_hashing(stuck))
        await asyncio.sleep(0.1)  # it runs
        assert pools.hashing_is_full() is False  # 2 x 0.1 s: within the budget
        while pools.hash_seconds() <= pools.HASHING_BUDGET / 2:
            await asyncio.sleep(0.05)
        try:
            await pools.run_hashing(lambda: "second")
        except pools.HashingBusy as refused:
            beside.append(refused)
        release.set()
        return await first

    assert run(scenario()) == "done"
    assert len(beside) == 1 and isinstance(beside[0], pools.HashingBusy)
    assert pools.hash_seconds() == pools._hash_seconds  # nothing running: the average


def test_a_check_let_in_on_an_old_estimate_is_refused_at_its_turn():
    """A burst let in on a quiet machine's estimate, and then each check takes far longer (the
    machine got busy with it): a check that waited so long it would end past the budget is
    told to try again at its turn, not answered after it."""
    def slow() -> str:
        time.sleep(0.45)
        return "done"

    pools._hash_seconds = 0.05  # learned on a quiet machine: a burst of six is let in

    async def burst() -> list[tuple[object, float]]:
        started = time.monotonic()

        async def one() -> tuple[object, float]:
            try:
                outcome: object = await pools.run_hashing(slow)
            except pools.HashingBusy as busy:
                outcome = busy
            return outcome, time.monotonic() - started

        return list(await asyncio.gather(*(one() for _ in range(pools.MAX_HASHING))))

    answers = run(burst())
    done = [took for outcome, took in answers if outcome == "done"]
    refused = [took for outcome, took in answers if isinstance(outcome, pools.HashingBusy)]
    assert len(done) + len(refused) == pools.MAX_HASHING
    assert 1 <= len(done) < pools.MAX_HASHING and refused
    # Every answer, done or refused, came within the budget and one check more.
    assert max(took for _outcome, took in answers) < pools.HASHING_BUDGET + 0.45 + 0.3
