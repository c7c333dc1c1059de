"""A tab that comes back after its host died keeps its token, and so its state.

Reflex 0.10.1 (``reflex/utils/token_manager.py``) records each tab's websocket in Redis as
``token_manager_socket_record_<token>`` → (worker ``instance_id``, sid), ``SET ... EX
redis_token_expiration`` (an hour by default; ``_store_socket_record``, l.358-382). A tab
that connects is taken for a duplicate (the same token opened in a second tab: a duplicated
browser tab copies sessionStorage) as soon as that key EXISTS (``link_token_to_sid``,
l.334-346) and is handed a new token (``EventNamespace.link_token_to_sid`` emits
``new_token``, reflex/app.py l.2561-2565): its state starts afresh. Only the worker that holds
the socket deletes the record, when it closes (``disconnect_token``, l.384-406). A host
killed with SIGKILL deletes nothing, so its tabs, reconnecting through nginx to another host,
found their own record and lost what was kept in their state (typing not saved yet).

Here a record counts only while its socket lives. Every worker listens on a Redis channel of
its own, ``cc_socket_owner_<instance_id>``, before it records any socket, and answers there
whether a sid is still linked to a token. A tab connecting with a token that has a record:

- of another worker: that worker is asked. If no client listens (``PUBLISH`` reached none),
  its process is gone: Redis drops a process's connections when it dies, by SIGKILL too, and
  a live worker stays subscribed (pub/sub clients are exempt from Redis's idle ``timeout``).
  The token is the tab's again. An answer "not linked" (a stale record) likewise. The answer
  "linked", or none within ``PROBE_SECONDS`` (a worker alive but too busy to say), means a
  live tab holds the token: the new one is a duplicate and gets a new token, as in Reflex;
- of this worker: it counts if its sid is still linked here (Reflex's own reading of such a
  record, ``_fetch_socket_record`` l.500-504).

The claim is atomic: a missing record is set with NX, a dead one replaced only if it is still
the one found (compare-and-set), so two tabs racing for one token cannot both get it (Reflex's
EXISTS-then-SET could give it to both). Not covered: a host that vanishes with its network
(power loss): Redis keeps its connection until TCP gives up, the question goes unanswered, and
the tab gets a new token, as before. The version of Reflex is pinned below 0.11
(pyproject.toml); the methods replaced are checked at install.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import pickle
import uuid
import weakref
from typing import Any, cast

from reflex.utils.token_manager import LocalTokenManager, RedisTokenManager, SocketRecord

log = logging.getLogger(__name__)

CHANNEL_PREFIX = "cc_socket_owner_"
REPLY_PREFIX = "cc_socket_owner_reply_"
PROBE_SECONDS = 2.0  # how long a live worker may take to answer before it is believed
READY_SECONDS = 2.0  # how long a connect waits for this worker's own channel
LINKED, GONE = "linked", "gone"

# Replace the record only if it is still the one read (bytes compared as they are).
_REPLACE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3])
end
return false
"""

_original_link: Any = None


@dataclasses.dataclass
class _Listener:
    """This worker's answering of questions about its sockets."""

    task: asyncio.Task[None] | None = None
    instance_id: str = ""  # the channel it listens on (Reflex renews the id at startup)
    ready: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)


_listeners: weakref.WeakKeyDictionary[RedisTokenManager, _Listener] = \
    weakref.WeakKeyDictionary()


def owner_channel(instance_id: str) -> str:
    return f"{CHANNEL_PREFIX}{instance_id}"


def holds(manager: RedisTokenManager, token: str, sid: str) -> bool:
    """Whether this worker has ``sid`` linked to ``token`` (its socket is open here)."""
    record = manager.token_to_socket.get(token)
    return (record is not None and record.sid == sid
            and record.instance_id == manager.instance_id
            and manager.sid_to_token.get(sid) == token)


async def _answer(manager: RedisTokenManager, listener: _Listener, instance_id: str) -> None:
    """Listen on this worker's channel and answer every question (runs until cancelled)."""
    try:
        async with manager.redis.pubsub() as pubsub:
            await pubsub.subscribe(owner_channel(instance_id))
            async for message in pubsub.listen():
                if message["type"] == "subscribe":
                    listener.ready.set()
                    continue
                if message["type"] != "message":
                    continue
                try:
                    question = json.loads(message["data"])
                    reply, token, sid = question["reply"], question["token"], question["sid"]
                except (ValueError, KeyError, TypeError):
                    continue
                answer = LINKED if holds(manager, str(token), str(sid)) else GONE
                try:  # a failed answer is taken for "linked": the subscription stays
                    async with manager.redis.pipeline(transaction=False) as pipe:
                        pipe.rpush(str(reply), answer)
                        pipe.expire(str(reply), int(PROBE_SECONDS) + 5)
                        await pipe.execute()
                except Exception as error:
                    log.warning("Could not answer for a socket (%s)", error)
    finally:
        listener.ready.clear()


async def _run_answering(manager: RedisTokenManager, listener: _Listener,
                         instance_id: str) -> None:
    """Answer, and listen again a second after Redis dropped the subscription."""
    while True:
        try:
            await _answer(manager, listener, instance_id)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # Redis went away: subscribe again when it is back
            log.warning("Socket owner channel lost (%s); subscribing again", error)
        await asyncio.sleep(1.0)


async def listening(manager: RedisTokenManager) -> bool:
    """Start this worker's answering if needed; whether it is subscribed (waits a little)."""
    listener = _listeners.get(manager)
    if listener is None:
        listener = _listeners[manager] = _Listener()
    if listener.task is not None and (listener.task.done()
                                      or listener.instance_id != manager.instance_id):
        listener.task.cancel()
        listener.task = None
    if listener.task is None:
        listener.ready = asyncio.Event()
        listener.instance_id = manager.instance_id
        listener.task = asyncio.create_task(
            _run_answering(manager, listener, manager.instance_id),
            name=f"cc_socket_owner|{manager.instance_id}")
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(listener.ready.wait(), READY_SECONDS)
    return listener.ready.is_set()


async def stop_listening(manager: RedisTokenManager) -> None:
    """Stop answering (tests; a worker's answering ends with its process)."""
    listener = _listeners.pop(manager, None)
    if listener is not None and listener.task is not None:
        listener.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listener.task


async def socket_lives(manager: RedisTokenManager, token: str, record: SocketRecord) -> bool:
    """Whether the socket ``record`` of ``token`` is still open on a live worker."""
    if record.instance_id == manager.instance_id:
        return manager.sid_to_token.get(record.sid) == token
    reply = f"{REPLY_PREFIX}{uuid.uuid4()}"
    question = json.dumps({"reply": reply, "token": token, "sid": record.sid})
    receivers = await manager.redis.publish(owner_channel(record.instance_id), question)
    if not receivers:
        return False
    try:
        answered = await cast(Any, manager.redis.blpop([reply], timeout=PROBE_SECONDS))
    finally:
        await manager.redis.delete(reply)
    if answered is None:
        log.warning("Worker %s did not say within %s s whether it holds a tab: taken as "
                    "alive", record.instance_id, PROBE_SECONDS)
        return True
    return cast("list[bytes]", answered)[1].decode() != GONE


async def _claim(manager: RedisTokenManager, token: str, record: SocketRecord) -> bool:
    """Record the socket as the token's unless a live socket holds the token (atomic)."""
    key = manager._get_redis_key(token)
    mine = pickle.dumps(record)
    held = cast("bytes | None", await manager.redis.get(key))
    if held is None:
        return bool(await manager.redis.set(key, mine, ex=manager.token_expiration, nx=True))
    found = pickle.loads(held)  # noqa: S301 - Reflex's own record, as Reflex reads it
    if found != record and await socket_lives(manager, token, found):
        return False
    replaced = await cast(Any, manager.redis.eval(_REPLACE, 1, key, held, mine,
                                                  manager.token_expiration))
    if replaced and found != record:
        log.info("A tab keeps its token: the socket recorded for it (worker %s) is closed",
                 found.instance_id)
    return bool(replaced)


async def link_token_to_sid(self: RedisTokenManager, token: str, sid: str) -> str | None:
    """``RedisTokenManager.link_token_to_sid`` where only a live socket's record makes the
    connecting tab a duplicate. Returns the new token of a duplicate, None otherwise."""
    if (record := self.token_to_socket.get(token)) is not None and record.sid == sid:
        return None  # the same socket again (Reflex's fast path)
    self._ensure_socket_record_task()
    if not await listening(self):
        log.warning("Not subscribed to the socket owner channel: Reflex's rule applies")
        return await _original_link(self, token, sid)
    mine = SocketRecord(instance_id=self.instance_id, sid=sid)
    previous = self.token_to_socket.get(token)
    try:
        held_live = previous is not None and previous.instance_id == self.instance_id \
            and self.sid_to_token.get(previous.sid) == token
        # Linked here first: once the record is in Redis, a question about it finds it.
        if not held_live:
            self.token_to_socket[token] = mine
            self.sid_to_token[sid] = token
        claimed = not held_live and await _claim(self, token, mine)
    except Exception as error:
        log.error("Redis error linking a tab's socket: %s", error)
        return await LocalTokenManager.link_token_to_sid(self, token, sid)
    if claimed:
        return None
    if not held_live:  # undo the local link: the token is someone else's
        if previous is not None:
            self.token_to_socket[token] = previous
        else:
            self.token_to_socket.pop(token, None)
        self.sid_to_token.pop(sid, None)
    new_token = str(uuid.uuid4())
    self.token_to_socket[new_token] = mine
    self.sid_to_token[sid] = new_token
    await self._store_socket_record(new_token, mine)
    return new_token


def install() -> bool:
    """Put the rule in place (once, before any tab connects); False if already done."""
    global _original_link
    if _original_link is not None:
        return False
    # What is used of reflex 0.10.1's RedisTokenManager besides the two mappings.
    missing = [name for name in ("_get_redis_key", "_ensure_socket_record_task",
                                 "_store_socket_record") if not hasattr(RedisTokenManager, name)]
    if missing:
        raise RuntimeError(f"RedisTokenManager has no {', '.join(missing)}: see "
                           f"{__name__} before upgrading Reflex")
    _original_link = RedisTokenManager.link_token_to_sid
    RedisTokenManager.link_token_to_sid = link_token_to_sid  # type: ignore[method-assign]
    return True
