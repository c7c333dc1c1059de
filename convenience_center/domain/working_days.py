"""Working-day (工作日) arithmetic for government time limits.

A working day is a Monday-Friday that is not a public holiday, or a weekend day that the State
Council has declared a make-up working day (调休). The official arrangement comes from
``chinesecalendar``, which only knows the years it ships data for (2004-2026 in 1.11.0) and
raises ``NotImplementedError`` outside them. Promised dates already reach past that data, so
other years use a provisional fallback; ``calendar_is_official`` tells the UI when a date is
provisional ("the official holiday arrangement for 2027 is not published yet").

The fallback follows the national holiday regulation as revised in 2024 (in force from 2025):
weekends are rest days, and so are the statutory holidays with a computable date:

- New Year's Day (1 Jan), Labour Day (1-2 May), National Day (1-3 Oct);
- Qingming, on the day of the Qingming solar term (4 or 5 April), computed with
  ``chinese_calendar.get_solar_terms`` (available for 1900-2100; omitted after that).

Not covered, so a provisional deadline can come out earlier than the official one:

- The lunar holidays: Spring Festival (Chinese New Year's Eve and days 1-3 of the first lunar
  month), Dragon Boat (5/5) and Mid-Autumn (8/15). No installed library converts to the lunar
  calendar, and hand-writing one is out of scope.
- Everything the yearly State Council notice decides: make-up working days (调休), bridging
  days that join a holiday to a weekend, and weekdays off in lieu of a holiday on a weekend.

The fallback applies to every year without official data, including years before 2004, for
which it is not historically accurate (the holiday rules were different then).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar

_ONE_DAY = timedelta(days=1)
_OFFICIAL_YEARS = range(
    min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1
)
_QINGMING = "清明"  # the name get_solar_terms gives the Qingming solar term


@dataclass(frozen=True, slots=True)
class _YearCalendar:
    """The exceptions to "Monday-Friday work, weekends rest" in one year."""

    official: bool
    holidays: frozenset[date]  # rest days, whatever day of the week they fall on
    make_up_days: frozenset[date]  # weekend days that are working days (调休)


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day (official data if available, else the fallback)."""
    day = _as_date(day)
    year = _year_calendar(day.year)
    if day in year.make_up_days:
        return True
    return day.weekday() < 5 and day not in year.holidays


def calendar_is_official(day: date) -> bool:
    """Whether ``day`` is covered by the official arrangement rather than the fallback."""
    return _year_calendar(_as_date(day).year).official


def add_working_days(start: date, days: int) -> date:
    """The date that is ``days`` working days after ``start``.

    ``start`` (the day of application) does not count, whether or not it is a working day:
    an application on a Friday with 1 working day is due on the next working day, and so is
    one made on the Saturday. Callers that treat an application made on a rest day as received
    on the next working day should pass ``add_working_days(start, 0)`` as ``start``.

    ``days == 0`` returns ``start`` if it is a working day, else the next working day: a
    zero-day limit (当场办结) means "on the day the office has the case", and an office that is
    closed on ``start`` first has it on the next working day. So the inverse
    ``working_days_between(start, add_working_days(start, n)) == n`` holds for every ``n >= 1``,
    but for ``n == 0`` only when ``start`` is a working day.
    """
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days}")
    day = _as_date(start)
    if days == 0:
        while not is_working_day(day):
            day += _ONE_DAY
        return day
    remaining = days
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """The number of working days after ``start`` up to and including ``end`` (0 if
    ``end <= start``), counted the same way as ``add_working_days``."""
    start, end = _as_date(start), _as_date(end)
    return sum(is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))


def _as_date(day: date) -> date:
    # A datetime never equals a date, so it would miss every holiday in the sets.
    return day.date() if isinstance(day, datetime) else day


@lru_cache(maxsize=32)
def _year_calendar(year: int) -> _YearCalendar:
    """One lookup per year, so a loop over days never hits the library's per-date checks."""
    if year in _OFFICIAL_YEARS:
        return _YearCalendar(
            official=True,
            holidays=frozenset(d for d in chinese_calendar.holidays if d.year == year),
            make_up_days=frozenset(d for d in chinese_calendar.workdays if d.year == year),
        )
    return _YearCalendar(official=False, holidays=_fallback_holidays(year),
                         make_up_days=frozenset())


def _fallback_holidays(year: int) -> frozenset[date]:
    """The statutory holidays of ``year`` whose date can be computed (see the module docstring)."""
    fixed = {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}
    return frozenset({date(year, month, day) for month, day in fixed} | _qingming(year))


def _qingming(year: int) -> set[date]:
    try:
        terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
    except NotImplementedError:  # outside 1900-2100
        return set()
    return {day for day, name in terms if name == _QINGMING}
