"""Numbers that never repeat (case, certificate, question, complaint, publication numbers)."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from convenience_center.models import CaseSequence
from convenience_center.models.lengths import clip


def next_number(db: Session, *, scope: str, key: str) -> int:
    """Atomically take the next number of ``scope``/``key`` (an upsert with RETURNING; safe
    under concurrency on SQLite and PostgreSQL). Runs in the caller's transaction."""
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(CaseSequence).values(region=clip(CaseSequence, "region", scope),
                                             day=clip(CaseSequence, "day", key), last=1)
    statement = statement.on_conflict_do_update(
        index_elements=["region", "day"], set_={"last": col(CaseSequence.last) + 1}
    ).returning(col(CaseSequence.last))
    return int(db.execute(statement).scalar_one())
