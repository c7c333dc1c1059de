"""The platform's log lines: for people by default, one JSON object per line with
``CC_LOG_FORMAT=json`` (logs.py), in a process of their own as the platform starts them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import logging
from convenience_center.logs import bind_event_id, bind_request_id, configure_logging, unbind

configure_logging()
log = logging.getLogger("convenience_center.cases")
log.info("before any event")
token = bind_event_id("0a1b2c3d4e5f")
log.warning("申请 %s 已受理", "410105-2026-000123")
try:
    raise ValueError("多行\\n的错误")
except ValueError:
    log.exception("处理失败")
unbind(token)
bind_request_id("req-42")
log.info("a request")
"""


def _stderr_lines(log_format: str | None) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    env.pop("CC_LOG_FORMAT", None)
    if log_format is not None:
        env["CC_LOG_FORMAT"] = log_format
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                          timeout=60, check=True)
    return done.stderr.decode("utf-8").splitlines()


def test_json_lines_are_one_object_each_with_the_id_and_readable_chinese():
    lines = _stderr_lines("json")
    assert len(lines) == 4  # the traceback stays inside its record's line
    records = [json.loads(line) for line in lines]
    assert all(set(r) >= {"timestamp", "level", "logger", "message", "pid"} for r in records)
    before, accepted, failed, request = records
    assert "event_id" not in before and "request_id" not in before
    assert accepted["message"] == "申请 410105-2026-000123 已受理"
    assert "申请" in lines[1]  # kept readable, not \\u-escaped
    assert accepted["event_id"] == "0a1b2c3d4e5f" and accepted["level"] == "warning"
    assert accepted["logger"] == "convenience_center.cases"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", accepted["timestamp"])
    assert failed["level"] == "error" and failed["event_id"] == "0a1b2c3d4e5f"
    assert failed["exception"].startswith("Traceback") and "ValueError: 多行\n的错误" in \
        failed["exception"]
    assert request["request_id"] == "req-42" and "event_id" not in request


def test_the_default_stays_a_line_for_people():
    lines = _stderr_lines(None)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING convenience_center.cases: "
                        r"申请 410105-2026-000123 已受理", lines[1])
    assert not lines[0].startswith("{")
