"""Service tests run against real databases: SQLite and PostgreSQL, each test on a fresh copy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session

from convenience_center.db import make_engine
from tests.databases import TemplateDatabases


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TemplateDatabases]:
    manager = TemplateDatabases(tmp_path_factory.mktemp("databases"))
    yield manager
    manager.drop_all()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, templates: TemplateDatabases) -> str:
    """A freshly migrated database of each backend."""
    return templates.url(request.param)


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(db_url, immediate=db_url.startswith("sqlite"))
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine) -> Iterator[Session]:  # type: ignore[no-untyped-def]
    with Session(engine, expire_on_commit=False) as session:
        yield session
