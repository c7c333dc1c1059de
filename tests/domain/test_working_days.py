"""Working-day arithmetic: the official arrangement up to 2026, the holidays computed by the
regulation after it (lunar holidays included), the fixed-date fallback after 2100."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from convenience_center.domain.working_days import (
    _computed_calendar,
    add_working_days,
    calendar_is_official,
    is_working_day,
    working_days_between,
)

DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
DAYS = st.integers(min_value=1, max_value=60)


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# --- the official 2026 arrangement (国务院办公厅 notice on the 2026 holidays) ---


def test_spring_festival_2026():
    # Feb 15 (腊月廿八) to Feb 23 off, Saturdays Feb 14 and Feb 28 are make-up working days.
    assert not any(is_working_day(d) for d in _span(date(2026, 2, 15), date(2026, 2, 23)))
    assert is_working_day(date(2026, 2, 14))
    assert is_working_day(date(2026, 2, 24))
    assert is_working_day(date(2026, 2, 28))


def test_national_day_week_2026():
    # Mid-Autumn Sep 25-27, National Day Oct 1-7, make-up on Sunday Sep 20 and Saturday Oct 10.
    assert not any(is_working_day(d) for d in _span(date(2026, 9, 25), date(2026, 9, 27)))
    assert not any(is_working_day(d) for d in _span(date(2026, 10, 1), date(2026, 10, 7)))
    assert is_working_day(date(2026, 9, 20))
    assert is_working_day(date(2026, 9, 30))
    assert is_working_day(date(2026, 10, 8))
    assert is_working_day(date(2026, 10, 10))
    assert not is_working_day(date(2026, 10, 11))


@pytest.mark.parametrize(("start", "days", "due"), [
    # A Friday before the Labour Day holiday (May 1-5): the whole holiday is skipped.
    (date(2026, 4, 30), 1, date(2026, 5, 6)),
    # A Friday before Qingming (Sat Apr 4 - Mon Apr 6).
    (date(2026, 4, 3), 1, date(2026, 4, 7)),
    # The Friday before Spring Festival: the next day is a make-up Saturday, then 9 days off.
    (date(2026, 2, 13), 1, date(2026, 2, 14)),
    (date(2026, 2, 13), 2, date(2026, 2, 24)),
    # Make-up working days on a weekend count: Sunday Sep 20 and Sunday Jan 4.
    (date(2026, 9, 18), 1, date(2026, 9, 20)),
    (date(2026, 1, 1), 1, date(2026, 1, 4)),
    # An ordinary week: Friday + 1 is Monday.
    (date(2026, 3, 6), 1, date(2026, 3, 9)),
])
def test_official_cases(start: date, days: int, due: date):
    assert add_working_days(start, days) == due
    assert working_days_between(start, due) == days


def test_fifteen_working_days_from_2026_09_28_skip_national_day():
    due = add_working_days(date(2026, 9, 28), 15)
    # Sep 29-30 (2), Oct 8-10 with the make-up Saturday (3), Oct 12-16 (5), Oct 19-23 (5);
    # counting weekdays only would have given Oct 19.
    assert due == date(2026, 10, 23)
    assert not any(date(2026, 10, 1) <= d <= date(2026, 10, 7) and is_working_day(d)
                   for d in _span(date(2026, 9, 28), due))


def test_agrees_with_chinese_calendar_wherever_it_has_data():
    for day in _span(date(2020, 1, 1), date(2026, 12, 31)):
        assert is_working_day(day) == chinese_calendar.is_workday(day), day


# --- years without official data: computed by the regulation ---


def test_official_data_ends_with_2026():
    assert calendar_is_official(date(2004, 1, 1))
    assert calendar_is_official(date(2026, 12, 31))
    assert not calendar_is_official(date(2027, 1, 1))
    assert not calendar_is_official(date(2003, 12, 31))


def test_fallback_2027_weekends_and_fixed_holidays():
    assert not is_working_day(date(2027, 1, 1))  # New Year's Day, a Friday
    assert not is_working_day(date(2027, 1, 2))  # Saturday
    assert not is_working_day(date(2027, 1, 3))  # Sunday
    assert is_working_day(date(2027, 1, 4))
    # National Day Fri-Sun, and the two days of it on the weekend given on Mon-Tue (补假);
    # provisional: the notice may extend the week further.
    assert not any(is_working_day(d) for d in _span(date(2027, 10, 1), date(2027, 10, 5)))
    assert is_working_day(date(2027, 10, 6))
    assert not is_working_day(date(2027, 4, 5))  # Qingming, a Monday


def test_fallback_holidays_on_weekdays():
    assert [is_working_day(d) for d in _span(date(2030, 9, 30), date(2030, 10, 4))] == [
        True, False, False, False, True,  # National Day Tue-Thu
    ]
    assert [is_working_day(d) for d in _span(date(2029, 4, 30), date(2029, 5, 3))] == [
        True, False, False, True,  # Labour Day Tue-Wed
    ]


def test_counting_crosses_from_official_data_into_the_fallback():
    # Thursday Dec 31 2026 + 1: Fri Jan 1 2027 is New Year's Day, then a weekend.
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    # Dec 2-31: 22 weekdays; January 2027: 21 weekdays less New Year's Day.
    assert working_days_between(date(2026, 12, 1), date(2027, 1, 31)) == 22 + 20


def test_computed_holidays_are_official_holidays_under_the_current_regulation():
    # The 2024 revision applies from 2025: every computed holiday must be an official one.
    for year in (2025, 2026):
        official = {d for d in chinese_calendar.holidays if d.year == year}
        assert _computed_calendar(year)[0] <= official, year


# Where the libraries part: holidays counts Saturday 31 Dec 2005 as a make-up working day.
KNOWN_DISAGREEMENTS = {date(2005, 12, 31)}


def test_the_two_libraries_agree_over_the_years_both_cover():
    first, last = min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year
    assert (first, last) == (2004, 2026)
    disagreements = set()
    for year in range(first, last + 1):
        rest, make_up = _computed_calendar(year)
        for day in _span(date(year, 1, 1), date(year, 12, 31)):
            computed = day in make_up or (day.weekday() < 5 and day not in rest)
            if computed != chinese_calendar.is_workday(day):
                disagreements.add(day)
    assert disagreements <= KNOWN_DISAGREEMENTS


def test_twenty_working_days_from_late_january_2027_skip_the_spring_festival():
    # Spring Festival 2027: New Year's Eve Fri 5 Feb, days 1-3 Sat-Mon 6-8 Feb, and the two
    # weekend days given on Tue-Wed 9-10 Feb. Counting them as working days gave 19 Feb.
    start = date(2027, 1, 22)  # a Friday
    due = add_working_days(start, 20)
    # Jan 25-29 (5), Feb 1-4 (4), Feb 11-12 (2), Feb 15-19 (5), Feb 22-25 (4).
    assert due == date(2027, 2, 25)
    assert not any(is_working_day(d) for d in _span(date(2027, 2, 5), date(2027, 2, 10)))
    assert is_working_day(date(2027, 2, 11))
    assert not calendar_is_official(due)  # so the UI says the date is provisional


@pytest.mark.parametrize(("festival", "day"), [
    ("Spring Festival 2028", date(2028, 1, 26)),
    ("Dragon Boat 2028", date(2028, 5, 29)),  # Sunday 28th, given on Monday
    ("Mid-Autumn 2029", date(2029, 9, 22)),  # a Saturday: given on Monday 24th
    ("Mid-Autumn 2029, observed", date(2029, 9, 24)),
    ("Spring Festival 2035", date(2035, 2, 8)),
])
def test_lunar_holidays_of_later_years_are_rest_days(festival: str, day: date):
    assert not is_working_day(day), festival


def test_years_without_solar_term_data_still_work():
    assert not is_working_day(date(2101, 1, 1))
    assert add_working_days(date(2101, 4, 1), 2) == date(2101, 4, 5)  # Fri + 2, Qingming unknown


# --- edge cases ---


def test_zero_days_is_the_start_or_the_next_working_day():
    assert add_working_days(date(2026, 3, 6), 0) == date(2026, 3, 6)  # a Friday
    assert add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 9)  # Saturday -> Monday
    assert add_working_days(date(2026, 10, 1), 0) == date(2026, 10, 8)


def test_a_rest_day_application_counts_from_the_next_day():
    assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # Saturday + 1 -> Monday


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="days must be >= 0"):
        add_working_days(date(2026, 3, 6), -1)


def test_datetimes_are_treated_as_their_date():
    assert not is_working_day(datetime(2026, 10, 1, 9, 30))
    assert add_working_days(datetime(2026, 4, 30, 17, 0), 1) == date(2026, 5, 6)


def test_no_working_days_up_to_the_start():
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 2)) == 0


# --- properties ---


@given(start=DATES, days=DAYS)
def test_working_days_between_inverts_add_working_days(start: date, days: int):
    due = add_working_days(start, days)
    assert is_working_day(due)
    assert working_days_between(start, due) == days
    assert working_days_between(start, due - timedelta(days=1)) == days - 1


@given(start=DATES, days=st.integers(min_value=0, max_value=59), more=DAYS)
def test_more_days_never_give_an_earlier_date(start: date, days: int, more: int):
    earlier, later = add_working_days(start, days), add_working_days(start, days + more)
    # Strictly later from one day on; 0 and 1 coincide when the start is a rest day.
    assert later > earlier or (days == 0 and not is_working_day(start) and later == earlier)


@given(start=DATES, end=DATES)
def test_working_days_between_is_zero_without_progress(start: date, end: date):
    count = working_days_between(start, end)
    if end <= start:
        assert count == 0
    else:
        assert 0 <= count <= (end - start).days
