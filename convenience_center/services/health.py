"""Whether the platform's database and Redis answer, each within a short time.

Used by ``/readyz`` (web/health.py). The probes have connections of their own, apart from the
app's pools and with their own timeouts (one pooled connection per PostgreSQL database, a
read-only SQLite connection opened at each check, one Redis client per URL): a probe never
waits behind the app's work, and a database that stopped answering is reported within about
two seconds, not after the operating system's TCP timeouts (libpq's default is to wait
forever).
"""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

# libpq's and psycopg's smallest connect timeout: one below 2 s is taken as 2 s.
CONNECT_TIMEOUT_SECONDS = 2
QUERY_TIMEOUT_MS = 1500
REDIS_TIMEOUT_SECONDS = 1.0

# Per-process connection pools of the probes, like db.py's engines (not application state).
_ENGINES: dict[str, Engine] = {}
_REDIS: dict[str, redis.Redis] = {}


def _sqlite_engine(path: str) -> Engine:
    """A read-only connection: a probe never creates a missing database file."""
    uri = f"file:{quote(path)}?mode=ro"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=1.0, check_same_thread=False)

    return create_engine("sqlite://", creator=connect, poolclass=NullPool)


def _probe_engine(url: str) -> Engine:
    if url not in _ENGINES:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            _ENGINES[url] = _sqlite_engine(parsed.database or "")
        else:
            _ENGINES[url] = create_engine(
                url, pool_size=1, max_overflow=0, pool_timeout=1.0, pool_pre_ping=True,
                connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS,
                              "options": f"-c statement_timeout={QUERY_TIMEOUT_MS}"})
    return _ENGINES[url]


def _reason(exc: Exception) -> str:
    """The kind of failure and the first line of its message, for the server's log."""
    first_line = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first_line[:200]}"


def database_problem(url: str) -> str | None:
    """Why the database at ``url`` does not answer ``SELECT 1`` (about 2 s at most), or
    ``None`` when it does."""
    try:
        with _probe_engine(url).connect() as connection:
            connection.execute(text("SELECT 1")).scalar_one()
    except Exception as exc:  # any failure means "not ready"
        return f"database: {_reason(exc)}"
    return None


def _redis_client(url: str) -> redis.Redis:
    if url not in _REDIS:
        _REDIS[url] = redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS, retry=Retry(NoBackoff(), 0))
    return _REDIS[url]


def redis_problem(url: str) -> str | None:
    """Why the Redis server at ``url`` does not answer ``PING`` (about 1 s at most), or
    ``None`` when it does."""
    try:
        _redis_client(url).ping()
    except Exception as exc:  # as above
        return f"redis: {_reason(exc)}"
    return None


def readiness_problem(*, db_url: str, redis_url: str | None) -> str | None:
    """Why the platform cannot serve: its database or, when one is configured, its Redis
    does not answer; ``None`` when both do. The reason is for the server's log only."""
    problem = database_problem(db_url)
    if problem is None and redis_url is not None:
        problem = redis_problem(redis_url)
    return problem


def dispose_probes() -> None:
    """Close the probes' connections (tests)."""
    for engine in _ENGINES.values():
        engine.dispose()
    _ENGINES.clear()
    for client in _REDIS.values():
        client.close()
    _REDIS.clear()
