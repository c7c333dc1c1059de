"""The dashboard's search: a case's keys are written at submission, and a search is the range
of keys that begin with it (``domain/search_keys.py`` says which keys and why).

Applicant names are personal data kept in plain text on the case (only ID numbers are
encrypted); the keys are derived from the same name and go with the case (deleted with it).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, insert, or_, union_all
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from convenience_center.domain.search_keys import (
    case_keys,
    dated,
    prefix_range,
    query_prefixes,
)
from convenience_center.models import Case, CaseSearchKey


def key_case(db: Session, case: Case) -> None:
    """Write the search keys of a new case (flushed, so that it has its id): one insert of
    every key, not one ORM object each (a dozen per case; their construction and flush were
    a tenth of a submission's CPU)."""
    assert case.id is not None
    keys = sorted(case_keys(case_no=case.case_no, applicant_name=case.applicant_name,
                            id_last4=case.id_last4))
    if keys:
        db.execute(insert(CaseSearchKey), [{"key": key, "case_id": case.id} for key in keys])


# Below this many matching keys, the cases are fetched from the keys and sorted; from it on,
# the key is common (a surname, one letter): the list is read in its own order and each case
# checked for a key, which stops after one page, as names are spread over the whole list.
# Counting up to the cap reads only the index. A number with its date (``410105-2024``) is
# fetched from its keys however many: read in the list's order, its cases could all be at the
# far end (a year ago), after the whole jurisdiction's newer cases.
COMMON = 1_000


@dataclass(frozen=True)
class Search:
    """How a search narrows the list."""

    condition: ColumnElement[bool]
    common: bool  # many cases match: walk the list's order (see ``COMMON``)


def plan(db: Session, query: str, *, jurisdiction: str) -> Search | None:
    """The condition of the cases found by ``query`` (``None``: nothing to search for), for an
    officer whose jurisdiction is the office codes beginning with ``jurisdiction``."""
    prefixes = query_prefixes(query, jurisdiction[:6])  # case numbers begin with the region
    if not prefixes:
        return None
    key = col(CaseSearchKey.key)
    ranges: list[ColumnElement[bool]] = [(key >= low) & (key < high)
                                         for low, high in map(prefix_range, prefixes)]
    in_range = or_(*ranges)
    if not any(map(dated, prefixes)) and _at_least(db, ranges, COMMON):
        return Search(exists().where(col(CaseSearchKey.case_id) == col(Case.id), in_range),
                      common=True)
    return Search(col(Case.id).in_(select(CaseSearchKey.case_id).where(in_range)),
                  common=False)


def _at_least(db: Session, ranges: list[ColumnElement[bool]], count: int) -> bool:
    """Whether the key ranges hold ``count`` keys: each range read in index order (so that no
    planner reads the table instead), up to ``count``."""
    key = col(CaseSearchKey.key)
    capped = [select(key).where(r).order_by(key).limit(count).subquery() for r in ranges]
    found = union_all(*[select(c.c.key) for c in capped]).subquery()
    return db.exec(select(func.count()).select_from(found)).one() >= count
