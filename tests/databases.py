"""Throw-away databases for tests: SQLite files and PostgreSQL databases, migrated.

Each backend is migrated once per test session into a template; each test gets a fresh copy
(a file copy for SQLite, ``CREATE DATABASE ... TEMPLATE`` for PostgreSQL). PostgreSQL must be
reachable: the tests fail, never skip, when it is not.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

from convenience_center.migrations import upgrade
from tests.conftest import PG_ADMIN_URL


def _admin_connection() -> psycopg.Connection:
    try:
        return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:  # fail loudly: CI must not silently skip
        raise RuntimeError(
            f"PostgreSQL is not reachable at {PG_ADMIN_URL}; the suite needs it ({exc})"
        ) from exc


def sqlalchemy_pg_url(name: str) -> str:
    """The SQLAlchemy URL (psycopg 3 driver) of a database on the test server."""
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    return f"{base}/{name}"


def create_pg_database(*, template: str | None = None) -> str:
    """Create an empty (or templated) PostgreSQL database; return its name."""
    name = f"cc_test_{uuid.uuid4().hex[:12]}"
    with _admin_connection() as conn:
        if template:
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)))
        else:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def drop_pg_database(name: str) -> None:
    """Drop a test database (closing any connection left to it)."""
    with _admin_connection() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))


class TemplateDatabases:
    """Migrated templates, made on first use, copied for each test."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self._sqlite_template: Path | None = None
        self._pg_template: str | None = None
        self.created: list[str] = []

    def sqlite_url(self) -> str:
        if self._sqlite_template is None:
            self._sqlite_template = self.workdir / "template.db"
            upgrade(f"sqlite:///{self._sqlite_template}")
        copy = self.workdir / f"{uuid.uuid4().hex[:12]}.db"
        shutil.copyfile(self._sqlite_template, copy)
        return f"sqlite:///{copy}"

    def pg_url(self) -> str:
        if self._pg_template is None:
            self._pg_template = create_pg_database()
            self.created.append(self._pg_template)
            upgrade(sqlalchemy_pg_url(self._pg_template))
        name = create_pg_database(template=self._pg_template)
        self.created.append(name)
        return sqlalchemy_pg_url(name)

    def url(self, backend: str) -> str:
        return self.sqlite_url() if backend == "sqlite" else self.pg_url()

    def drop_all(self) -> None:
        for name in reversed(self.created):
            drop_pg_database(name)
        self.created.clear()
