"""The migrations build exactly the tables the models declare, and can be undone."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import convenience_center.models  # noqa: F401 - registers the tables
from convenience_center.migrations import alembic_config


def test_migrated_schema_matches_the_models(engine):  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_downgrade_to_base_and_up_again(db_url: str, engine):  # type: ignore[no-untyped-def]
    config = alembic_config(db_url)
    command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(config, "head")
    assert "user_account" in inspect(engine).get_table_names()
