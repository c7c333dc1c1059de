"""Working-day (工作日) arithmetic for government time limits.

A working day is a Monday-Friday that is not a public holiday, or a weekend day that the State
Council has declared a make-up working day (调休). Legal basis: the national regulation on
public holidays (《全国年节及纪念日放假办法》, as revised in 2024, in force from 2025), the
yearly State Council notice that arranges the holidays (国务院办公厅关于节假日安排的通知), and,
for time limits in working days, the Administrative Licensing Law (《行政许可法》第八十二条:
期限以工作日计算，不含法定节假日).

Three sources, in this order:

1. The official arrangement, from ``chinesecalendar``: the holidays and make-up working days of
   each year's notice, for the years it ships data for (2004-2026 in 1.11.0). Only these dates
   are final: ``calendar_is_official`` is true for them.
2. Other years, within the range of the ``holidays`` package (1950-2100): its Chinese public
   holidays, computed from the regulation for any year — the fixed-date holidays, Qingming on
   its solar term, and the lunar holidays (Spring Festival: New Year's Eve and days 1-3 of the
   first lunar month; Dragon Boat, 5/5; Mid-Autumn, 8/15) — with the observed weekdays the
   regulation gives when a holiday falls on a weekend (补假), and the make-up working days that
   it knows for past years. The dates are provisional: the yearly notice may add bridging days
   and make-up working days (a Spring Festival week of nine days, say), so a provisional
   deadline can come out earlier than the official one, by a few days at most, never by a
   holiday week. ``calendar_is_official`` is false, and the UI says the date is provisional.
3. Years outside both (after 2100): weekends and the fixed-date holidays only (New Year's Day
   1 Jan, Labour Day 1-2 May, National Day 1-3 Oct).

Where both libraries have data they agree on every day but 31 December 2005 (``holidays``
counts that Saturday as a make-up working day, ``chinesecalendar`` does not); the tests check
this. Years before the current regulation follow the rules ``holidays`` records for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar
from holidays.constants import PUBLIC
from holidays.countries.china import China  # loaded here, not on the first computed year

_ONE_DAY = timedelta(days=1)
_OFFICIAL_YEARS = range(
    min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1
)
_COMPUTED_YEARS = range(China.start_year, China.end_year + 1)
_FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))


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
    """One lookup per year, so a loop over days never hits the libraries' per-date checks."""
    if year in _OFFICIAL_YEARS:
        return _YearCalendar(
            official=True,
            holidays=frozenset(d for d in chinese_calendar.holidays if d.year == year),
            make_up_days=frozenset(d for d in chinese_calendar.workdays if d.year == year),
        )
    holidays_, make_up_days = _computed_calendar(year)
    return _YearCalendar(official=False, holidays=holidays_, make_up_days=make_up_days)


def _computed_calendar(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """The rest days and make-up working days of ``year`` by the regulation (see the module
    docstring), for a year without an official arrangement."""
    if year not in _COMPUTED_YEARS:
        return frozenset(date(year, m, d) for m, d in _FIXED_HOLIDAYS), frozenset()
    computed = China(years=year, categories=(PUBLIC,))
    return (frozenset(d for d in computed if d.year == year),
            frozenset(d for d in computed.weekend_workdays if d.year == year))
