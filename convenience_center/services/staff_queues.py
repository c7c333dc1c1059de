"""The staff work queues: which cases wait for whom, counted and paged quickly.

Jurisdiction is a range of office codes (GB/T 2260 codes nest: a county's code starts with its
city's, a township's with its county's), so every query is an index range scan. Pages are
keyset pages (the last row's sort key is the cursor): page 1,000 costs what page 1 costs.

A city or the province covers hundreds of thousands of cases: its unfiltered lists walk the
``(submitted_at, id)`` / ``(running_due_date, id)`` indexes in order instead of sorting
everything in range, and counts stop at ``COUNT_CAP`` ("10000+"): see ``benchmarks/`` for the
timings.

"Due soonest first" lists the cases whose clock runs by their due date (the generated column
``running_due_date``: empty while a case waits for its applicant or once it is decided), then
the others, newest first: two keyset walks one after the other, the cursor says which.

The search matches the start of a case's search keys (``case_search``): one range of the key
index, whose cases are then narrowed to the queue.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, String, bindparam, func, tuple_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from convenience_center.domain.cases import CaseStatus
from convenience_center.domain.working_days import add_working_days
from convenience_center.models import Case
from convenience_center.services import case_search
from convenience_center.services.common import CHINA_TZ, CurrentUser

# A select of cases, narrowed and ordered step by step.
Cases = SelectOfScalar[Case]

S = CaseStatus
# The office's clock runs: the statuses with a time limit that does not pause (the workflows'
# ``limits``; a domain test holds them together, and ``models.RUNNING_DUE_SQL`` to them).
CLOCK_RUNNING = (S.SUBMITTED, S.IN_REVIEW, S.APPROVED)
DECIDED = (S.NOT_ACCEPTED, S.DENIED, S.ISSUED, S.WITHDRAWN)
QUEUES = ("to_accept", "in_review", "waiting", "due_soon", "overdue", "decided", "all")
PAGE_SIZE = 25
DUE_SOON_DAYS = 3
COUNT_CAP = 10_000  # counts above are shown as "10000+"


def code_prefix(office_code: str) -> str:
    """The prefix every office code under ``office_code`` starts with (``410100`` → ``4101``)."""
    if len(office_code) == 6 and office_code.endswith("0000"):
        return office_code[:2]
    if len(office_code) == 6 and office_code.endswith("00"):
        return office_code[:4]
    return office_code


def code_range(office_code: str) -> tuple[str, str]:
    """``[low, high)`` of the office codes in the jurisdiction of ``office_code``."""
    prefix = code_prefix(office_code)
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _within(office_code: str, *, walk: bool = False) -> ColumnElement[bool]:
    return _in_range(*code_range(office_code), walk=walk)


def _in_range(low: Any, high: Any, *, walk: bool = False) -> ColumnElement[bool]:
    # ``office_code || ''`` is the same value but cannot use an index: SQLite (which keeps no
    # statistics on how selective a range is) then walks the sort index instead.
    code = (col(Case.office_code) + "") if walk else col(Case.office_code)
    return (code >= low) & (code < high)


def is_wide(office_code: str) -> bool:
    """A city's or the province's jurisdiction (every case of a prefix of 2 or 4 digits)."""
    return len(code_prefix(office_code)) <= 4


def queue_condition(queue: str, user: CurrentUser, today: date,
                    *, walk: bool = False) -> ColumnElement[bool]:
    """The WHERE condition of a queue for this officer (``walk``: see :func:`_within`)."""
    office = user.office_code or "-"
    return _condition(queue, office, *code_range(office), today,
                      add_working_days(today, DUE_SOON_DAYS), walk=walk)


def _condition(queue: str, office: Any, low: Any, high: Any,
               today: Any, soon: Any, *, walk: bool = False) -> ColumnElement[bool]:
    """A queue's condition from values, or from bound parameters (:func:`_counts_statement`):
    the cases the office holds, or those in its code range ``[low, high)``; ``soon`` is the
    last day of "due soon"."""
    mine = col(Case.holder_office) == office
    if queue == "to_accept":
        return mine & (col(Case.status) == S.SUBMITTED)
    if queue == "in_review":
        return mine & col(Case.status).in_([S.IN_REVIEW, S.APPROVED])
    if queue == "due_soon":
        return mine & col(Case.status).in_(CLOCK_RUNNING) & (col(Case.due_date) >= today) & \
            (col(Case.due_date) <= soon)
    if queue == "waiting":
        return _in_range(low, high) & (col(Case.status) == S.SUPPLEMENT_REQUIRED)
    if queue == "overdue":
        return _in_range(low, high) & col(Case.status).in_(CLOCK_RUNNING) & \
            (col(Case.due_date) < today)
    if queue == "decided":
        return _in_range(low, high, walk=walk) & col(Case.status).in_(DECIDED)
    return _in_range(low, high, walk=walk)


@dataclass(frozen=True)
class Filters:
    """What an officer narrowed the list to."""

    service: str = ""
    office: str = ""
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    search: str = ""
    sort: str = "newest"  # newest / oldest / due


def _filtered(statement: Cases, filters: Filters, user: CurrentUser,
              search: case_search.Search | None) -> Cases:
    if filters.service:
        statement = statement.where(Case.service_code == filters.service)
    if filters.office and user.office_code and \
            filters.office.startswith(code_prefix(user.office_code)):
        statement = statement.where(_within(filters.office))
    if filters.status:
        statement = statement.where(Case.status == filters.status)
    if filters.date_from:
        start = datetime.combine(filters.date_from, time.min, CHINA_TZ)
        statement = statement.where(col(Case.submitted_at) >= start)
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time.min, CHINA_TZ)
        statement = statement.where(col(Case.submitted_at) < end)
    if search is not None:
        statement = statement.where(search.condition)
    return statement


def counts(db: Session, *, user: CurrentUser, today: date) -> dict[str, int]:
    """How many cases each queue holds for this officer, up to ``COUNT_CAP + 1`` (more than
    the cap is shown as such: counting a province's million cases exactly on every change
    would cost half a second). One statement, built once: every officer's dashboard counts
    again after each change under its office."""
    office = user.office_code or "-"
    low, high = code_range(office)
    row = db.exec(_counts_statement(), params={  # type: ignore[call-overload]
        "office": office, "low": low, "high": high, "today": today,
        "soon": add_working_days(today, DUE_SOON_DAYS)}).one()
    return {queue: int(count) for queue, count in zip(QUEUES, row, strict=True)}


@functools.cache
def _counts_statement() -> Select[Any]:
    """Every queue's capped count as one row (one scalar subquery per queue, each an index
    range scan stopping at the cap)."""
    due = Case.__table__.c.due_date.type  # type: ignore[attr-defined]
    office, low, high = (bindparam(name, type_=String) for name in ("office", "low", "high"))
    today, soon = bindparam("today", type_=due), bindparam("soon", type_=due)
    return select(*(
        select(func.count()).select_from(
            select(Case.id).where(_condition(queue, office, low, high, today, soon))
            .limit(COUNT_CAP + 1).subquery())
        .scalar_subquery().label(queue)
        for queue in QUEUES))


def count_text(count: int) -> str:
    """A queue count as shown: ``"10000+"`` above the cap."""
    return f"{COUNT_CAP}+" if count > COUNT_CAP else str(count)


@dataclass(frozen=True)
class CaseRow:
    """One line of a queue."""

    id: int
    case_no: str
    service_code: str
    matter_code: str
    applicant_name: str
    status: str
    office_code: str
    holder_office: str
    current_level: str
    submitted_at: datetime
    due_date: date | None
    running_due_date: date | None  # the due date while the clock runs
    decided_at: datetime | None


Cursor = tuple[str, int]
# Cursors of "due soonest first": still among the running cases, or already after them.
RUNNING, AFTER = "running:", "after:"


def _by_submission(statement: Cases, newest: bool, after: str | None, after_id: int) -> Cases:
    key = tuple_(col(Case.submitted_at), col(Case.id))
    if after is not None:
        bound = tuple_(datetime.fromisoformat(after), after_id)
        statement = statement.where(key < bound if newest else key > bound)
    if newest:
        return statement.order_by(col(Case.submitted_at).desc(), col(Case.id).desc())
    return statement.order_by(col(Case.submitted_at).asc(), col(Case.id).asc())


def _by_running_due(statement: Cases, after: str | None, after_id: int) -> Cases:
    statement = statement.where(col(Case.running_due_date).is_not(None))
    if after is not None:
        statement = statement.where(tuple_(col(Case.running_due_date), col(Case.id)) >
                                    tuple_(date.fromisoformat(after), after_id))
    return statement.order_by(col(Case.running_due_date).asc(), col(Case.id).asc())


def _not_running(statement: Cases) -> Cases:
    """The cases whose clock does not run. ``coalesce(x, x)`` is ``x`` but no index: NULL is
    most of the column, which SQLite (without statistics of it) would take for selective."""
    return statement.where(func.coalesce(col(Case.running_due_date),
                                         col(Case.running_due_date)).is_(None))


def _fetch(db: Session, statement: Cases, limit: int) -> list[CaseRow]:
    return [CaseRow(c.id or 0, c.case_no, c.service_code, c.matter_code, c.applicant_name,
                    c.status, c.office_code, c.holder_office, c.current_level, c.submitted_at,
                    c.due_date, c.running_due_date, c.decided_at)
            for c in db.exec(statement.limit(limit)).all()]


def _parse(cursor: tuple | list | None) -> tuple[str, str | None, int]:
    """(phase, sort key after which to go on, id): a cursor this module made, or the start."""
    try:
        text, after_id = str(cursor[0]), int(cursor[1])  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return "", None, 0
    for phase in (RUNNING, AFTER):
        if text.startswith(phase):
            return phase, text[len(phase):], after_id
    return "", text, after_id


def _due_page(db: Session, base: Cases, limit: int,
              cursor: tuple | None, running_possible: bool) -> tuple[list[CaseRow], Cursor | None]:
    phase, after, after_id = _parse(cursor)
    rows: list[CaseRow] = []
    if phase != AFTER and running_possible:
        rows = _fetch(db, _by_running_due(base, after if phase else None, after_id), limit + 1)
        if len(rows) > limit:
            last = rows[limit - 1]
            return rows[:limit], (RUNNING + str(last.running_due_date), last.id)
        after = None
    running = len(rows)
    rows += _fetch(db, _by_submission(_not_running(base), True,
                                      (after or None) if phase == AFTER else None, after_id),
                   limit + 1 - running)
    if len(rows) <= limit:
        return rows, None
    if running == limit:  # the page ends with the running cases: the next begins the rest
        return rows[:limit], (AFTER, 0)
    last = rows[limit - 1]
    return rows[:limit], (AFTER + last.submitted_at.isoformat(), last.id)


def page(db: Session, *, user: CurrentUser, queue: str, filters: Filters, today: date,
         cursor: tuple[str, int] | None = None,
         limit: int = PAGE_SIZE) -> tuple[list[CaseRow], Cursor | None]:
    """One page of a queue and the cursor of the next page (``None`` on the last)."""
    queue = queue if queue in QUEUES else "all"
    search = case_search.plan(db, filters.search, jurisdiction=code_prefix(user.office_code or "-"))
    # Unfiltered, or searched for something common: read in the list's order (see _within).
    unfiltered = replace(filters, search="") == Filters(sort=filters.sort) and \
        (search is None or search.common)
    walk = (queue in ("all", "decided") and unfiltered and is_wide(user.office_code or "-")
            and db.get_bind().dialect.name == "sqlite")
    base = _filtered(select(Case).where(queue_condition(queue, user, today, walk=walk)),
                     filters, user, search)
    if filters.sort == "due":
        return _due_page(db, base, limit, cursor,
                         running_possible=queue not in ("waiting", "decided"))
    _phase, after, after_id = _parse(cursor)
    rows = _fetch(db, _by_submission(base, filters.sort != "oldest", after, after_id),
                  limit + 1)
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], (last.submitted_at.isoformat(), last.id)
