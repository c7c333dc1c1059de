"""Which tab keeps a token when it connects (state/socket_owners.py, issue 11).

Against the machine's Redis, with real ``RedisTokenManager`` instances (one per worker, as the
app makes them, the app's rule installed) under a key prefix of this test run. The host that
dies is a process of its own, killed with SIGKILL: its record stays in Redis, as a killed
host's does.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import subprocess
import sys
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from redis.asyncio import Redis
from reflex.utils.token_manager import LocalTokenManager, RedisTokenManager, SocketRecord

import convenience_center.convenience_center  # noqa: F401  (the app: its rules installed)
from convenience_center.state import socket_owners
from tests.conftest import REDIS_URL
from tests.state.loops import run

ROOT = Path(__file__).resolve().parents[2]
R = TypeVar("R")

# Host A: links one tab's socket, says which worker it is, and lives until it is killed.
HOST_A = """
import asyncio, sys
from redis.asyncio import Redis
from reflex.utils.token_manager import RedisTokenManager
from convenience_center.state import socket_owners

async def main(url, prefix, token):
    socket_owners.install()
    manager = RedisTokenManager(Redis.from_url(url))
    manager._token_socket_record_prefix = prefix
    assert await manager.link_token_to_sid(token, "sid-on-a") is None
    print(manager.instance_id, flush=True)
    await asyncio.Event().wait()

asyncio.run(main(*sys.argv[1:]))
"""


@pytest.fixture
def prefix() -> Iterator[str]:
    """This test's socket-record keys, deleted afterwards."""
    name = f"cc-test-sockets-{uuid.uuid4()}:"
    yield name

    async def clean() -> None:
        client = Redis.from_url(REDIS_URL)
        async for key in client.scan_iter(match=f"{name}*"):
            await client.delete(key)
        await client.aclose()
    run(clean())


def with_workers(prefix: str, count: int,
                 body: Callable[..., Awaitable[R]]) -> R:
    """Run ``body(redis, *workers)`` with ``count`` token managers, each its own client."""
    async def main() -> R:
        workers = []
        for _ in range(count):
            worker = RedisTokenManager(Redis.from_url(REDIS_URL))
            worker._token_socket_record_prefix = prefix  # type: ignore[misc]
            workers.append(worker)
        client = Redis.from_url(REDIS_URL)
        try:
            return await body(client, *workers)
        finally:
            for worker in workers:
                await socket_owners.stop_listening(worker)
                await worker.close()
            await client.aclose()
    return run(main(), timeout=60)


def record_of(client_value: bytes | None) -> SocketRecord:
    assert client_value is not None
    return pickle.loads(client_value)


def test_the_app_installs_the_rule() -> None:
    assert RedisTokenManager.link_token_to_sid is socket_owners.link_token_to_sid
    assert socket_owners.install() is False


def test_a_token_whose_host_was_killed_is_reused_one_held_by_a_live_host_is_not(
        prefix: str) -> None:
    token = str(uuid.uuid4())
    host_a = subprocess.Popen([sys.executable, "-c", HOST_A, REDIS_URL, prefix, token],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert host_a.stdout is not None
        a_instance = host_a.stdout.readline().strip()
        assert a_instance, "host A did not start"

        async def body(client: Redis, b: RedisTokenManager) -> None:
            key = f"{prefix}{token}"
            # A lives and holds the tab: a second tab with its token is a duplicate.
            duplicate = await b.link_token_to_sid(token, "sid-on-b")
            assert duplicate is not None and duplicate != token
            assert b.sid_to_token["sid-on-b"] == duplicate
            assert record_of(await client.get(key)).instance_id == a_instance
            assert record_of(await client.get(f"{prefix}{duplicate}")).instance_id \
                == b.instance_id
            await b.disconnect_token(duplicate, "sid-on-b")

            host_a.send_signal(signal.SIGKILL)
            host_a.wait(timeout=10)
            # Until Redis has closed the dead process's connections.
            channel = socket_owners.owner_channel(a_instance)
            while dict(await client.pubsub_numsub(channel))[channel.encode()]:
                await asyncio.sleep(0.01)
            assert record_of(await client.get(key)).instance_id == a_instance  # left behind

            # The tab comes back on B: it keeps its token, and B holds its socket now.
            assert await b.link_token_to_sid(token, "sid-back-on-b") is None
            assert b.sid_to_token["sid-back-on-b"] == token
            assert record_of(await client.get(key)) == SocketRecord(
                instance_id=b.instance_id, sid="sid-back-on-b")
            # And a duplicate of it now, on B, gets a new token.
            again = await b.link_token_to_sid(token, "sid-duplicate-on-b")
            assert again is not None and again != token
            assert record_of(await client.get(key)).sid == "sid-back-on-b"

        with_workers(prefix, 1, body)
    finally:
        if host_a.poll() is None:
            host_a.kill()
            host_a.wait(timeout=10)


def test_a_live_worker_answers_for_its_sockets(prefix: str) -> None:
    async def body(client: Redis, a: RedisTokenManager, b: RedisTokenManager) -> None:
        held, stale = str(uuid.uuid4()), str(uuid.uuid4())
        assert await a.link_token_to_sid(held, "a-1") is None
        assert await a.link_token_to_sid(stale, "a-2") is None
        # a-2 closed but its record stayed (the delete failed): A says it is gone.
        await LocalTokenManager.disconnect_token(a, stale, "a-2")
        assert await client.exists(f"{prefix}{stale}")
        assert await b.link_token_to_sid(stale, "b-1") is None
        assert await b.link_token_to_sid(held, "b-2") not in (None, held)
        # On the same worker: a live socket's token is not given again, a stale one is.
        assert await a.link_token_to_sid(held, "a-3") not in (None, held)
        assert await a.link_token_to_sid(held, "a-1") is None  # the same socket again
        await LocalTokenManager.disconnect_token(a, held, "a-1")
        assert await a.link_token_to_sid(held, "a-4") is None
        assert record_of(await client.get(f"{prefix}{held}")).sid == "a-4"

    with_workers(prefix, 2, body)


def test_a_worker_that_does_not_answer_is_believed_alive(prefix: str) -> None:
    async def body(client: Redis, b: RedisTokenManager) -> None:
        token, silent = str(uuid.uuid4()), str(uuid.uuid4())
        await client.set(f"{prefix}{token}",
                         pickle.dumps(SocketRecord(instance_id=silent, sid="s")))
        async with client.pubsub() as listener:  # subscribed, never answers
            await listener.subscribe(socket_owners.owner_channel(silent))
            assert await b.link_token_to_sid(token, "b-1") not in (None, token)
        assert record_of(await client.get(f"{prefix}{token}")).instance_id == silent

    with_workers(prefix, 1, body)


def test_two_tabs_racing_for_a_dead_hosts_token_do_not_both_get_it(prefix: str) -> None:
    async def body(client: Redis, b: RedisTokenManager, c: RedisTokenManager) -> None:
        for _ in range(10):
            token = str(uuid.uuid4())
            await client.set(f"{prefix}{token}", pickle.dumps(
                SocketRecord(instance_id=str(uuid.uuid4()), sid="on-a-dead-host")))
            got = await asyncio.gather(b.link_token_to_sid(token, f"b-{token}"),
                                       c.link_token_to_sid(token, f"c-{token}"))
            assert sorted(new is None for new in got) == [False, True], got
            winner = b if got[0] is None else c
            assert record_of(await client.get(f"{prefix}{token}")).instance_id \
                == winner.instance_id

    with_workers(prefix, 2, body)
