"""The domain is given the date; it does not read the clock (a server runs on UTC, the rules
are about the day in China)."""

from __future__ import annotations

import ast
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from stdnum.cn import ric

import convenience_center.domain
from convenience_center.domain.errors import InvalidValue
from convenience_center.domain.identity import parse_id_number
from convenience_center.domain.personal_data import find_personal_data
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


DOMAIN = Path(convenience_center.domain.__file__).parent
DOMAIN_MODULES = sorted(DOMAIN.rglob("*.py"))
CLOCKS = {"today", "now", "utcnow"}  # date.today, datetime.now / today / utcnow
# The time module's readings of the clock (time.time, time.localtime() with no seconds, ...).
TIME_CLOCKS = {"time", "time_ns", "localtime", "gmtime", "ctime", "asctime", "strftime",
               "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns"}


def _clock_reads(tree: ast.AST) -> list[str]:
    """Each ``date.today`` / ``datetime.now`` (called or not), by the names the module gives
    them: ``date``, ``datetime``, ``datetime.date``, or an alias imported from datetime; and
    each clock of the time module (``time.time``, or ``time`` imported from it)."""
    aliases = {"date", "datetime"}
    time_modules: set[str] = set()
    time_clocks: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "datetime":
            aliases |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            time_clocks |= {a.asname or a.name for a in node.names if a.name in TIME_CLOCKS}
        elif isinstance(node, ast.Import):
            aliases |= {a.asname or a.name for a in node.names if a.name == "datetime"}
            time_modules |= {a.asname or a.name for a in node.names if a.name == "time"}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in CLOCKS:
            owner = node.value
            name = owner.id if isinstance(owner, ast.Name) else \
                owner.attr if isinstance(owner, ast.Attribute) else None
            if name in aliases:
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif (isinstance(node, ast.Attribute) and node.attr in TIME_CLOCKS
              and isinstance(node.value, ast.Name) and node.value.id in time_modules) or \
                (isinstance(node, ast.Name) and node.id in time_clocks):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def _clock_defaults(tree: ast.AST) -> list[str]:
    """Parameters ``today`` / ``now`` that may be left out (the function would then have to
    read the clock itself)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            positional = args.posonlyargs + args.args
            defaulted = positional[len(positional) - len(args.defaults):] if args.defaults \
                else []
            defaulted += [a for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
                          if d is not None]
            found += [f"line {node.lineno}: {node.name}({a.arg}=...)" for a in defaulted
                      if a.arg in {"today", "now"}]
    return found


def test_the_domain_modules_are_all_looked_at():
    names = {p.relative_to(DOMAIN).as_posix() for p in DOMAIN_MODULES}
    assert {"identity.py", "personal_data.py", "wizard.py", "services/common.py"} <= names


@pytest.mark.parametrize("path", DOMAIN_MODULES, ids=lambda p: p.relative_to(DOMAIN).as_posix())
def test_no_domain_module_reads_the_clock(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert _clock_reads(tree) == []
    assert _clock_defaults(tree) == []


@pytest.mark.parametrize("source", [
    "from datetime import date\ndef f():\n    return date.today()",
    "import datetime\ndef f():\n    return datetime.datetime.now()",
    "from datetime import datetime as dt\nx = dt.utcnow",
    "from datetime import date\ndef f(*, today: date | None = None):\n    return today",
    "def f(day, now=None):\n    return now",
    "import time\nstamp = time.time()",
    "import time as t\nstarted = t.monotonic()",
    "from time import localtime\nx = localtime()",
])
def test_the_check_sees_each_way_of_reading_the_clock(source: str):
    tree = ast.parse(source)
    assert _clock_reads(tree) + _clock_defaults(tree) != []


def test_the_check_lets_a_date_that_is_given_pass():
    tree = ast.parse("from datetime import date\n"
                     "def f(*, today: date, days: int = 1):\n    return today.replace(day=days)")
    assert _clock_reads(tree) + _clock_defaults(tree) == []


def test_an_id_number_is_checked_against_the_date_it_is_given():
    """Born 2026-12-02: refused on the 1st, accepted on the 2nd (China's date, as given)."""
    number = "41010520261202002"
    number += ric.calc_check_digit(number + "0")  # it reads the first 17 characters
    with pytest.raises(InvalidValue):
        parse_id_number(number, today=date(2026, 12, 1))
    assert parse_id_number(number, today=date(2026, 12, 2)).birth_date == date(2026, 12, 2)
    assert find_personal_data(f"身份证 {number}", today=date(2026, 12, 1)) == ()
    assert [f.text for f in find_personal_data(f"身份证 {number}",
                                               today=date(2026, 12, 2))] == [number]


PACKAGE = DOMAIN.parent
# Today's date in China computed by hand: from the clock, or from a ``now`` given in.
OWN_TODAY = re.compile(r"\bdate\.today\(\)|datetime\.now\([^)]*\)\.date\(\)"
                       r"|\bnow\.astimezone\([\w.]*CHINA_TZ\)\.date\(\)")


def test_outside_the_domain_today_comes_from_the_one_helper():
    """``services.common.china_today`` is the only place that works out China's date now
    (the day of a stored time, such as the day a certificate was issued, is another
    question)."""
    found = [f"{path.relative_to(PACKAGE)}:{number}" for path in sorted(PACKAGE.rglob("*.py"))
             if path != PACKAGE / "services" / "common.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if OWN_TODAY.search(line)]
    assert found == []


@pytest.mark.parametrize("line", ["today = datetime.now(CHINA_TZ).date()",
                                  "day = now.astimezone(CHINA_TZ).date()",
                                  "x = date.today()"])
def test_the_check_sees_a_date_worked_out_by_hand(line: str):
    assert OWN_TODAY.search(line)
