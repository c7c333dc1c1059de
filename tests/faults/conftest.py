"""The drills' private servers (never the machine's shared ones), and the browser as the
browser tests launch it (Debian's Chromium, zh-CN) with their trace of a failed test's page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import (
    browser_context_args,
    browser_trace,
    browser_type_launch_args,
    close_pages_left_open,
    pytest_runtest_makereport,
)
from tests.faults.servers import PrivatePostgres, PrivateRedis

__all__ = ["browser_context_args", "browser_trace", "browser_type_launch_args",
           "close_pages_left_open", "pytest_runtest_makereport"]


@pytest.fixture(scope="module")
def postgres() -> Iterator[PrivatePostgres]:
    cluster = PrivatePostgres()
    cluster.start()
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="module")
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    yield server
    server.destroy()
