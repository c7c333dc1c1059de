"""The domain is given the date; it does not read the clock (a server runs on UTC, the rules
are about the day in China)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from convenience_center.domain.services import get_matter
from convenience_center.domain.wizard import check_step
from convenience_center.services.common import china_today


def test_the_day_in_china_begins_at_16_00_utc():
    assert china_today(datetime(2026, 12, 1, 15, 59, tzinfo=UTC)) == date(2026, 12, 1)
    assert china_today(datetime(2026, 12, 1, 16, 0, tzinfo=UTC)) == date(2026, 12, 2)


def test_a_cross_check_sees_the_date_it_is_given():
    """The licence verification window (three months before expiry) is counted from the date
    passed in, not from the machine's clock."""
    _service, matter = get_matter("institution-practice-license", "verify")
    step = next(s for s in matter.steps if any(f.name == "licence_expiry_date"
                                                for f in s.fields))
    answers = dict(matter.samples.valid)
    submitted = {f.name: answers.get(f.name, "") for f in step.fields}
    submitted["licence_expiry_date"] = "2027-02-15"
    submitted["licence_issue_date"] = "2022-02-16"
    near = check_step(step, submitted, answers=answers, today=date(2026, 12, 1))
    far = check_step(step, submitted, answers=answers, today=date(2026, 10, 1))
    assert "licence_expiry_date" not in near.errors
    assert "2026-11-15" in far.errors["licence_expiry_date"].zh
