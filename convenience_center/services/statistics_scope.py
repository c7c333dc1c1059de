"""Which cases the officers' statistics count: the officer's jurisdiction and the period.

Every figure counts the cases *submitted* in the period (``date_from`` and ``date_to`` are
calendar days in China time, both included, either may be open) whose receiving office
(``Case.office_code``) lies in the officer's jurisdiction (:func:`code_range`, as in the work
queues). Anyone but an officer is refused, and the refusal logged.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col

from convenience_center.domain.errors import NotAllowed, Refused
from convenience_center.models import Case
from convenience_center.services import audit
from convenience_center.services.common import CHINA_TZ, CurrentUser
from convenience_center.services.staff_queues import code_range


class InvalidPeriod(Refused, ValueError):
    """The period asked for cannot be used; ``code`` is the message key to show."""


EARLIEST, LATEST = date(1990, 1, 1), date(2199, 12, 31)  # far dates would overflow in UTC


def parse_period(date_from: str | None, date_to: str | None) -> tuple[date | None, date | None]:
    """Two ISO dates as typed or sent in a link (empty means open-ended)."""
    try:
        start = date.fromisoformat(date_from.strip()) if date_from else None
        end = date.fromisoformat(date_to.strip()) if date_to else None
    except ValueError:
        raise InvalidPeriod("stats.date_invalid") from None
    if any(d is not None and not EARLIEST <= d <= LATEST for d in (start, end)):
        raise InvalidPeriod("stats.date_invalid")
    if start and end and start > end:
        raise InvalidPeriod("stats.period_reversed")
    return start, end


def default_period(today: date) -> tuple[date, date]:
    """The last twelve months: from the first day of the month eleven months ago to today."""
    months = today.year * 12 + today.month - 1 - 11
    return date(months // 12, months % 12 + 1, 1), today


def period_bounds(date_from: date | None,
                  date_to: date | None) -> tuple[datetime | None, datetime | None]:
    """The period as instants: from midnight China time of ``date_from`` (included) to
    midnight after ``date_to`` (excluded); ``None`` where the period is open."""
    since = datetime.combine(date_from, time.min, CHINA_TZ) if date_from else None
    until = datetime.combine(date_to + timedelta(days=1), time.min, CHINA_TZ) if date_to else None
    return since, until


def office_of(db: Session, user: CurrentUser) -> str:
    """The officer's office code; anyone else is refused (and the refusal logged)."""
    if not user.is_staff or not user.office_code:
        audit.log_refusal(db, user=user, ip=None, attempted="statistics")
        raise NotAllowed("statistics")
    return user.office_code


def case_conditions(db: Session, user: CurrentUser, date_from: date | None,
                    date_to: date | None) -> list[Any]:
    """The WHERE conditions on ``Case``: jurisdiction and period of submission."""
    low, high = code_range(office_of(db, user))
    conditions: list[Any] = [col(Case.office_code) >= low, col(Case.office_code) < high]
    since, until = period_bounds(date_from, date_to)
    if since:
        conditions.append(col(Case.submitted_at) >= since)
    if until:
        conditions.append(col(Case.submitted_at) < until)
    return conditions
