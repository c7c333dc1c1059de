"""How each backend's database goes into a backup and comes back (``services/backup.py``).

- SQLite: Python's online backup API (``sqlite3.Connection.backup``), never a copy of the
  file: a copy taken while the app writes can hold half a transaction, or miss what is
  still in the ``-wal`` file. The backup reads one consistent state while the app goes on.
- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore`` from ``/usr/bin`` (Debian's
  wrappers; the client must be the server's major version or newer). The dump reads the
  snapshot of a transaction that counts the rows first (``pg_export_snapshot``), so the
  counts in the manifest are those of the dump, however busy the platform is.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from psycopg.conninfo import make_conninfo
from sqlalchemy import create_engine, func, inspect, select, table, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool

PG_DUMP = "/usr/bin/pg_dump"
PG_RESTORE = "/usr/bin/pg_restore"
SQLITE_FILE = "convenience_center.db"
PG_DUMP_FILE = "postgresql.dump"


class DatabaseToolFailed(Exception):
    """``pg_dump`` or ``pg_restore`` failed; the message ends with what it wrote."""


@dataclass(frozen=True)
class DatabaseDump:
    """A database written to a file: what it holds."""

    file: Path
    tables: dict[str, int]
    schema_revision: str | None


def backend_of(db_url: str) -> str:
    """``sqlite`` or ``postgresql``."""
    name = make_url(db_url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database: {name}")
    return name


def _sqlite_path(db_url: str) -> Path:
    return Path(make_url(db_url).database or "")


def _engine(db_url: str) -> Engine:
    return create_engine(db_url, poolclass=NullPool)


def _row_counts(connection: Connection) -> dict[str, int]:
    """Rows in every table of the database (its default schema), by table name."""
    names = sorted(inspect(connection).get_table_names())
    return {name: int(connection.execute(select(func.count()).select_from(table(name)))
                      .scalar_one()) for name in names}


def _schema_revision(connection: Connection, tables: dict[str, int]) -> str | None:
    if not tables.get("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _existing_engine(db_url: str) -> Engine | None:
    """An engine on the database, or ``None`` for a SQLite file that does not exist (a
    connection would create it)."""
    if backend_of(db_url) == "sqlite" and not _sqlite_path(db_url).exists():
        return None
    return _engine(db_url)


def row_counts(db_url: str) -> dict[str, int]:
    """Rows per table of the database at ``db_url`` (``{}`` for a missing SQLite file)."""
    engine = _existing_engine(db_url)
    if engine is None:
        return {}
    try:
        with engine.connect() as connection:
            return _row_counts(connection)
    finally:
        engine.dispose()


def has_tables(db_url: str) -> bool:
    """Whether the database at ``db_url`` has any table (a restore needs one without)."""
    engine = _existing_engine(db_url)
    if engine is None:
        return False
    try:
        with engine.connect() as connection:
            return bool(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def _libpq(db_url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection string for the client tools, and their environment (the password
    goes there, never onto a command line that ``ps`` shows)."""
    url = make_url(db_url)
    params: dict[str, str] = {k: v for k, v in url.query.items() if isinstance(v, str)}
    for key, value in (("host", url.host), ("port", url.port), ("user", url.username),
                       ("dbname", url.database)):
        if value:
            params[key] = str(value)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return make_conninfo(**params), env


def _run_tool(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise DatabaseToolFailed(f"{Path(args[0]).name} failed ({done.returncode}): {tail}")


def dump_database(db_url: str, directory: Path) -> DatabaseDump:
    """Write the database at ``db_url`` into ``directory``: one consistent state."""
    if backend_of(db_url) == "sqlite":
        return _dump_sqlite(_sqlite_path(db_url), directory / SQLITE_FILE)
    return _dump_postgresql(db_url, directory / PG_DUMP_FILE)


def _dump_sqlite(source_path: Path, target: Path) -> DatabaseDump:
    if not source_path.is_file():
        raise FileNotFoundError(f"no SQLite database at {source_path}")
    with closing(sqlite3.connect(source_path, timeout=30)) as source, \
            closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    engine = create_engine(f"sqlite:///{target}", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            tables = _row_counts(connection)
            return DatabaseDump(target, tables, _schema_revision(connection, tables))
    finally:
        engine.dispose()


def _dump_postgresql(db_url: str, target: Path) -> DatabaseDump:
    conninfo, env = _libpq(db_url)
    engine = _engine(db_url)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, \
                conn.begin():
            conn.execute(text("SET TRANSACTION READ ONLY"))
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            tables = _row_counts(conn)
            revision = _schema_revision(conn, tables)
            # The exporting transaction stays open until pg_dump has read everything.
            _run_tool([PG_DUMP, "--format=custom", f"--snapshot={snapshot}",
                       f"--file={target}", f"--dbname={conninfo}"], env)
    finally:
        engine.dispose()
    return DatabaseDump(target, tables, revision)


def load_database(db_url: str, dump: Path) -> None:
    """Load a dump made by :func:`dump_database` into the (empty) database at ``db_url``."""
    if backend_of(db_url) == "sqlite":
        _load_sqlite(dump, _sqlite_path(db_url))
    else:
        conninfo, env = _libpq(db_url)
        # One transaction: a failing restore leaves the database as empty as it was.
        _run_tool([PG_RESTORE, "--single-transaction", "--exit-on-error", "--no-owner",
                   "--no-privileges", f"--dbname={conninfo}", str(dump)], env)


def _load_sqlite(dump: Path, target: Path) -> None:
    existed = target.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with closing(sqlite3.connect(dump)) as source, \
                closing(sqlite3.connect(target, timeout=30)) as restored:
            source.backup(restored)
    except BaseException:
        if not existed:
            for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
                leftover.unlink(missing_ok=True)
        raise
