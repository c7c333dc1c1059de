"""Processing times and lateness of the cases in the officer's statistics (who is counted:
``services.statistics_scope``).

"Decided" means a decision by an office: approved, issued, denied or not accepted, with
``decided_at`` set. Withdrawals are the applicant's act: they have no processing time.

Where the work happens. Processing times and lateness need date arithmetic that SQLite and
PostgreSQL spell differently, and a nearest-rank percentile per service would need one
``ORDER BY ... OFFSET`` query per service; they are computed in Python over one narrow select
(service code and three dates of the decided cases, never whole rows).

Rounding. Days are ``(decided_at - submitted_at)`` in days, rounded half up to one decimal
after averaging or ranking. The 95th percentile is the nearest-rank one: the value at rank
``ceil(0.95 * n)`` of the ascending durations (an observed value, no interpolation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func
from sqlmodel import Session, col, select

from convenience_center.domain.cases import CaseStatus
from convenience_center.models import Case
from convenience_center.services.common import CHINA_TZ, CurrentUser
from convenience_center.services.staff_queues import CLOCK_RUNNING
from convenience_center.services.statistics_counts import catalogue_order
from convenience_center.services.statistics_scope import case_conditions

S = CaseStatus
DECIDED_BY_OFFICE = (S.APPROVED, S.ISSUED, S.DENIED, S.NOT_ACCEPTED)
_DAY_SECONDS = 86_400


@dataclass(frozen=True)
class ProcessingTime:
    """Processing time of the decided cases, in days (``None`` when nothing was decided)."""

    decided: int
    average_days: float | None
    p95_days: float | None


@dataclass(frozen=True)
class ServiceProcessing:
    """Processing time of the decided cases of one service."""

    key: str
    label_zh: str
    label_en: str
    processing: ProcessingTime


@dataclass(frozen=True)
class Overdue:
    """Lateness: decided after the due date, and open cases already past it."""

    decided: int          # decided cases that have a due date
    decided_late: int     # ... of which decided (China date) after the due date
    rate: float | None    # decided_late / decided, 4 decimals; ``None`` when decided == 0
    open_past_due: int    # open and past due today, as the "Overdue" work queue counts them


def _decided(db: Session, user: CurrentUser, date_from: date | None,
             date_to: date | None) -> list[tuple[str, datetime, datetime, date | None]]:
    """(service, submitted_at, decided_at, due_date) of the decided cases: one narrow select."""
    statement = select(col(Case.service_code), col(Case.submitted_at), col(Case.decided_at),
                       col(Case.due_date)) \
        .where(*case_conditions(db, user, date_from, date_to),
               col(Case.decided_at).is_not(None), col(Case.status).in_(DECIDED_BY_OFFICE))
    return [(s, sub, dec, due) for s, sub, dec, due in db.exec(statement).all()
            if dec is not None]


def _one_decimal(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def nearest_rank(sorted_values: Sequence[float], percent: int) -> float:
    """The nearest-rank percentile: the value at rank ``ceil(percent/100 * n)`` (1-based)."""
    if not sorted_values:
        raise ValueError("no values")
    rank = max(1, -(-percent * len(sorted_values) // 100))  # integer ceiling, no float error
    return sorted_values[rank - 1]


def _processing(seconds: list[float]) -> ProcessingTime:
    if not seconds:
        return ProcessingTime(0, None, None)
    ordered = sorted(seconds)
    return ProcessingTime(len(ordered), _one_decimal(sum(ordered) / len(ordered) / _DAY_SECONDS),
                          _one_decimal(nearest_rank(ordered, 95) / _DAY_SECONDS))


def processing_times(db: Session, *, user: CurrentUser, date_from: date | None = None,
                     date_to: date | None = None
                     ) -> tuple[ProcessingTime, list[ServiceProcessing]]:
    """Average and 95th-percentile processing time overall and per service (services as in
    ``statistics_counts.counts_by_service``)."""
    rows = _decided(db, user, date_from, date_to)
    per_service: dict[str, list[float]] = {}
    for service, submitted, decided, _due in rows:
        per_service.setdefault(service, []).append((decided - submitted).total_seconds())
    overall = _processing([s for values in per_service.values() for s in values])
    return overall, [ServiceProcessing(code, zh, en, _processing(per_service.get(code, [])))
                     for code, zh, en in catalogue_order(per_service)]


def overdue(db: Session, *, user: CurrentUser, today: date, date_from: date | None = None,
            date_to: date | None = None) -> Overdue:
    """Of the decided cases with a due date, how many were decided (China date) after it; and
    how many cases are open and past due today, counted as the "Overdue" work queue counts them
    (submitted, in review or approved awaiting the certificate; a case waiting for the
    applicant's missing items has its clock paused and is not counted)."""
    rows = _decided(db, user, date_from, date_to)
    with_due = [(decided, due) for _s, _sub, decided, due in rows if due is not None]
    late = sum(1 for decided, due in with_due if decided.astimezone(CHINA_TZ).date() > due)
    statement = select(func.count()).select_from(Case).where(
        *case_conditions(db, user, date_from, date_to), col(Case.status).in_(CLOCK_RUNNING),
        col(Case.due_date) < today)
    rate = round(late / len(with_due), 4) if with_due else None
    return Overdue(len(with_due), late, rate, int(db.exec(statement).one()))
