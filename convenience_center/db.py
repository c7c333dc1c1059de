"""Database engine and sessions, shared by the web app, the CLI and the tests.

SQLite gets WAL, ``busy_timeout`` and ``foreign_keys``; write sessions on SQLite start with
``BEGIN IMMEDIATE`` so that read-then-write use cases never fail half-way with "database is
locked". PostgreSQL runs the same code; its concurrency comes from conditional updates and
unique constraints in the services.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

from convenience_center.settings import get_settings


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


def make_engine(url: str, *, immediate: bool = False) -> Engine:
    """Create an engine for ``url`` with the platform's connection settings."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})
        _configure_sqlite(engine, immediate=immediate)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


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
