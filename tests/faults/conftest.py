"""The drills' private servers (never the machine's shared ones), the platform on its embedded
default (SQLite, one worker) for the drills that need no other server, and the browser as the
browser tests launch it (Debian's Chromium, zh-CN) with their trace of a failed test's page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import (
    RunningApp,
    browser_context_args,
    browser_trace,
    browser_type_launch_args,
    close_pages_left_open,
    pytest_runtest_makereport,
    running_app,
)
from tests.faults.servers import PrivatePostgres, PrivateRedis, PrivateSmtp

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


@pytest.fixture(scope="package")
def sqlite_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """The platform as ``make run`` starts it (``cc-admin serve``, SQLite, one worker), shared
    by the drills of this folder that use it (``test_backend_killed.py``, which kills and
    starts it again, ``test_uploads_disk_full.py``, ``test_writers_sqlite.py``: one start for
    all). Its frontend is built in a folder of its own: the browser tests' apps may
    still be serving the project's ``.web``."""
    workdir = tmp_path_factory.mktemp("sqlite-app")
    smtp = PrivateSmtp()
    smtp.start()
    try:
        with running_app("sqlite", workdir, smtp_port=smtp.port,
                         db_url=f"sqlite:///{workdir / 'app.db'}", workers=1,
                         own_frontend=True, as_deployed=True) as app:
            yield app
    finally:
        smtp.stop()
