"""The staff dashboard's queries stay indexed: with 30,000 generated cases (the benchmark's
generator), the statements ``staff_queues.counts`` and ``staff_queues.page`` send for a county
officer are EXPLAINed on SQLite and PostgreSQL, and none may read all of ``application_case``.

The statements are the ones the services really run (recorded at the driver, with their
parameters), so the plans are those of the code, not of a copy of its queries.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from pypinyin import lazy_pinyin
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from benchmarks.dashboard import (
    explain,
    full_scans,
    generate,
    officer,
    plan_lines,
    recorded_queries,
)
from convenience_center.db import make_engine
from convenience_center.domain.search_keys import query_prefixes
from convenience_center.models import Case, CaseSearchKey
from convenience_center.services import staff_queues
from convenience_center.services.common import CHINA_TZ
from tests.databases import TemplateDatabases

CASES = 30_000
COUNTY = officer("county", "410105")  # Jinshui: its own cases and its ten townships'
CHECKED = ("to_accept", "in_review", "waiting", "overdue", "all")
TODAY = datetime.now(CHINA_TZ).date()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(request: pytest.FixtureRequest, templates: TemplateDatabases) -> Iterator[Engine]:
    """A database of each backend with the generated cases, analysed."""
    url = templates.url(request.param)
    generate(url, CASES)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _problem(plan: object, statement: str) -> str:
    return "full scan of application_case:\n" + "\n".join(plan_lines(plan)) + \
        f"\nin:\n{statement}"


def test_the_generated_cases_are_consistent(loaded: Engine) -> None:
    with Session(loaded) as db:
        total, drafts, open_, decided_without_date, holders_outside = db.exec(text(
            "SELECT count(*), count(DISTINCT draft_id), "
            "sum(CASE WHEN status IN ('submitted', 'in_review', 'approved', "
            "'supplement_required') THEN 1 ELSE 0 END), "
            "sum(CASE WHEN status IN ('issued', 'denied', 'not_accepted', 'withdrawn') "
            "AND decided_at IS NULL THEN 1 ELSE 0 END), "
            # the holder is the receiving office or one above it (codes nest)
            "sum(CASE WHEN office_code NOT LIKE (rtrim(holder_office, '0') || '%') "
            "THEN 1 ELSE 0 END) FROM application_case")).one()
        assert (total, drafts, decided_without_date, holders_outside) == (CASES, CASES, 0, 0)
        assert 0.005 * CASES < open_ < 0.05 * CASES  # most cases are decided
        case = db.exec(select(Case).where(Case.id == CASES // 2)).one()
        assert case.answers["applicant_name"] == case.applicant_name  # valid JSON
        assert case.case_no.startswith(case.office_code[:6] + "-")
        counts = staff_queues.counts(db, user=COUNTY, today=TODAY)
    # The county's queues hold cases, so the plans are those of real work.
    assert counts["all"] > 150 and counts["decided"] > 100
    assert counts["in_review"] + counts["waiting"] + counts["overdue"] > 0
    if loaded.dialect.name == "sqlite":
        with loaded.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []


@pytest.mark.parametrize("office", ["410105001", "410105", "410100", "410000"])
def test_the_counts_are_each_queues_own(loaded: Engine, office: str) -> None:
    """The one statement of every count gives what each queue's own condition finds."""
    user = officer("county", office)
    with Session(loaded) as db:
        shown = staff_queues.counts(db, user=user, today=TODAY)
        one_by_one = {queue: min(len(db.exec(select(Case.id).where(
            staff_queues.queue_condition(queue, user, TODAY))).all()),
            staff_queues.COUNT_CAP + 1) for queue in staff_queues.QUEUES}
    assert shown == one_by_one
    assert shown["all"] > 0


def test_the_counts_are_indexed(loaded: Engine) -> None:
    with recorded_queries(loaded) as seen, Session(loaded) as db:
        staff_queues.counts(db, user=COUNTY, today=TODAY)
    [(statement, parameters)] = seen  # every queue's count in one statement
    plan = explain(loaded, statement, parameters)
    assert not full_scans(plan), _problem(plan, statement)


@pytest.mark.parametrize("queue", CHECKED)
def test_the_first_page_sorted_newest_is_indexed(loaded: Engine, queue: str) -> None:
    with recorded_queries(loaded) as seen, Session(loaded) as db:
        rows, _cursor = staff_queues.page(db, user=COUNTY, queue=queue,
                                          filters=staff_queues.Filters(sort="newest"),
                                          today=TODAY)
    assert [r.submitted_at for r in rows] == sorted((r.submitted_at for r in rows),
                                                    reverse=True)
    [(statement, parameters)] = seen
    plan = explain(loaded, statement, parameters)
    assert not full_scans(plan), _problem(plan, statement)


def test_full_scans_are_recognised() -> None:
    """The check itself: a plan that reads the whole table is caught on both backends."""
    assert full_scans(["SCAN application_case", "USE TEMP B-TREE FOR ORDER BY"])
    assert not full_scans(["SCAN application_case USING COVERING INDEX ix_case_id_last4"])
    assert not full_scans(["SEARCH application_case USING INDEX ix_x (office_code>?)"])
    postgres = json.loads('[{"Plan": {"Node Type": "Limit", "Plans": [{"Node Type": "Sort", '
                          '"Plans": [{"Node Type": "Seq Scan", '
                          '"Relation Name": "application_case"}]}]}}]')
    assert full_scans(postgres)
    postgres[0]["Plan"]["Plans"][0]["Plans"][0]["Node Type"] = "Index Scan"
    assert not full_scans(postgres)


def test_a_missing_index_would_be_caught(loaded: Engine) -> None:
    """Searching a column without an index is a full scan: the test can fail."""
    with loaded.connect() as conn:
        statement = "SELECT count(*) FROM application_case WHERE decision_reason = " + \
            ("?" if loaded.dialect.name == "sqlite" else "%(reason)s")
        parameters = ("x",) if loaded.dialect.name == "sqlite" else {"reason": "x"}
        assert conn.exec_driver_sql(statement, parameters).scalar_one() == 0
    assert full_scans(explain(loaded, statement, parameters))


def _sorts(plan: object) -> list[str]:
    """The steps of a plan that sort rows (SQLite: a temporary B-tree; PostgreSQL: Sort)."""
    return [line for line in plan_lines(plan) if "TEMP B-TREE FOR ORDER BY" in line
            or line.lstrip("-> ").startswith("Sort")]


@pytest.mark.parametrize(("level", "office"), [("city", "410100"), ("province", "410000")])
@pytest.mark.parametrize("sort", ["newest", "due"])
def test_a_wide_jurisdiction_walks_an_index_instead_of_sorting_everything(
        loaded: Engine, level: str, office: str, sort: str) -> None:
    """A city or the province sees most cases: its unfiltered list must be read in index
    order, page after page, not sorted in full for every page."""
    user = officer(level, office)
    with recorded_queries(loaded) as seen, Session(loaded) as db:
        rows, cursor = staff_queues.page(db, user=user, queue="all",
                                         filters=staff_queues.Filters(sort=sort), today=TODAY)
        assert len(rows) == staff_queues.PAGE_SIZE and cursor is not None
        second, _ = staff_queues.page(db, user=user, queue="all",
                                      filters=staff_queues.Filters(sort=sort), today=TODAY,
                                      cursor=cursor)
    prefix = staff_queues.code_prefix(office)
    assert all(r.office_code.startswith(prefix) for r in rows + second)
    key = (lambda r: (r.submitted_at, r.id)) if sort == "newest" else \
        (lambda r: (r.running_due_date, r.id))
    ordered = [key(r) for r in rows + second]
    assert ordered == sorted(ordered, reverse=sort == "newest")
    for statement, parameters in seen:
        plan = explain(loaded, statement, parameters)
        assert not full_scans(plan), "\n".join(plan_lines(plan))
        # "Due soonest first" reads the cases whose clock runs (a few per cent of all) from an
        # index of the running due date: PostgreSQL sorts them when it expects few.
        running_only = sort == "due" and _indexes(plan) and \
            all("running_due" in index for index in _indexes(plan))
        assert not _sorts(plan) or running_only, "\n".join(plan_lines(plan))


def _indexes(plan: object) -> set[str]:
    return {name for line in plan_lines(plan) for name in re.findall(r"\bix_\w+", line)}


def test_counts_stop_at_the_cap(loaded: Engine) -> None:
    province = officer("province", "410000")
    with Session(loaded) as db:
        counts = staff_queues.counts(db, user=province, today=TODAY)
    assert counts["all"] == staff_queues.COUNT_CAP + 1  # 30,000 cases: more than the cap
    assert staff_queues.count_text(counts["all"]) == "10000+"
    assert staff_queues.count_text(staff_queues.COUNT_CAP) == "10000"


def _searches(db: Session) -> list[str]:
    """What staff type: a common surname, a given name, a whole name, its pinyin and
    initials, the start of a case number (with its date, or only a region), its sequence."""
    case = db.exec(select(Case).where(Case.office_code.startswith("410105"))  # type: ignore[attr-defined]
                   .order_by(Case.id.desc())).first()  # type: ignore[union-attr]
    assert case is not None
    sounds = lazy_pinyin(case.applicant_name)
    return ["王", case.applicant_name[1:], case.applicant_name, "".join(sounds),
            "".join(s[0] for s in sounds), case.case_no[:11], case.case_no[:4],
            case.case_no[-4:], case.id_last4]


@pytest.mark.parametrize(("level", "office"), [("county", "410105"), ("city", "410100"),
                                               ("province", "410000")])
def test_every_kind_of_search_is_indexed(loaded: Engine, level: str, office: str) -> None:
    """Each search reads the key index (a range of it) and the cases through indexes: never
    all of application_case nor of case_search_key; and it finds only what it should."""
    user = officer(level, office)
    with Session(loaded) as db:
        searches = _searches(db)
    for search in searches:
        with recorded_queries(loaded) as seen, Session(loaded) as db:
            rows, _ = staff_queues.page(db, user=user, queue="all", today=TODAY,
                                        filters=staff_queues.Filters(search=search))
            assert rows, search
            prefixes = query_prefixes(search, staff_queues.code_prefix(office)[:6])
            for row in rows:
                keys = db.exec(select(CaseSearchKey.key).where(
                    CaseSearchKey.case_id == row.id)).all()
                assert any(k.startswith(p) for k in keys for p in prefixes), (search, row)
        for statement, parameters in seen:
            plan = explain(loaded, statement, parameters)
            for table in ("application_case", "case_search_key"):
                assert not full_scans(plan, table), f"{search!r}: " + _problem(plan, statement)


@pytest.mark.parametrize(("level", "office"), [("county", "410105"), ("province", "410000")])
def test_due_soonest_first_lists_running_cases_then_the_others(loaded: Engine, level: str,
                                                               office: str) -> None:
    """Page after page: first the cases whose clock runs, by due date; then the others (waiting
    for the applicant, decided), newest first; every statement indexed."""
    user = officer(level, office)
    filters = staff_queues.Filters(sort="due")
    rows: list[staff_queues.CaseRow] = []
    cursor = None
    with recorded_queries(loaded) as seen, Session(loaded) as db:
        while len(rows) < 600:
            page, cursor = staff_queues.page(db, user=user, queue="all", filters=filters,
                                             today=TODAY, cursor=cursor)
            rows += page
            if cursor is None:
                break
    running = [r for r in rows if r.running_due_date is not None]
    rest = rows[len(running):]
    assert running and rest, "the pages reach past the running cases"
    assert all(r.running_due_date is None for r in rest)
    assert all(r.status in ("submitted", "in_review", "approved") for r in running)
    assert [(r.running_due_date, r.id) for r in running] == sorted(
        (r.running_due_date, r.id) for r in running)
    assert [(r.submitted_at, r.id) for r in rest] == sorted(
        ((r.submitted_at, r.id) for r in rest), reverse=True)
    assert len({r.id for r in rows}) == len(rows)  # no case twice
    for statement, parameters in seen:
        plan = explain(loaded, statement, parameters)
        assert not full_scans(plan), _problem(plan, statement)
