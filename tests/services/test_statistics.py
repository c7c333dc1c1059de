"""Statistics for officers: counts per dimension, processing times, lateness, jurisdiction, CSV.

The cases are inserted directly with known dates (times in UTC; China is UTC+8), so every
expected figure can be worked out by hand from the table below.
"""

from __future__ import annotations

import csv
import io
import itertools
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from convenience_center.domain.errors import NotAllowed
from convenience_center.domain.services import registry
from convenience_center.models import ApplicationDraft, Case, Office
from convenience_center.services import (
    statistics,
    statistics_counts,
    statistics_csv,
    statistics_scope,
    statistics_times,
)
from convenience_center.services.admin_users import create_staff
from convenience_center.services.common import CurrentUser
from convenience_center.services.offices import seed_offices
from tests.factories import Person
from tests.services.helpers import current, register

TODAY = date(2026, 5, 1)
ONE_CHILD, HONOUR = "one-child-resident", "honor-certificate"
_numbers = itertools.count(1)


@dataclass(frozen=True)
class Planned:
    office: str
    service: str
    status: str
    submitted: datetime
    days: float | None = None  # decided this many days after submission
    due: date | None = None


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


# Jinshui District (410105) and its subdistricts, unless said otherwise.
CASES = [
    # 1. China 01-06 02:00, decided after 2.0 days at China 01-08 02:00 (UTC 01-07): late.
    Planned("410105001", ONE_CHILD, "issued", utc(2026, 1, 5, 18), 2.0, date(2026, 1, 7)),
    # 2. UTC January 31 but China February 1; 4.0 days; decided China 02-05 > 02-03: late.
    Planned("410105001", ONE_CHILD, "approved", utc(2026, 1, 31, 20), 4.0, date(2026, 2, 3)),
    # 3. 1.5 days, on time.
    Planned("410105002", HONOUR, "denied", utc(2026, 2, 10, 1), 1.5, date(2026, 2, 20)),
    # 4. received by the district itself; 10.0 days, decided 04-11, due 04-15: on time.
    Planned("410105", HONOUR, "not_accepted", utc(2026, 4, 1, 0), 10.0, date(2026, 4, 15)),
    # 5. open and past due on TODAY.
    Planned("410105001", ONE_CHILD, "in_review", utc(2026, 4, 15, 2), None, date(2026, 4, 20)),
    # 6. withdrawn by the applicant: decided_at is set, but no processing time.
    Planned("410105002", ONE_CHILD, "withdrawn", utc(2026, 4, 16, 2), 1.0, date(2026, 4, 25)),
    # 7. waiting for the applicant: the clock is paused, so not "open past due".
    Planned("410105001", ONE_CHILD, "supplement_required", utc(2026, 4, 1, 2), None,
            date(2026, 4, 10)),
    # 8. open, not yet due.
    Planned("410105003", ONE_CHILD, "submitted", utc(2026, 4, 28, 2), None, date(2026, 5, 10)),
    # 9. another district of Zhengzhou (Zhongyuan).
    Planned("410102", ONE_CHILD, "issued", utc(2026, 2, 2, 2), 3.0, date(2026, 2, 20)),
    # 10. received by the city of Zhengzhou itself.
    Planned("410100", "institution-practice-license", "submitted", utc(2026, 3, 3, 2), None,
            date(2026, 4, 3)),
    # 11. another city (Kaifeng): nobody here sees it.
    Planned("410200", ONE_CHILD, "submitted", utc(2026, 3, 4, 2), None, date(2026, 4, 3)),
]


def add_case(db: Session, applicant_id: int, plan: Planned) -> None:
    draft = ApplicationDraft(public_id=uuid.uuid4().hex, user_id=applicant_id,
                             service_code=plan.service, matter_code="apply",
                             office_code=plan.office, status="submitted")
    db.add(draft)
    db.flush()
    assert draft.id is not None
    decided = plan.submitted + timedelta(days=plan.days) if plan.days is not None else None
    db.add(Case(case_no=f"{plan.office[:6]}-{plan.submitted:%Y%m%d}-{next(_numbers):04d}",
                draft_id=draft.id, applicant_id=applicant_id, service_code=plan.service,
                matter_code="apply", office_code=plan.office, status=plan.status,
                submitted_at=plan.submitted, promised_date=plan.due or plan.submitted.date(),
                decided_at=decided, due_date=plan.due, holder_office=plan.office))


def officer(db: Session, role: str, office: str) -> CurrentUser:
    person = Person()
    return current(create_staff(db, username=person.username, real_name="统计员",
                                email=person.email, role=role, office_code=office,
                                password=person.password))


@pytest.fixture
def cases(db: Session) -> CurrentUser:
    """The cases above; returns their applicant (a citizen)."""
    seed_offices(db)
    applicant, _ = register(db)
    assert applicant.id is not None
    for plan in CASES:
        add_case(db, applicant.id, plan)
    db.commit()
    return current(applicant)


def counts(rows: list[statistics_counts.CountRow]) -> dict[str, int]:
    return {r.key: r.cases for r in rows}


def test_counts_per_service_status_and_month(db: Session, cases: CurrentUser):
    county = officer(db, "county", "410105")
    by_service = statistics_counts.counts_by_service(db, user=county)
    assert [r.key for r in by_service][:3] == ["honor-certificate",
                                               "one-child-floating-cross-province", ONE_CHILD]
    # Every registered service has its row, those without cases with 0.
    assert counts(by_service) == {**dict.fromkeys(registry(), 0),
                                  "honor-certificate": 2, ONE_CHILD: 6}
    one_child = next(r for r in by_service if r.key == ONE_CHILD)
    assert (one_child.label_zh, one_child.label_en) == (
        "常住人口一孩生育证", "One-child birth certificate for permanent residents")

    by_status = statistics_counts.counts_by_status(db, user=county)
    assert counts(by_status) == {"submitted": 1, "in_review": 1,
                                 "supplement_required": 1, "approved": 1, "issued": 1,
                                 "not_accepted": 1, "denied": 1, "withdrawn": 1}
    issued = next(r for r in by_status if r.key == "issued")
    assert (issued.label_zh, issued.label_en) == ("已办结", "Completed")

    # Months in China time; March has no case but lies between January and April.
    by_month = statistics_counts.counts_by_month(db, user=county)
    assert [(r.key, r.cases) for r in by_month] == [
        ("2026-01", 1), ("2026-02", 2), ("2026-03", 0), ("2026-04", 5)]


def test_offices_are_grouped_one_level_below(db: Session, cases: CurrentUser):
    county = statistics_counts.counts_by_office(db, user=officer(db, "county", "410105"))
    assert county[0].key == "410105" and county[0].label_zh == "金水区"  # the district itself
    assert counts(county) == {"410105": 1, "410105001": 4, "410105002": 2, "410105003": 1,
                              **{f"410105{n:03d}": 0 for n in range(4, 11)}}
    assert county[1].label_en == "Jingbalu Subdistrict"

    city = statistics_counts.counts_by_office(db, user=officer(db, "city", "410100"))
    found = counts(city)
    assert city[0].key == "410100" and city[0].label_zh == "郑州市"
    assert found["410100"] == 1 and found["410105"] == 8 and found["410102"] == 1
    assert sum(found.values()) == 10  # Kaifeng's case is not Zhengzhou's
    assert all(len(k) == 6 for k in found)  # per district/county, not per subdistrict
    assert found["410103"] == 0  # every district is listed

    township = statistics_counts.counts_by_office(db, user=officer(db, "township", "410105001"))
    assert counts(township) == {"410105001": 4}


def test_jurisdiction(db: Session, cases: CurrentUser):
    other = officer(db, "county", "410102")
    assert counts(statistics_counts.counts_by_status(db, user=other))["issued"] == 1
    assert sum(counts(statistics_counts.counts_by_service(db, user=other)).values()) == 1
    jinshui = statistics.report(db, user=officer(db, "county", "410105"), today=TODAY)
    assert jinshui.total == 8
    assert "410102" not in counts(jinshui.by_office)
    province = statistics.report(db, user=officer(db, "province", "410000"), today=TODAY)
    assert province.total == 11
    assert counts(province.by_office)["410100"] == 10
    assert counts(province.by_office)["410200"] == 1
    for refused in (cases, current(create_staff(
            db, username=Person().username, real_name="管理员", email=Person().email,
            role="admin", office_code="410000", password=Person().password))):
        with pytest.raises(NotAllowed):
            statistics.report(db, user=refused, today=TODAY)


def test_the_period_is_in_china_time(db: Session, cases: CurrentUser):
    county = officer(db, "county", "410105")
    january = statistics.report(db, user=county, today=TODAY, date_from=date(2026, 1, 1),
                                date_to=date(2026, 1, 31))
    assert january.total == 1  # case 2 was submitted on 1 February in China
    february = statistics.report(db, user=county, today=TODAY, date_from=date(2026, 2, 1),
                                 date_to=date(2026, 2, 28))
    assert february.total == 2
    assert [(r.key, r.cases) for r in february.by_month] == [("2026-02", 2)]
    assert (february.processing.decided, february.processing.average_days,
            february.processing.p95_days) == (2, 2.8, 4.0)  # (4.0 + 1.5) / 2 = 2.75
    since_april = statistics.report(db, user=county, today=TODAY, date_from=date(2026, 4, 1))
    assert since_april.total == 5


def test_the_period_as_typed():
    assert statistics_scope.parse_period("2026-01-01", "") == (date(2026, 1, 1), None)
    assert statistics_scope.parse_period(" 2026-01-01 ", "2026-01-01") == (date(2026, 1, 1),
                                                                     date(2026, 1, 1))
    assert statistics_scope.parse_period("", None) == (None, None)
    for start, end, code in (("2026-13-01", "", "stats.date_invalid"),
                             ("", "yesterday", "stats.date_invalid"),
                             ("", "9999-12-31", "stats.date_invalid"),
                             ("2026-02-01", "2026-01-31", "stats.period_reversed")):
        with pytest.raises(statistics_scope.InvalidPeriod) as info:
            statistics_scope.parse_period(start, end)
        assert info.value.code == code
    assert statistics_scope.default_period(date(2026, 5, 1)) == (date(2025, 6, 1), date(2026, 5, 1))
    assert statistics_scope.default_period(date(2026, 12, 31)) == (date(2026, 1, 1),
                                                             date(2026, 12, 31))


def test_processing_times(db: Session, cases: CurrentUser):
    overall, per_service = statistics_times.processing_times(
        db, user=officer(db, "county", "410105"))
    # Decided by an office: 2.0, 4.0, 1.5 and 10.0 days (the withdrawal does not count).
    assert overall == statistics_times.ProcessingTime(4, 4.4, 10.0)  # 17.5 / 4 = 4.375
    times = {s.key: s.processing for s in per_service}
    assert times[ONE_CHILD] == statistics_times.ProcessingTime(2, 3.0, 4.0)
    assert times[HONOUR] == statistics_times.ProcessingTime(2, 5.8, 10.0)  # 5.75, half up
    assert times["two-child-floating"] == statistics_times.ProcessingTime(0, None, None)


@pytest.mark.parametrize(("values", "expected"), [
    ([7.0], 7.0),
    ([float(n) for n in range(1, 21)], 19.0),   # rank ceil(0.95 * 20) = 19
    ([float(n) for n in range(1, 22)], 20.0),   # rank ceil(19.95) = 20
    ([float(n) for n in range(1, 101)], 95.0),
    ([float(n) for n in range(1, 102)], 96.0),  # rank ceil(95.95) = 96
])
def test_nearest_rank_percentile(values: list[float], expected: float):
    assert statistics_times.nearest_rank(values, 95) == expected


def test_overdue_rate(db: Session, cases: CurrentUser):
    county = officer(db, "county", "410105")
    result = statistics_times.overdue(db, user=county, today=TODAY)
    # Late: case 1 (China date 01-08 after 01-07) and case 2; cases 3 and 4 on time.
    # Open past due, as in the "Overdue" queue: case 5 (in review) and case 2 (approved, the
    # certificate not issued yet); 7 is waiting for the applicant, 8 is not due yet.
    assert result == statistics_times.Overdue(decided=4, decided_late=2, rate=0.5, open_past_due=2)
    nothing = statistics_times.overdue(db, user=county, today=TODAY, date_from=date(2027, 1, 1))
    assert nothing == statistics_times.Overdue(0, 0, None, 0)


def test_csv_export(db: Session, cases: CurrentUser):
    db.get(Office, "410105003").name_zh = "=HYPERLINK(\"http://x\")"  # a hostile office name
    db.commit()
    county = officer(db, "county", "410105")
    text = statistics_csv.as_csv(db, user=county, today=TODAY, date_from=date(2026, 1, 1),
                             date_to=date(2026, 12, 31))
    assert text.startswith("\ufeff")
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert tuple(rows[0]) == statistics_csv.CSV_COLUMNS
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert {(r["office_code"], r["date_from"], r["date_to"]) for r in records} == {
        ("410105", "2026-01-01", "2026-12-31")}

    def value(dimension: str, key: str, measure: str = "cases") -> str:
        return next(r["value"] for r in records if (r["dimension"], r["key"], r["measure"])
                    == (dimension, key, measure))

    assert value("total", "all") == "8"
    assert value("total", "all", "average_days") == "4.4"
    assert value("total", "all", "p95_days") == "10.0"
    assert value("total", "all", "overdue_rate") == "0.5"
    assert value("total", "all", "open_past_due") == "2"
    assert value("service", ONE_CHILD) == "6"
    assert value("service", "two-child-floating", "average_days") == ""
    assert value("month", "2026-03") == "0"
    assert value("office", "410105001") == "4"
    assert value("status", "withdrawn") == "1"
    one_child = next(r for r in records if r["key"] == ONE_CHILD)
    assert one_child["label_zh"] == "常住人口一孩生育证"
    hostile = next(r for r in records if r["key"] == "410105003")
    assert hostile["label_zh"].startswith("'=")
    assert {r["dimension"] for r in records} == {"total", "service", "office", "month",
                                                 "status"}
