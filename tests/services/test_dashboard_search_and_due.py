"""The staff dashboard's search (prefixes and parts of case numbers and names, pinyin,
initials) and its "due soonest first" order (running cases first; decided ones closed)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from convenience_center.domain.search_keys import case_keys
from convenience_center.migrations import alembic_config
from convenience_center.models import Case, CaseSearchKey
from convenience_center.services import applications, staff_queues
from tests.factories import Person, id_number
from tests.services.helpers import dashboard_page
from tests.services.test_applications import NOW, complete_draft
from tests.services.test_workflow import act, officer

TODAY = date(2026, 11, 27)


def applied(db: Session, name: str, now: datetime = NOW) -> Case:
    """A case of the one-child certificate, submitted by a new citizen called ``name``."""
    person = Person(real_name=name, id_number=id_number("410105", date(1992, 3, 15), male=False))
    user_id, public_id, _ = complete_draft(db, person)
    return applications.submit(db, user_id=user_id, public_id=public_id, now=now)


def found(db: Session, user, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    rows, _ = staff_queues.page(db, user=user, queue="all", today=TODAY,
                                filters=staff_queues.Filters(search=query))
    return sorted(r.case_no for r in rows)


def test_staff_find_cases_by_parts_of_numbers_and_names(db: Session):
    liu, zeng, li = applied(db, "刘德华"), applied(db, "曾志伟"), applied(db, "李娜")
    county = officer(db, "county", "410105")
    everyone = sorted([liu.case_no, zeng.case_no, li.case_no])
    assert liu.case_no[:15] == zeng.case_no[:15] == "410105-20261126"
    for query in ("刘", "刘德", "德华", "刘德华", "liu", "Liu De", "LIUDEHUA", "dehua", "ldh", "LD",
                  liu.case_no, liu.case_no.replace("-", ""), liu.case_no[-4:]):
        assert found(db, county, query) == [liu.case_no], query
    for query in ("zeng", "ceng", "zzw", "曾"):  # the surname's own reading, and the usual one
        assert found(db, county, query) == [zeng.case_no], query
    for query in ("410105-2026", "4101", "41010520261126", "41 01 05"):
        assert found(db, county, query) == everyone, query
    for query in ("王", "wang", "华", "410102", "4103", "20261126"):
        assert found(db, county, query) == [], query
    elsewhere = officer(db, "county", "410102")  # outside the jurisdiction: nothing
    assert found(db, elsewhere, "刘") == found(db, elsewhere, "4101") == []


def test_the_last_four_of_the_id_number_still_find_the_case(db: Session):
    liu = applied(db, "刘德华")
    county = officer(db, "county", "410105")
    assert liu.id_last4 and found(db, county, liu.id_last4.lower()) == [liu.case_no]


def test_keys_are_written_at_submission(db: Session):
    liu = applied(db, "刘德华")
    keys = set(db.exec(select(CaseSearchKey.key).where(CaseSearchKey.case_id == liu.id)).all())
    assert keys == case_keys(case_no=liu.case_no, applicant_name="刘德华", id_last4=liu.id_last4)
    assert {"n:刘德华", "p:liudehua", "i:ldh", "s:0001"} <= keys


def test_a_common_search_pages_like_the_list(db: Session, monkeypatch):
    """A search matching many cases walks the list's own order: its pages are the list's."""
    from convenience_center.services import case_search

    for day in range(4):
        applied(db, "王伟", now=NOW + timedelta(days=day))
    applied(db, "李娜")
    county = officer(db, "county", "410105")
    monkeypatch.setattr(case_search, "COMMON", 2)  # four 王伟: "many" for this test
    assert case_search.plan(db, "王", jurisdiction="410105").common
    assert not case_search.plan(db, "李", jurisdiction="410105").common
    pages, cursor = [], None
    while True:
        rows, cursor = staff_queues.page(db, user=county, queue="all", today=TODAY,
                                         filters=staff_queues.Filters(search="wangw"),
                                         cursor=cursor, limit=3)
        pages.append([r.applicant_name for r in rows])
        if cursor is None:
            break
    assert pages == [["王伟"] * 3, ["王伟"]]


def _due_order(db: Session, user, limit: int) -> list[str]:  # type: ignore[no-untyped-def]
    names, cursor = [], None
    while True:
        rows, cursor = staff_queues.page(db, user=user, queue="all", today=TODAY, limit=limit,
                                         filters=staff_queues.Filters(sort="due"), cursor=cursor)
        names += [r.applicant_name for r in rows]
        if cursor is None:
            return names


def test_due_soonest_first_lists_the_running_cases_then_the_others(db: Session):
    decided = applied(db, "甲一", now=NOW)  # the earliest due date, but refused
    running = applied(db, "乙二", now=NOW + timedelta(days=1))
    waiting = applied(db, "丙三", now=NOW + timedelta(days=4))  # the clock is paused
    later = applied(db, "丁四", now=NOW + timedelta(days=5))
    township = officer(db, "township", "410105001")
    act(db, township, decided, "not_accept", "不属于本单位受理范围")
    act(db, township, waiting, "request_supplement", "请补充结婚证")
    county = officer(db, "county", "410105")
    for limit in (1, 2, 3, 25):  # the same order whatever the page size
        assert _due_order(db, county, limit) == ["乙二", "丁四", "丙三", "甲一"], limit
    db.refresh(running)
    db.refresh(later)
    assert running.running_due_date == running.due_date < later.running_due_date


def test_the_due_column_says_when_a_decided_case_closed(db: Session):
    decided, waiting, running = applied(db, "甲一"), applied(db, "丙三"), applied(db, "乙二")
    township = officer(db, "township", "410105001")
    act(db, township, decided, "not_accept", "不属于本单位受理范围")
    act(db, township, waiting, "request_supplement", "请补充结婚证")
    county = officer(db, "county", "410105")
    view = dashboard_page(db, user=county, queue="all", cursor=None,
                          filters=staff_queues.Filters(sort="due"), today=TODAY)
    rows = {r["applicant"]: r for r in view["rows"]}
    assert rows["甲一"]["due_state"] == "closed" and rows["甲一"]["due"] == ""
    assert rows["甲一"]["closed"] == NOW.astimezone(UTC).date().isoformat()
    assert rows["丙三"]["due_state"] == "paused" and rows["丙三"]["due"]
    assert rows["乙二"]["due_state"] == "running" and rows["乙二"]["due"] == \
        running.due_date.isoformat()
    late = dashboard_page(db, user=county, queue="all", cursor=None,
                          filters=staff_queues.Filters(), today=date(2027, 6, 1))
    overdue = {r["applicant"]: r["overdue"] for r in late["rows"]}
    assert overdue == {"乙二": True, "丙三": False, "甲一": False}


def test_the_migration_keys_the_cases_submitted_before_it(db_url: str, engine: Engine):
    with Session(engine) as db:
        case_no = applied(db, "刘德华").case_no
        expected = set(db.exec(select(CaseSearchKey.key)).all())
    config = alembic_config(db_url)
    command.downgrade(config, "0007_participation")  # the revision before the keys
    command.upgrade(config, "head")
    with Session(engine) as db:
        assert set(db.exec(select(CaseSearchKey.key)).all()) == expected
        assert db.exec(text("SELECT running_due_date FROM application_case")).one()[0] \
            is not None
        assert found(db, officer(db, "county", "410105"), "ldh") == [case_no]
