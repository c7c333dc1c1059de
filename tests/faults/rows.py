"""Counting every table's rows, to show that a drill lost nothing and half-wrote nothing."""

from __future__ import annotations

from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

import convenience_center.models  # noqa: F401 - registers every table


def row_counts(db_url: str) -> dict[str, int]:
    """Rows per table of the platform's schema, read on a connection of its own."""
    engine = create_engine(db_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return {table.name: connection.execute(
                select(func.count()).select_from(table)).scalar_one()
                for table in SQLModel.metadata.sorted_tables}
    finally:
        engine.dispose()


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """The tables whose row counts differ, with the difference."""
    return {name: after[name] - before[name] for name in after if after[name] != before[name]}
