"""How many cases of the officer's statistics fall under each service, office one level below,
month of submission and status (who is counted: ``services.statistics_scope``).

Counts are ``GROUP BY`` queries. The month of submission is computed in SQL on both databases
(:class:`ChinaMonth`; China has kept UTC+8 without daylight saving since 1991, so SQLite's
``'+8 hours'`` is exact). Every dimension lists its keys in a fixed order, zeros included.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import String, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, col, select

from convenience_center.domain.cases import CaseStatus, status_label
from convenience_center.domain.services import registry
from convenience_center.i18n import EN, ZH
from convenience_center.models import Case, Office
from convenience_center.services.common import CurrentUser
from convenience_center.services.staff_queues import code_prefix
from convenience_center.services.statistics_scope import case_conditions, office_of

STATUS_ORDER = tuple(CaseStatus)


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


def _grouped(db: Session, key: Any, conditions: Sequence[Any]) -> dict[str, int]:
    statement = select(key, func.count()).select_from(Case).where(*conditions).group_by(key)
    return {str(k): int(n) for k, n in db.exec(statement).all()}


def catalogue_order(found: Iterable[str]) -> list[tuple[str, str, str]]:
    """(code, name in Chinese, name in English) of every registered service in catalogue
    order, then of any code in ``found`` no longer registered (named by its code)."""
    services = registry()
    known = [(s.code, s.name.zh, s.name.en) for s in services.values()]
    return known + [(code, code, code) for code in sorted(set(found) - set(services))]


def counts_by_service(db: Session, *, user: CurrentUser, date_from: date | None = None,
                      date_to: date | None = None) -> list[CountRow]:
    """Cases per service: every registered service in catalogue order (zeros included), then
    any code no longer registered."""
    found = _grouped(db, col(Case.service_code), case_conditions(db, user, date_from, date_to))
    return [CountRow(code, zh, en, found.get(code, 0)) for code, zh, en in catalogue_order(found)]


def counts_by_office(db: Session, *, user: CurrentUser, date_from: date | None = None,
                     date_to: date | None = None) -> list[CountRow]:
    """Cases per office one level below the officer's: a city officer gets one row per county,
    a county officer one per township. Cases received by the officer's own office form a row
    of their own (listed first, only when there are any); every office below is listed, zeros
    included. Counted per receiving office in SQL, then rolled up by code prefix.
    """
    office = office_of(db, user)
    per_office = _grouped(db, col(Case.office_code),
                          case_conditions(db, user, date_from, date_to))
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
    found = _grouped(db, month, case_conditions(db, user, date_from, date_to))
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
    found = _grouped(db, col(Case.status), case_conditions(db, user, date_from, date_to))
    order = [str(s) for s in STATUS_ORDER] + sorted(set(found) - set(STATUS_ORDER))
    return [CountRow(s, *_status_labels(s), found.get(s, 0)) for s in order]
