"""Jurisdiction: an office and the offices below it."""

from __future__ import annotations

from sqlmodel import Session

from convenience_center.models import Office


def ancestors(db: Session, code: str) -> list[str]:
    """``code`` and the codes of the offices above it, from itself up to the province."""
    chain: list[str] = []
    current = db.get(Office, code)
    while current is not None and len(chain) < 6:
        chain.append(current.code)
        current = db.get(Office, current.parent_code) if current.parent_code else None
    return chain


def covers(db: Session, *, staff_office: str, case_office: str) -> bool:
    """Whether a staff member of ``staff_office`` may see a case filed at ``case_office``."""
    return staff_office in ancestors(db, case_office)
