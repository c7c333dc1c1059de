"""Statistics for officers: cases by service, office, month and status, processing times and
the overdue rate, over their jurisdiction and a period (as CSV: ``services.statistics_csv``).

Population. Every figure counts the cases *submitted* in the period (``date_from`` and
``date_to`` are calendar days in China time, both included, either may be open) whose receiving
office (``Case.office_code``) lies in the officer's jurisdiction (:func:`code_range`, as in the
work queues). "Decided" means a decision by an office: approved, issued, denied or not
accepted, with ``decided_at`` set. Withdrawals are the applicant's act: they are counted by
status but have no processing time.

Where the work happens. Counts are ``GROUP BY`` queries. The month of submission is computed
in SQL on both databases (:class:`ChinaMonth`; China has kept UTC+8 without daylight saving
since 1991, so SQLite's ``'+8 hours'`` is exact). Processing times and lateness need date
arithmetic that SQLite and PostgreSQL spell differently, and a nearest-rank percentile per
service would need one ``ORDER BY ... OFFSET`` query per service; they are computed in Python
over one narrow select (service code and three dates of the decided cases, never whole rows).

Rounding. Days are ``(decided_at - submitted_at)`` in days, rounded half up to one decimal
after averaging or ranking. The 95th percentile is the nearest-rank one: the value at rank
``ceil(0.95 * n)`` of the ascending durations (an observed value, no interpolation).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import String, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, col, select

from convenience_center.domain.cases import CaseStatus, status_label
from convenience_center.domain.errors import NotAllowed
from convenience_center.domain.services import registry
from convenience_center.i18n import EN, ZH
from convenience_center.models import Case, Office
from convenience_center.services import audit
from convenience_center.services.common import CHINA_TZ, CurrentUser
from convenience_center.services.ratings import RatingSummary, published_summary
from convenience_center.services.staff_queues import CLOCK_RUNNING, code_prefix, code_range

S = CaseStatus
DECIDED_BY_OFFICE = (S.APPROVED, S.ISSUED, S.DENIED, S.NOT_ACCEPTED)
STATUS_ORDER = tuple(CaseStatus)
_DAY_SECONDS = 86_400


class ChinaMonth(FunctionElement[str]):
    """``YYYY-MM`` of a UTC timestamp column in China time, in SQL on SQLite and PostgreSQL."""

    type = String()
    name = "china_month"
    inherit_cache = True


@compiles(ChinaMonth, "sqlite")
def _china_month_sqlite(element: ChinaMonth, compiler: Any, **kw: Any) -> str:
    # The column holds naive UTC text (see UTCDateTime); constants are literals, not bound
    # parameters, so the SELECT and the GROUP BY expressions are identical.
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)}, '+8 hours')"


@compiles(ChinaMonth, "postgresql")
def _china_month_postgresql(element: ChinaMonth, compiler: Any, **kw: Any) -> str:
    return (f"to_char(({compiler.process(element.clauses, **kw)}) "
            "AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')")


@dataclass(frozen=True)
class CountRow:
    """How many cases fall under one key of a dimension (a service, an office, a month...)."""

    key: str
    label_zh: str
    label_en: str
    cases: int


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


# --- scope ------------------------------------------------------------------------------------

def _office_of(db: Session, user: CurrentUser) -> str:
    """The officer's office code; anyone else is refused (and the refusal logged)."""
    if not user.is_staff or not user.office_code:
        audit.log_refusal(db, user=user, ip=None, attempted="statistics")
        raise NotAllowed("statistics")
    return user.office_code


def _scope(db: Session, user: CurrentUser, date_from: date | None,
           date_to: date | None) -> list[Any]:
    """The WHERE conditions: jurisdiction and period of submission (China days, inclusive)."""
    low, high = code_range(_office_of(db, user))
    conditions: list[Any] = [col(Case.office_code) >= low, col(Case.office_code) < high]
    if date_from:
        conditions.append(col(Case.submitted_at) >= datetime.combine(date_from, time.min,
                                                                     CHINA_TZ))
    if date_to:
        conditions.append(col(Case.submitted_at) < datetime.combine(
            date_to + timedelta(days=1), time.min, CHINA_TZ))
    return conditions


def _grouped(db: Session, key: Any, conditions: Sequence[Any]) -> dict[str, int]:
    statement = select(key, func.count()).select_from(Case).where(*conditions).group_by(key)
    return {str(k): int(n) for k, n in db.exec(statement).all()}


# --- period -----------------------------------------------------------------------------------

class InvalidPeriod(ValueError):
    """The period asked for cannot be used; ``code`` is the message key to show."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


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


# --- counts -----------------------------------------------------------------------------------

def counts_by_service(db: Session, *, user: CurrentUser, date_from: date | None = None,
                      date_to: date | None = None) -> list[CountRow]:
    """Cases per service: every registered service in catalogue order (zeros included), then
    any code no longer registered."""
    found = _grouped(db, col(Case.service_code), _scope(db, user, date_from, date_to))
    return [CountRow(code, zh, en, found.get(code, 0)) for code, zh, en in _services(found)]


def _services(found: Iterable[str]) -> list[tuple[str, str, str]]:
    services = registry()
    known = [(s.code, s.name.zh, s.name.en) for s in services.values()]
    return known + [(code, code, code) for code in sorted(set(found) - set(services))]


def counts_by_office(db: Session, *, user: CurrentUser, date_from: date | None = None,
                     date_to: date | None = None) -> list[CountRow]:
    """Cases per office one level below the officer's: a city officer gets one row per county,
    a county officer one per township. Cases received by the officer's own office form a row
    of their own (listed first, only when there are any); every office below is listed, zeros
    included. Counted per receiving office in SQL, then rolled up by code prefix.
    """
    office = _office_of(db, user)
    per_office = _grouped(db, col(Case.office_code), _scope(db, user, date_from, date_to))
    children = db.exec(select(Office.code).where(Office.parent_code == office)
                       .order_by(col(Office.code))).all()
    # Longest prefix first, so that a nested code never lands in a shorter sibling.
    prefixes = sorted(((code_prefix(c), c) for c in children), key=lambda p: -len(p[0]))
    totals = {c: 0 for c in children}
    own = 0
    for code, n in per_office.items():
        group = next((child for prefix, child in prefixes if code.startswith(prefix)), None)
        if group is None:
            own += n
        else:
            totals[group] += n
    keys = ([office] if own else []) + list(children)
    names = {o.code: o for o in db.exec(select(Office).where(col(Office.code).in_(keys))).all()}
    return [CountRow(k, names[k].name_zh if k in names else k,
                     names[k].name_en if k in names else k,
                     own if k == office else totals[k]) for k in keys]


def counts_by_month(db: Session, *, user: CurrentUser, date_from: date | None = None,
                    date_to: date | None = None) -> list[CountRow]:
    """Cases per month of submission (``YYYY-MM``, China time), in order; months without cases
    between the first and the last month with cases are listed with zero."""
    month = ChinaMonth(col(Case.submitted_at))
    found = _grouped(db, month, _scope(db, user, date_from, date_to))
    return [CountRow(m, m, m, found.get(m, 0)) for m in _month_span(sorted(found))]


def _month_span(months: list[str]) -> list[str]:
    if not months:
        return []
    year, month = (int(part) for part in months[0].split("-"))
    span, last = [], months[-1]
    while True:
        key = f"{year:04d}-{month:02d}"
        span.append(key)
        if key >= last:
            return span
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _status_labels(status: str) -> tuple[str, str]:
    """The officers' wording of a status (``status.*`` messages), else the citizens'."""
    key = f"status.{status}"
    return ZH.get(key) or status_label(status, "zh"), EN.get(key) or status_label(status, "en")


def counts_by_status(db: Session, *, user: CurrentUser, date_from: date | None = None,
                     date_to: date | None = None) -> list[CountRow]:
    """Cases per current status, every status in workflow order (zeros included)."""
    found = _grouped(db, col(Case.status), _scope(db, user, date_from, date_to))
    order = [str(s) for s in STATUS_ORDER] + sorted(set(found) - set(STATUS_ORDER))
    return [CountRow(s, *_status_labels(s), found.get(s, 0)) for s in order]


# --- processing time and lateness -------------------------------------------------------------

def _decided(db: Session, user: CurrentUser, date_from: date | None,
             date_to: date | None) -> list[tuple[str, datetime, datetime, date | None]]:
    """(service, submitted_at, decided_at, due_date) of the decided cases: one narrow select."""
    statement = select(col(Case.service_code), col(Case.submitted_at), col(Case.decided_at),
                       col(Case.due_date)) \
        .where(*_scope(db, user, date_from, date_to), col(Case.decided_at).is_not(None),
               col(Case.status).in_(DECIDED_BY_OFFICE))
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
    :func:`counts_by_service`)."""
    rows = _decided(db, user, date_from, date_to)
    per_service: dict[str, list[float]] = {}
    for service, submitted, decided, _due in rows:
        per_service.setdefault(service, []).append((decided - submitted).total_seconds())
    overall = _processing([s for values in per_service.values() for s in values])
    return overall, [ServiceProcessing(code, zh, en, _processing(per_service.get(code, [])))
                     for code, zh, en in _services(per_service)]


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
        *_scope(db, user, date_from, date_to), col(Case.status).in_(CLOCK_RUNNING),
        col(Case.due_date) < today)
    rate = round(late / len(with_due), 4) if with_due else None
    return Overdue(len(with_due), late, rate, int(db.exec(statement).one()))


def report(db: Session, *, user: CurrentUser, today: date, date_from: date | None = None,
           date_to: date | None = None) -> Report:
    """Every figure for the statistics page (``NotAllowed`` for non-officers)."""
    period: dict[str, Any] = {"user": user, "date_from": date_from, "date_to": date_to}
    by_status = counts_by_status(db, **period)
    processing, by_service_time = processing_times(db, **period)
    return Report(
        office_code=_office_of(db, user), date_from=date_from, date_to=date_to,
        total=sum(r.cases for r in by_status), by_service=counts_by_service(db, **period),
        by_office=counts_by_office(db, **period), by_month=counts_by_month(db, **period),
        by_status=by_status, processing=processing, processing_by_service=by_service_time,
        overdue=overdue(db, today=today, **period),
        ratings_by_service=ratings_by_service(db, **period),
    )


def ratings_by_service(db: Session, *, user: CurrentUser, date_from: date | None = None,
                       date_to: date | None = None) -> list[RatingSummary]:
    """The ratings (好差评) of the jurisdiction given in the period, per service."""
    return published_summary(
        db, by="service", offices=code_range(_office_of(db, user)),
        since=datetime.combine(date_from, time.min, CHINA_TZ) if date_from else None,
        until=datetime.combine(date_to + timedelta(days=1), time.min, CHINA_TZ)
        if date_to else None)
