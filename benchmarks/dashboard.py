"""The staff dashboard with many cases: a throw-away database is migrated, the offices seeded and
N realistic cases generated in bulk; then the queue counts and pages of ``staff_queues`` are
timed for officers at the four levels (median of several runs, milliseconds).

The database is dropped at the end unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
from psycopg import sql
from pypinyin import lazy_pinyin
from sqlalchemy import event, insert, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from convenience_center.db import make_engine
from convenience_center.domain.cases import CaseStatus
from convenience_center.domain.regions import JIYUAN
from convenience_center.domain.search_keys import case_keys, case_no_keys
from convenience_center.domain.services import registry
from convenience_center.domain.workflow import workflow_of
from convenience_center.domain.working_days import add_working_days, calendar_is_official
from convenience_center.migrations import upgrade
from convenience_center.models import Case, User
from convenience_center.services import staff_queues
from convenience_center.services.common import CHINA_TZ, CurrentUser
from convenience_center.services.offices import seed_offices

S = CaseStatus
CHUNK = 10_000
YEARS = 3
PG_ADMIN_URL = os.environ.get("CC_BENCH_PG", os.environ.get(
    "CC_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"))
OFFICERS = (("township", "410105001"), ("county", "410105"), ("city", "410100"),
            ("province", "410000"))
JINSHUI = "410105"
# The most common surnames (with rough frequencies) and given names.
SURNAMES = ("王", 7.1), ("李", 7.0), ("张", 6.7), ("刘", 5.4), ("陈", 4.5), ("杨", 3.1), \
    ("黄", 2.2), ("赵", 2.0), ("吴", 1.9), ("周", 1.9), ("徐", 1.3), ("孙", 1.2), \
    ("马", 1.2), ("朱", 1.1), ("胡", 1.0), ("郭", 1.0), ("何", 0.9), ("高", 0.9), \
    ("林", 0.9), ("罗", 0.8), ("郑", 0.8), ("梁", 0.7), ("谢", 0.6), ("宋", 0.5), \
    ("唐", 0.5), ("许", 0.5), ("韩", 0.4), ("冯", 0.4), ("邓", 0.4), ("曹", 0.4)
GIVEN_NAMES = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
               "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "晓燕",
               "浩然", "子涵", "欣怡", "梓萱", "宇轩", "秀兰", "玉兰", "建国", "国强", "海燕",
               "红梅", "丽娟", "晓明", "文博", "思远")
STREETS = ("文化路", "花园路", "经三路", "农业路", "人民路", "建设路", "解放路", "中原路")

# Of the decided cases: issued, refused, not accepted, withdrawn.
DECIDED_MIX = ((S.ISSUED, 88), (S.DENIED, 3), (S.NOT_ACCEPTED, 4), (S.WITHDRAWN, 5))
# Of the open cases, fresh (under a day old), older, and stuck (over 45 days old).
OPEN_MIX = {
    "fresh": ((S.SUBMITTED, 85), (S.IN_REVIEW, 10), (S.SUPPLEMENT_REQUIRED, 5)),
    "older": ((S.SUBMITTED, 15), (S.IN_REVIEW, 50), (S.APPROVED, 10),
              (S.SUPPLEMENT_REQUIRED, 25)),
    "stuck": ((S.SUBMITTED, 10), (S.IN_REVIEW, 30), (S.SUPPLEMENT_REQUIRED, 60)),
}
VERSIONS = {S.SUBMITTED: 1, S.SUPPLEMENT_REQUIRED: 2, S.IN_REVIEW: 2, S.APPROVED: 4,
            S.ISSUED: 5, S.DENIED: 4, S.NOT_ACCEPTED: 2, S.WITHDRAWN: 2}

DRAFT_COLUMNS = ("id", "public_id", "user_id", "service_code", "matter_code", "answers",
                 "steps_done", "office_code", "status", "created_at", "updated_at", "version")
CASE_COLUMNS = ("id", "case_no", "draft_id", "applicant_id", "service_code", "matter_code",
                "answers", "office_code", "status", "submitted_at", "promised_date",
                "promised_provisional", "decided_at", "lang", "version", "current_level",
                "holder_office", "due_date", "state_since", "paused_since", "supplement_items",
                "supplement_from", "decision_reason", "applicant_name", "id_last4")
KEY_COLUMNS = ("key", "case_id")  # case_search_key (running_due_date is computed)


# --- the throw-away database -------------------------------------------------------------------

def _psycopg_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as psycopg takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def throwaway_database(backend: str, *, keep: bool = False,
                       pg_admin_url: str = PG_ADMIN_URL) -> Iterator[str]:
    """A new, empty database (SQLite file in a temporary folder, or ``cc_bench_<random>`` on
    the PostgreSQL server); its SQLAlchemy URL. Removed at the end unless ``keep``."""
    if backend == "sqlite":
        folder = tempfile.mkdtemp(prefix="cc-bench-")
        try:
            yield f"sqlite:///{folder}/bench.db"
        finally:
            if keep:
                print(f"kept: {folder}/bench.db", file=sys.stderr)
            else:
                shutil.rmtree(folder, ignore_errors=True)
        return
    name = f"cc_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin = make_url(pg_admin_url)
    try:
        yield admin.set(drivername="postgresql+psycopg", database=name).render_as_string(
            hide_password=False)
    finally:
        if keep:
            print(f"kept: PostgreSQL database {name}", file=sys.stderr)
        else:
            with psycopg.connect(pg_admin_url, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)))


# --- what the generated cases look like ----------------------------------------------------------

@dataclass(frozen=True)
class _Matter:
    service: str
    matter: str
    days: int  # promised working days
    chain: tuple[str, ...]  # receiving level first, deciding level last
    weight: float


def _matters() -> list[_Matter]:
    found = []
    for service in registry().values():
        for matter in service.matters:
            chain = tuple(level.value for level in workflow_of(matter).chain)
            first = matter.code in ("apply", "establish")  # first applications are the bulk
            found.append(_Matter(service.code, matter.code, matter.promised_days, chain,
                                 4.0 if first else 1.0))
    return found


@dataclass
class _Geography:
    """The offices as the database holds them, and how busy each county is."""

    level: dict[str, str]
    parent: dict[str, str | None]
    homes: list[str]  # counties, and Jiyuan (a city without counties)
    home_weights: list[float]
    townships: dict[str, list[str]]

    def above(self, code: str, level: str) -> str:
        """The office of ``level`` at or above ``code``."""
        current: str | None = code
        while current is not None and self.level[current] != level:
            current = self.parent[current]
        if current is None:
            raise ValueError(f"no {level} office above {code}")
        return current


def _geography(db: Session, rng: random.Random) -> _Geography:
    rows = db.exec(text("SELECT code, level, parent_code FROM office ORDER BY code")).all()
    level = {code: lvl for code, lvl, _ in rows}
    parent = {code: up for code, _, up in rows}
    townships: dict[str, list[str]] = {}
    for code, lvl, up in rows:
        if lvl == "township":
            townships.setdefault(up, []).append(code)
    homes = [code for code, lvl, _ in rows if lvl == "county"] + [JIYUAN]
    weights = []
    for code in homes:
        weight = rng.gammavariate(2.0, 1.0)  # some counties are much busier than others
        if code.startswith("4101"):  # Zhengzhou, the provincial capital
            weight *= 2.0
        if code == JINSHUI:  # the district whose townships are online
            weight = max(weight, 4.0)
        weights.append(weight)
    return _Geography(level, parent, homes, weights, townships)


def _names(rng: random.Random, n: int) -> list[str]:
    surnames = rng.choices([s for s, _ in SURNAMES], [w for _, w in SURNAMES], k=n)
    given = rng.choices(GIVEN_NAMES, [1.0 / (i + 1) ** 0.5 for i in range(len(GIVEN_NAMES))],
                        k=n)
    return [s + g for s, g in zip(surnames, given, strict=True)]


def _picker(rng: random.Random, mix: tuple[tuple[Any, float], ...]) -> Callable[[], Any]:
    values = [v for v, _ in mix]
    cumulative: list[float] = []
    total = 0.0
    for _, weight in mix:
        total += weight
        cumulative.append(total)
    return lambda: rng.choices(values, cum_weights=cumulative)[0]


@dataclass
class Generated:
    """How long each step took (seconds) and what was made."""

    cases: int
    users: int
    seconds: dict[str, float] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


class _Rows:
    """Draft and case rows, in submission order, in chunks (values ready for the driver)."""

    def __init__(self, *, rng: random.Random, geo: _Geography, users: list[tuple[str, str]],
                 user_homes: dict[str, list[int]], now: datetime, naive_utc: bool) -> None:
        self.rng = rng
        self.geo = geo
        self.users = users  # (real name, id_last4) by user id - 1
        self.user_homes = user_homes
        self.now = now.timestamp()
        self.naive_utc = naive_utc  # SQLite keeps naive UTC text; PostgreSQL timestamptz
        matters = _matters()
        self.matters = matters
        self.matter_weights = [m.weight for m in matters]
        self.city_matters = [m for m in matters if m.chain[0] == "city"]
        self.city_weights = [m.weight for m in self.city_matters]
        self.pick_decided = _picker(rng, DECIDED_MIX)
        self.pick_open = {age: _picker(rng, mix) for age, mix in OPEN_MIX.items()}
        self.sequences: Counter[tuple[str, int]] = Counter()
        self.promised: dict[tuple[int, int], tuple[str, bool]] = {}
        self.day_text: dict[int, str] = {}
        self.statuses: Counter[str] = Counter()
        self.levels: Counter[str] = Counter()
        self.person_keys: dict[int, set[str]] = {}  # the search keys of each applicant

    def _ts(self, moment: float) -> str:
        text_ = datetime.fromtimestamp(moment, UTC).isoformat(" ", "microseconds")
        return text_[:-6] if self.naive_utc else text_

    def _china_day(self, moment: float) -> int:
        """The date in China (UTC+8 all year) as an ordinal."""
        return date(1970, 1, 1).toordinal() + int((moment + 8 * 3600) // 86400)

    def _promised(self, day: int, days: int) -> tuple[str, bool]:
        key = (day, days)
        if key not in self.promised:
            promised = add_working_days(date.fromordinal(day), days)
            self.promised[key] = (promised.isoformat(), not calendar_is_official(promised))
        return self.promised[key]

    def _status(self, age_days: float) -> str:
        rng = self.rng
        if age_days > 45:
            open_share, kind = 0.004, "stuck"
        else:
            open_share, kind = max(0.05, 1 - age_days / 30), "fresh" if age_days < 1 else "older"
        if rng.random() < open_share:
            return self.pick_open[kind]()
        return self.pick_decided()

    def _office(self, home: str, matter: _Matter) -> str:
        first = matter.chain[0]
        if first == "city" or home == JIYUAN:
            return home if home == JIYUAN else self.geo.above(home, "city")
        if first == "township" and home in self.geo.townships and self.rng.random() < 0.8:
            return self.rng.choice(self.geo.townships[home])
        return home

    def _answers(self, case_id: int, name: str, user_id: int) -> str:
        """What the applicant filled in (a few hundred bytes of JSON)."""
        role = "wife" if case_id % 2 else "husband"
        spouse = self.users[(user_id * 7) % len(self.users)][0]
        street = f"{STREETS[case_id % len(STREETS)]}{case_id % 300 + 1}号"
        child = name[0] + GIVEN_NAMES[case_id % len(GIVEN_NAMES)]
        return (f'{{"applicant_name": "{name}", "applicant_role": "{role}", '
                f'"phone": "13{case_id % 10**9:09d}", "address": "{street}", '
                f'"spouse_name": "{spouse}", "child_name": "{child}", "agree": true}}')

    def _holder(self, office: str, levels: tuple[str, ...], status: str) -> str:
        rng = self.rng
        if status in (S.APPROVED, S.ISSUED, S.DENIED):
            level = levels[-1]
        elif status == S.IN_REVIEW and len(levels) > 1 and rng.random() < 0.4:
            level = levels[1]  # forwarded up the chain
        elif status == S.SUPPLEMENT_REQUIRED and len(levels) > 1 and rng.random() < 0.25:
            level = levels[1]  # asked for by the level above, during its review
        else:
            level = levels[0]
        return self.geo.above(office, level)

    def _keys(self, case_id: int, case_no: str, user_id: int) -> list[tuple[str, int]]:
        """The case's search keys, as submission writes them (``search_keys.case_keys``)."""
        if user_id not in self.person_keys:
            name, last4 = self.users[user_id - 1]
            self.person_keys[user_id] = case_keys(case_no="", applicant_name=name,
                                                  id_last4=last4)
        return [(key, case_id) for key in self.person_keys[user_id] | case_no_keys(case_no)]

    def chunks(self, moments: list[float],
               first_id: int = 1) -> Iterator[tuple[list, list, list]]:
        rng, geo, now = self.rng, self.geo, self.now
        drafts: list[tuple] = []
        cases: list[tuple] = []
        keys: list[tuple] = []
        homes = rng.choices(geo.homes, geo.home_weights, k=len(moments))
        for offset, (moment, home) in enumerate(zip(moments, homes, strict=True)):
            case_id = first_id + offset
            if home == JIYUAN:
                matter = rng.choices(self.city_matters, self.city_weights)[0]
            else:
                matter = rng.choices(self.matters, self.matter_weights)[0]
            office = self._office(home, matter)
            received = geo.level[office]
            levels = matter.chain[matter.chain.index(received):]
            status = str(self._status((now - moment) / 86400))
            holder = self._holder(office, levels, status)
            user_id = rng.choice(self.user_homes[home])
            name, last4 = self.users[user_id - 1]
            day = self._china_day(moment)
            region = office[:6]
            self.sequences[(region, day)] += 1
            if day not in self.day_text:
                self.day_text[day] = date.fromordinal(day).strftime("%Y%m%d")
            case_no = f"{region}-{self.day_text[day]}-{self.sequences[(region, day)]:04d}"
            promised, provisional = self._promised(day, matter.days)
            decided_at = paused_since = supplement = supplement_from = reason = None
            if status in staff_queues.DECIDED:
                quick = status in (S.NOT_ACCEPTED, S.WITHDRAWN)
                span = matter.days * 1.4 * 86400 * (rng.uniform(0.02, 0.3) if quick
                                                    else rng.uniform(0.2, 1.0))
                decided = moment + span
                if decided > now - 60:
                    decided = moment + rng.random() * (now - moment)
                decided_at = self._ts(decided)
                state_since = decided_at
                if status in (S.DENIED, S.NOT_ACCEPTED):
                    reason = "申请材料与事实不符，不符合办理条件。"
            elif status == S.SUBMITTED:
                state_since = self._ts(moment)
            else:
                state_since = self._ts(moment + rng.random() * (now - moment))
                if status == S.SUPPLEMENT_REQUIRED:
                    paused_since = state_since
                    supplement = "1. 户口簿复印件不清晰，请重新上传；2. 补充婚姻状况证明。"
                    supplement_from = "submitted" if holder == office else "in_review"
            submitted = self._ts(moment)
            answers = self._answers(case_id, name, user_id)
            created = self._ts(moment - rng.uniform(120, 86400))
            drafts.append((case_id, f"{rng.getrandbits(128):032x}", user_id, matter.service,
                           matter.matter, answers, '["applicant", "materials", "confirm"]',
                           office, "submitted", created, submitted, 3))
            cases.append((case_id, case_no, case_id, user_id, matter.service, matter.matter,
                          answers, office, status, submitted, promised, provisional,
                          decided_at, "en" if case_id % 37 == 0 else "zh",
                          VERSIONS[status] + (holder != office), geo.level[holder], holder,
                          promised, state_since, paused_since, supplement, supplement_from,
                          reason, name, last4))
            keys.extend(self._keys(case_id, case_no, user_id))
            self.statuses[status] += 1
            self.levels[geo.level[office]] += 1
            if len(cases) == CHUNK:
                yield drafts, cases, keys
                drafts, cases, keys = [], [], []
        if cases:
            yield drafts, cases, keys


def _users(rng: random.Random, geo: _Geography, count: int,
           now: datetime) -> tuple[list[dict], list[tuple[str, str]], dict[str, list[int]]]:
    """Citizen accounts, each living in a county (a busy county has more of them)."""
    names = _names(rng, count)
    homes = rng.choices(geo.homes, geo.home_weights, k=count)
    for index, home in enumerate(geo.homes):  # every place has at least one applicant
        homes[index % count] = home
    rows, people, by_home = [], [], {}
    created = now - timedelta(days=365 * (YEARS + 1))
    for index, (name, home) in enumerate(zip(names, homes, strict=True)):
        user_id = index + 1
        last4 = f"{rng.randrange(1000):03d}{rng.choice('0123456789X')}"
        username = f"bench{user_id:07d}"
        rows.append({"id": user_id, "username": username, "username_key": username,
                     "real_name": name, "email": f"{username}@example.cn",
                     "email_key": f"{username}@example.cn", "phone": None,
                     "id_fingerprint": None, "id_number_enc": None,
                     "id_masked": f"{home}{'*' * 8}{last4}", "id_region": home,
                     "birth_date": None, "sex": None, "role": "citizen", "office_code": None,
                     "password_hash": "!", "status": "active", "suspended_at": None,
                     "suspended_reason": None, "lang": "zh", "created_at": created,
                     "updated_at": created, "password_changed_at": created,
                     "last_login_at": None, "version": 1})
        people.append((name, last4))
        by_home.setdefault(home, []).append(user_id)
    return rows, people, by_home


def _load_sqlite(path: str, chunks: Iterator[tuple[list, list, list]]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=OFF")  # a throw-away database: no rollback journal
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-1000000")
        draft_sql = (f"INSERT INTO application_draft ({', '.join(DRAFT_COLUMNS)}) "  # noqa: S608
                     f"VALUES ({', '.join('?' * len(DRAFT_COLUMNS))})")
        case_sql = (f"INSERT INTO application_case ({', '.join(CASE_COLUMNS)}) "  # noqa: S608
                    f"VALUES ({', '.join('?' * len(CASE_COLUMNS))})")
        key_sql = "INSERT INTO case_search_key (key, case_id) VALUES (?, ?)"
        for drafts, cases, keys in chunks:
            conn.execute("BEGIN")
            conn.executemany(draft_sql, drafts)
            conn.executemany(case_sql, cases)
            conn.executemany(key_sql, keys)
            conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()


def _load_postgresql(url: str, chunks: Iterator[tuple[list, list, list]]) -> None:
    with psycopg.connect(_psycopg_url(url)) as conn:
        conn.execute("SET synchronous_commit = off")
        draft_copy = sql.SQL("COPY application_draft ({}) FROM STDIN").format(
            sql.SQL(", ").join(map(sql.Identifier, DRAFT_COLUMNS)))
        case_copy = sql.SQL("COPY application_case ({}) FROM STDIN").format(
            sql.SQL(", ").join(map(sql.Identifier, CASE_COLUMNS)))
        key_copy = sql.SQL("COPY case_search_key ({}) FROM STDIN").format(
            sql.SQL(", ").join(map(sql.Identifier, KEY_COLUMNS)))
        with conn.cursor() as cur:
            for drafts, cases, keys in chunks:
                with cur.copy(draft_copy) as copy:
                    for row in drafts:
                        copy.write_row(row)
                with cur.copy(case_copy) as copy:
                    for row in cases:
                        copy.write_row(row)
                with cur.copy(key_copy) as copy:
                    for row in keys:
                        copy.write_row(row)
                conn.commit()
            for table in ("user_account", "application_draft", "application_case"):
                cur.execute(sql.SQL(
                    "SELECT setval(pg_get_serial_sequence({}, 'id'), "
                    "(SELECT max(id) FROM {}))").format(sql.Literal(table),
                                                         sql.Identifier(table)))
        conn.commit()


def analyze(url: str) -> None:
    """Statistics for the planner (PostgreSQL: also the visibility map, as autovacuum would)."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(make_url(url).database or "", isolation_level=None)
        try:
            conn.execute("ANALYZE")
        finally:
            conn.close()
        return
    with psycopg.connect(_psycopg_url(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def generate(url: str, cases: int, *, seed: int = 20261126, now: datetime | None = None,
             migrate: bool = False) -> Generated:
    """Seed the offices and add ``cases`` cases (with their drafts and applicants) to the
    (migrated, empty) database at ``url``; then ANALYZE."""
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    if migrate:
        upgrade(url)
        seconds["migrate"] = time.perf_counter() - start
        start = time.perf_counter()
    engine = make_engine(url)
    try:
        with Session(engine) as db:
            seed_offices(db)
            geo = _geography(db, rng)
        user_rows, people, homes = _users(rng, geo, max(len(geo.homes), cases // 20), now)
        with engine.begin() as conn:
            for index in range(0, len(user_rows), CHUNK):
                conn.execute(insert(User.__table__), user_rows[index:index + CHUNK])
    finally:
        engine.dispose()
    seconds["offices+users"] = time.perf_counter() - start
    start = time.perf_counter()
    first = now.timestamp() - YEARS * 365 * 86400
    moments = sorted(rng.uniform(first, now.timestamp() - 60) for _ in range(cases))
    rows = _Rows(rng=rng, geo=geo, users=people, user_homes=homes, now=now,
                 naive_utc=url.startswith("sqlite"))
    if url.startswith("sqlite"):
        _load_sqlite(make_url(url).database or "", rows.chunks(moments))
    else:
        _load_postgresql(url, rows.chunks(moments))
    seconds["cases+drafts"] = time.perf_counter() - start
    start = time.perf_counter()
    analyze(url)
    seconds["analyze"] = time.perf_counter() - start
    return Generated(cases=cases, users=len(user_rows), seconds=seconds,
                     statuses=dict(rows.statuses.most_common()),
                     levels=dict(rows.levels.most_common()))


# --- query plans ---------------------------------------------------------------------------------

@contextmanager
def recorded_queries(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """The SELECT statements (as sent to the driver, with their parameters) run meanwhile."""
    seen: list[tuple[str, Any]] = []

    def _record(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", _record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", _record)


def explain(engine: Engine, statement: str, parameters: Any) -> Any:
    """The plan of a recorded statement: SQLite ``EXPLAIN QUERY PLAN`` lines, or PostgreSQL's
    ``EXPLAIN (FORMAT JSON)`` tree."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            return [row[3] for row in rows]
        return conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement,
                                    parameters).scalar_one()


def _pg_nodes(plan: Any) -> Iterator[dict]:
    nodes = [item["Plan"] for item in plan] if isinstance(plan, list) else [plan]
    while nodes:
        node = nodes.pop()
        yield node
        nodes.extend(node.get("Plans", []))


def plan_lines(plan: Any) -> list[str]:
    """A plan as readable lines."""
    if plan and isinstance(plan[0], str):
        return list(plan)
    lines = []
    for node in _pg_nodes(plan):
        where = f" on {node['Relation Name']}" if "Relation Name" in node else ""
        index = f" using {node['Index Name']}" if "Index Name" in node else ""
        lines.append(f"{node['Node Type']}{where}{index} (rows≈{node.get('Plan Rows')})")
    return lines


def full_scans(plan: Any, table: str = "application_case") -> list[str]:
    """The steps of a plan that read all of ``table`` (not through an index)."""
    if plan and isinstance(plan[0], str):
        return [line for line in plan if line.startswith(f"SCAN {table}")
                and "INDEX" not in line]
    return [line for line, node in zip(plan_lines(plan), _pg_nodes(plan), strict=True)
            if node["Node Type"] == "Seq Scan" and node.get("Relation Name") == table]


# --- the timings ---------------------------------------------------------------------------------

@dataclass
class Timing:
    """One operation of one officer: its median and every run (ms)."""

    officer: str
    office: str
    operation: str
    median_ms: float
    runs_ms: list[float]
    rows: int


def officer(level: str, office: str) -> CurrentUser:
    """An officer of ``office`` (no account needed: the queues only read the office)."""
    return CurrentUser(id=0, username=f"bench-{level}", real_name="测试", role=level,
                       office_code=office, lang="zh", session_id=0)


def operations(engine: Engine, user: CurrentUser,
               today: date) -> list[tuple[str, Callable[[Session], int]]]:
    """What the dashboard does for ``user``: name → function of a session (→ rows found)."""
    filters = staff_queues.Filters()

    def page_of(queue: str, filters: staff_queues.Filters = filters,
                cursor: tuple[str, int] | None = None) -> Callable[[Session], int]:
        return lambda db: len(staff_queues.page(db, user=user, queue=queue, filters=filters,
                                                today=today, cursor=cursor)[0])

    with Session(engine) as db:
        # Page 50 (or the last page, if there are fewer) is reached by following the cursors.
        cursor: tuple[str, int] | None = None
        last_page = 1
        while last_page < 50:
            _rows, following = staff_queues.page(db, user=user, queue="all", filters=filters,
                                                 today=today, cursor=cursor)
            if following is None:
                break
            cursor, last_page = following, last_page + 1
        newest = staff_queues.page(db, user=user, queue="all", filters=filters, today=today)[0]
        due = staff_queues.Filters(sort="due")
        due_cursor = staff_queues.page(db, user=user, queue="all", filters=due, today=today)[1]
        sample = db.get(Case, newest[0].id) if newest else None
    name = sample.applicant_name if sample else "张伟"
    last4 = sample.id_last4 if sample else "1234"
    case_no = sample.case_no if sample else "410105-20261126-0001"
    sounds = lazy_pinyin(name)
    return [
        ("counts (7 queues)", lambda db: staff_queues.counts(db, user=user,
                                                             today=today)["all"]),
        ("page 1 to_accept", page_of("to_accept")),
        ("page 1 all", page_of("all")),
        ("page 1 overdue", page_of("overdue")),
        (f"page {last_page} all (cursor)", page_of("all", cursor=cursor)),
        (f"search name {name}", page_of("all", staff_queues.Filters(search=name))),
        (f"search id_last4 {last4}", page_of("all", staff_queues.Filters(search=last4))),
        (f"search surname {name[0]}", page_of("all", staff_queues.Filters(search=name[0]))),
        (f"search given name {name[1:]}",
         page_of("all", staff_queues.Filters(search=name[1:]))),
        (f"search pinyin {''.join(sounds)}",
         page_of("all", staff_queues.Filters(search="".join(sounds)))),
        (f"search initials {''.join(s[0] for s in sounds)}",
         page_of("all", staff_queues.Filters(search="".join(s[0] for s in sounds)))),
        (f"search case no. start {case_no[:11]}",
         page_of("all", staff_queues.Filters(search=case_no[:11]))),
        (f"search case no. region {case_no[:4]}",
         page_of("all", staff_queues.Filters(search=case_no[:4]))),
        (f"search case no. end {case_no[-4:]}",
         page_of("all", staff_queues.Filters(search=case_no[-4:]))),
        ("page 1 all sort=due", page_of("all", due)),
        ("page 2 all sort=due (cursor)", page_of("all", due, cursor=due_cursor)),
    ]


def measure(url: str, *, repeat: int = 7, today: date | None = None) -> list[Timing]:
    """Time every operation for every officer: one warm-up run, then the median of
    ``repeat`` runs, each in a fresh session (as one request of the web app)."""
    today = today or datetime.now(CHINA_TZ).date()
    engine = make_engine(url)
    results = []
    try:
        for level, office in OFFICERS:
            user = officer(level, office)
            for name, operation in operations(engine, user, today):
                runs, rows = [], 0
                for attempt in range(repeat + 1):
                    with Session(engine) as db:
                        start = time.perf_counter()
                        rows = operation(db)
                        elapsed = (time.perf_counter() - start) * 1000
                    if attempt:
                        runs.append(round(elapsed, 3))
                results.append(Timing(level, office, name, round(statistics.median(runs), 2),
                                      runs, rows))
    finally:
        engine.dispose()
    return results


def print_plans(url: str, today: date | None = None) -> None:
    """The plan of every statement the dashboard runs, for every officer."""
    today = today or datetime.now(CHINA_TZ).date()
    engine = make_engine(url)
    try:
        for level, office in OFFICERS:
            user = officer(level, office)
            for name, operation in operations(engine, user, today):
                with recorded_queries(engine) as seen, Session(engine) as db:
                    operation(db)
                for statement, parameters in seen:
                    print(f"--- {level} {office}: {name}\n{statement}\n{parameters}")
                    for line in plan_lines(explain(engine, statement, parameters)):
                        print(f"    {line}")
    finally:
        engine.dispose()


def table(backend: str, generated: Generated, timings: list[Timing]) -> str:
    """The timings as a readable table."""
    header = ("backend", "cases", "officer", "operation", "median ms", "rows")  # counts: "all"
    lines = [(backend, f"{generated.cases:,}", f"{t.officer} {t.office}", t.operation,
              f"{t.median_ms:.2f}", str(t.rows)) for t in timings]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    out = ["  ".join(cell.ljust(width) if i < 4 else cell.rjust(width)
                     for i, (cell, width) in enumerate(zip(row, widths, strict=True)))
           for row in [header, *lines]]
    out.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(out)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cases", type=int, default=100_000, help="how many cases (100000)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per operation (7)")
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    parser.add_argument("--explain", action="store_true", help="print every query plan too")
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL,
                        help="PostgreSQL server to create the database on (CC_BENCH_PG)")


def run(args: argparse.Namespace) -> int:
    with throwaway_database(args.backend, keep=args.keep, pg_admin_url=args.pg_admin_url) as url:
        print(f"generating {args.cases:,} cases on {args.backend} …", file=sys.stderr)
        generated = generate(url, args.cases, seed=args.seed, migrate=True)
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in generated.seconds.items())
        print(f"generation: {generated.total_seconds:.1f} s ({steps}); "
              f"{generated.users:,} applicants", file=sys.stderr)
        print(f"statuses: {generated.statuses}", file=sys.stderr)
        print(f"received at: {generated.levels}", file=sys.stderr)
        if args.explain:
            print_plans(url)
        timings = measure(url, repeat=args.repeat)
        print(table(args.backend, generated, timings))
        print(f"\ngeneration of {args.cases:,} cases: {generated.total_seconds:.1f} s ({steps})")
        if args.json:
            print(json.dumps({"backend": args.backend, "cases": args.cases,
                              "generation": asdict(generated),
                              "generation_seconds": round(generated.total_seconds, 2),
                              "timings": [asdict(t) for t in timings]},
                             ensure_ascii=False, indent=2))
    return 0
