"""Database engine and sessions, shared by the web app, the CLI and the tests.

SQLite gets WAL, ``busy_timeout`` and ``foreign_keys``; write sessions on SQLite start with
``BEGIN IMMEDIATE`` so that read-then-write use cases never fail half-way with "database is
locked". PostgreSQL runs the same code; its concurrency comes from conditional updates and
unique constraints in the services.

Every wait for PostgreSQL is bounded (``settings.DatabaseTimeouts``): the connection, the pool,
the statement, a lock, a transaction left idle, unacknowledged data on the socket; and, on the
client, the reply itself (``_BoundedConnection``): a server whose processes are stopped still
has its kernel accept and acknowledge every byte, so neither its ``statement_timeout`` nor TCP
keepalives nor ``tcp_user_timeout`` ever end that wait (``tests/faults/test_postgres_frozen.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from psycopg.abc import PQGen
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session, create_engine

from convenience_center.settings import DatabaseTimeouts, get_settings

RV = TypeVar("RV")

# Keepalive probes on an idle connection: the first after 10 s of silence, then every 5 s;
# three unanswered make 25 s, the default ``tcp_user_timeout``, which then ends the socket.
KEEPALIVE_IDLE_SECONDS = 10
KEEPALIVE_INTERVAL_SECONDS = 5
KEEPALIVE_COUNT = 3
# How long after its ``statement_timeout`` the reply of a statement may still come (the
# server's cancellation travelling back) before the client gives the connection up.
REPLY_GRACE_SECONDS = 5.0


def _configure_sqlite(engine: Engine, *, immediate: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class _BoundedConnection(psycopg.Connection[Any]):
    """A psycopg connection that waits at most ``reply_seconds`` for the server's reply
    (``None``: for ever), then closes itself (it is mid-protocol, in no state to be used
    again) and raises ``OperationalError``, which SQLAlchemy takes for a lost connection: the
    pool is invalidated and the next checkout connects afresh.

    psycopg has no client-side limit of its own: every exchange on an established connection
    (execute, fetch, commit, rollback, the pre-ping) goes through ``Connection.wait``, whose
    ``timeout`` (psycopg >= 3.2) raises its internal ``_WaitTimeout``. Should either change,
    ``tests/faults/test_postgres_frozen.py`` fails."""

    reply_seconds: float | None = None

    def wait(self, gen: PQGen[RV], interval: float = 0.1, timeout: float | None = None) -> RV:
        limit = self.reply_seconds if timeout is None else timeout
        try:
            return super().wait(gen, interval, limit)
        except psycopg.errors._WaitTimeout as exc:
            if timeout is not None:  # the caller's own limit (notifies), not ours
                raise
            self.close()
            raise psycopg.OperationalError(
                f"no reply from the database server within {limit:g} s") from exc


def _milliseconds(seconds: float) -> int:
    return max(0, round(seconds * 1000))


def _postgresql_connect_args(url: str, timeouts: DatabaseTimeouts) -> dict[str, Any]:
    """libpq's connection parameters: connect timeout, keepalives, ``tcp_user_timeout`` and
    the server-side limits as ``options`` (in the startup packet: no extra round trip). An
    ``options`` of the URL comes after ours, so what an operator put there wins."""
    limits = (f"-c statement_timeout={_milliseconds(timeouts.statement)} "
              f"-c lock_timeout={_milliseconds(timeouts.lock)} "
              "-c idle_in_transaction_session_timeout="
              f"{_milliseconds(timeouts.idle_in_transaction)}")
    own_options = make_url(url).query.get("options")
    if isinstance(own_options, str) and own_options.strip():
        limits = f"{limits} {own_options.strip()}"
    return {
        # libpq takes whole seconds, and anything below 2 as 2.
        "connect_timeout": max(2, math.ceil(timeouts.connect)),
        "keepalives": 1,
        "keepalives_idle": KEEPALIVE_IDLE_SECONDS,
        "keepalives_interval": KEEPALIVE_INTERVAL_SECONDS,
        "keepalives_count": KEEPALIVE_COUNT,
        "tcp_user_timeout": _milliseconds(timeouts.tcp_user_timeout),
        "options": limits,
    }


def _bound_replies(engine: Engine, timeouts: DatabaseTimeouts) -> None:
    """Bound the wait for every reply of a psycopg connection: while a use case holds it, a
    little longer than the statement timeout; while it sits in the pool, the connect timeout,
    which is what the pool's pre-ping (a round trip of microseconds) then waits at most."""
    working = (timeouts.statement + REPLY_GRACE_SECONDS) if timeouts.statement > 0 else None
    pinging = float(max(2, math.ceil(timeouts.connect)))

    def limit(dbapi_connection: Any, seconds: float | None) -> None:
        if isinstance(dbapi_connection, _BoundedConnection):
            dbapi_connection.reply_seconds = seconds

    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> _BoundedConnection:
        connection = _BoundedConnection.connect(*cargs, **cparams)
        connection.reply_seconds = working  # the dialect's first queries on it
        return connection

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        limit(dbapi_connection, working)

    @event.listens_for(engine, "checkin")
    def _checkin(dbapi_connection: Any, _record: Any) -> None:
        limit(dbapi_connection, pinging)


def make_engine(url: str, *, immediate: bool = False) -> Engine:
    """Create an engine for ``url`` with the platform's connection settings."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})
        _configure_sqlite(engine, immediate=immediate)
        return engine
    timeouts = get_settings().db_timeouts
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10,
                           pool_timeout=timeouts.pool,
                           connect_args=_postgresql_connect_args(url, timeouts))
    if engine.dialect.driver == "psycopg":
        _bound_replies(engine, timeouts)
    return engine


_ENGINES: dict[str, tuple[Engine, Engine]] = {}


def _engines(url: str) -> tuple[Engine, Engine]:
    """(read engine, write engine) for ``url``; the same engine outside SQLite.

    Engines are per-process connection pools, not application state, so a module-level cache
    is right here even with several workers.
    """
    if url not in _ENGINES:
        if url.startswith("sqlite"):
            _ENGINES[url] = (make_engine(url), make_engine(url, immediate=True))
        else:
            engine = make_engine(url)
            _ENGINES[url] = (engine, engine)
    return _ENGINES[url]


def read_engine() -> Engine:
    """The engine for read-only work."""
    return _engines(get_settings().db_url)[0]


def write_engine() -> Engine:
    """The engine for work that writes (``BEGIN IMMEDIATE`` on SQLite)."""
    return _engines(get_settings().db_url)[1]


@contextmanager
def session() -> Iterator[Session]:
    """A session for a use case that may write. Services commit; this only closes."""
    with Session(write_engine(), expire_on_commit=False) as db:
        yield db


@contextmanager
def read_session() -> Iterator[Session]:
    """A session for pure reads (dashboards, lists)."""
    with Session(read_engine(), expire_on_commit=False) as db:
        yield db


def dispose_engines() -> None:
    """Close every pooled connection and forget the engines (tests, forks)."""
    for read, write in _ENGINES.values():
        read.dispose()
        write.dispose()
    _ENGINES.clear()
