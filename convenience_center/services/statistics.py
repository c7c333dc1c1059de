"""Statistics for officers: cases by service, office, month and status, processing times and
the overdue rate, over their jurisdiction and a period, gathered into one :class:`Report`.

The parts: who is counted and how a period is read (``statistics_scope``), the counts per
dimension (``statistics_counts``), processing times and lateness (``statistics_times``); the
report as CSV: ``statistics_csv``. Withdrawals are the applicant's act: they are counted by
status but have no processing time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from convenience_center.services.common import CurrentUser
from convenience_center.services.ratings import RatingSummary, published_summary
from convenience_center.services.staff_queues import code_range
from convenience_center.services.statistics_counts import (
    CountRow,
    counts_by_month,
    counts_by_office,
    counts_by_service,
    counts_by_status,
)
from convenience_center.services.statistics_scope import office_of, period_bounds
from convenience_center.services.statistics_times import (
    Overdue,
    ProcessingTime,
    ServiceProcessing,
    overdue,
    processing_times,
)


@dataclass(frozen=True)
class Report:
    """Every figure of the statistics page for one officer and one period."""

    office_code: str
    date_from: date | None
    date_to: date | None
    total: int
    by_service: list[CountRow]
    by_office: list[CountRow]
    by_month: list[CountRow]
    by_status: list[CountRow]
    processing: ProcessingTime
    processing_by_service: list[ServiceProcessing]
    overdue: Overdue
    ratings_by_service: list[RatingSummary] = field(default_factory=list)


def report(db: Session, *, user: CurrentUser, today: date, date_from: date | None = None,
           date_to: date | None = None) -> Report:
    """Every figure for the statistics page (``NotAllowed`` for non-officers)."""
    period: dict[str, Any] = {"user": user, "date_from": date_from, "date_to": date_to}
    by_status = counts_by_status(db, **period)
    processing, by_service_time = processing_times(db, **period)
    return Report(
        office_code=office_of(db, user), date_from=date_from, date_to=date_to,
        total=sum(r.cases for r in by_status), by_service=counts_by_service(db, **period),
        by_office=counts_by_office(db, **period), by_month=counts_by_month(db, **period),
        by_status=by_status, processing=processing, processing_by_service=by_service_time,
        overdue=overdue(db, today=today, **period),
        ratings_by_service=ratings_by_service(db, **period),
    )


def ratings_by_service(db: Session, *, user: CurrentUser, date_from: date | None = None,
                       date_to: date | None = None) -> list[RatingSummary]:
    """The ratings (好差评) of the jurisdiction given in the period, per service."""
    since, until = period_bounds(date_from, date_to)
    return published_summary(db, by="service", offices=code_range(office_of(db, user)),
                             since=since, until=until)
