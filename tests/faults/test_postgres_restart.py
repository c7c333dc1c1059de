"""Drill: PostgreSQL crashes and comes back (issue 11, section 2).

A private cluster (``initdb`` / ``pg_ctl`` on a port of its own) holds the platform's schema.
The citizen's submission goes through the path of the wizard's handler
(``state.pools.call_service`` in the database pool, on the app's own engine) and the server is
killed (``pg_ctl stop -m immediate``) at the worst moment: every row of the submission written,
the COMMIT not yet sent. Then:

- the submission fails with a database error, which the app's exception handler turns into
  the page's calm "something went wrong on our side, your input is kept, try again later";
- nothing of it is in the database (every table's rows counted);
- calls during the outage fail at once (no hang), ``/readyz`` answers 503;
- once the server is back, the next call works, on the same engine, without a restart of the
  app, and ``/readyz`` answers 200; submitting again makes exactly one case.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session as OrmSession
from starlette.applications import Starlette

from convenience_center import db
from convenience_center.i18n import translate
from convenience_center.migrations import upgrade
from convenience_center.services import applications, sessions
from convenience_center.settings import get_settings
from convenience_center.state.pools import call_service
from convenience_center.web.health import ReadinessTargets, build_health_routes
from tests.faults.rows import changed, row_counts
from tests.faults.servers import PrivatePostgres
from tests.services.test_applications import complete_draft
from tests.state.loops import run
from tests.web.test_health import get

RECOVERY_LIMIT = 5.0  # seconds from the server's return to the first call that works
# What one submission adds (besides its search keys and, for a new day, its number sequence).
SUBMISSION = {"application_case": 1, "case_event": 1, "outbound_mail": 1, "audit_log": 1}


@pytest.fixture
def platform_db(postgres: PrivatePostgres, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The platform's settings pointed at a migrated database of the private cluster."""
    url = postgres.create_database("cc_drill")
    upgrade(url)
    monkeypatch.setenv("REFLEX_DB_URL", url)
    get_settings.cache_clear()
    yield url
    db.dispose_engines()
    monkeypatch.undo()
    get_settings.cache_clear()


def call(use_case: Callable[..., Any], /, **kwargs: Any) -> Any:
    """What a handler does: ``await call_service(...)``, on a loop of its own thread (the
    browser tests leave one running in this one); its exception is raised here."""
    return run(call_service(use_case, **kwargs), timeout=60,
               message=f"{use_case.__name__} did not answer within 60 s")


def failure_of(use_case: Callable[..., Any], /, **kwargs: Any) -> tuple[Exception, float]:
    started = time.monotonic()
    try:
        call(use_case, **kwargs)
    except Exception as exc:
        return exc, time.monotonic() - started
    raise AssertionError(f"{use_case.__name__} worked while the database was down")


def what_the_page_shows(exc: Exception) -> str:
    """The app's exception handler for events, and the notice its event makes the page show."""
    from convenience_center.convenience_center import backend_error
    from convenience_center.state.base import AppState

    spec = backend_error(exc)
    handler = getattr(spec, "handler", None)
    assert handler is not None and handler.fn is AppState.show_system_error.fn
    return translate("common.error_generic", "zh")


def ready_to_submit(platform_db: str) -> tuple[Starlette, int, str, dict[str, int]]:
    """A citizen with a complete draft, made through the app's own engine and pool, and the
    platform ready: its health routes, the citizen, the draft, and the rows before."""
    health: Starlette = build_health_routes(
        lambda: ReadinessTargets(db_url=platform_db, redis_url=None))
    with db.session() as session:
        user_id, public_id, _ = complete_draft(session)
    assert call(applications.my_applications, user_id=user_id)[1] == []
    assert get(health, "/readyz").status_code == 200
    return health, user_id, public_id, row_counts(platform_db)


def test_a_crash_before_commit_leaves_nothing_and_the_app_recovers_by_itself(
        postgres: PrivatePostgres, platform_db: str) -> None:
    health, user_id, public_id, before = ready_to_submit(platform_db)
    engine = db.write_engine()

    # The server dies after the submission has written all its rows, before its COMMIT.
    def crash(session: OrmSession) -> None:
        session.flush()
        postgres.stop(mode="immediate")

    event.listen(OrmSession, "before_commit", crash, once=True)
    try:
        error, _ = failure_of(applications.submit, user_id=user_id, public_id=public_id)
    finally:
        if event.contains(OrmSession, "before_commit", crash):
            event.remove(OrmSession, "before_commit", crash)
    assert isinstance(error, OperationalError), repr(error)
    assert what_the_page_shows(error) == "系统出现问题，您填写的内容已保留，请稍后再试。"

    # During the outage: every call fails at once with the same kind of error, and the
    # host says it is not ready.
    for use_case, kwargs in ((applications.submit, {"user_id": user_id, "public_id": public_id}),
                             (sessions.resolve_session, {"token": "x" * 43})):
        again, took = failure_of(use_case, **kwargs)
        assert isinstance(again, OperationalError) and took < 2.0, (again, took)
    started = time.monotonic()
    assert get(health, "/readyz").status_code == 503
    assert time.monotonic() - started < 2.0

    # Back (with crash recovery): the next call works, on the same engine, within seconds.
    restart_started = time.monotonic()
    postgres.start()
    back = time.monotonic()
    restart_seconds = back - restart_started
    assert changed(before, row_counts(platform_db)) == {}  # nothing half-written
    failures = 0
    while True:
        try:
            case = call(applications.submit, user_id=user_id, public_id=public_id)
            break
        except OperationalError:
            failures += 1
            assert time.monotonic() - back < RECOVERY_LIMIT, "no recovery"
            time.sleep(0.1)
    recovered = time.monotonic() - back
    assert db.write_engine() is engine
    assert failures == 0, f"{failures} calls failed after the server was back"
    ready_started = time.monotonic()
    assert get(health, "/readyz").status_code == 200
    ready_seconds = time.monotonic() - ready_started

    after = row_counts(platform_db)
    added = changed(before, after)
    assert {name: added.get(name) for name in SUBMISSION} == SUBMISSION, added
    assert all(count > 0 for count in added.values()), added
    assert call(applications.submit, user_id=user_id, public_id=public_id).case_no == \
        case.case_no  # submitting again finds the same case
    assert changed(after, row_counts(platform_db)) == {}
    print(f"\nPostgreSQL drill: rows {sum(before.values())} before, the same after the crash "
          f"(+{sum(after.values()) - sum(before.values())} after the submission that "
          f"followed); pg_ctl start {restart_seconds:.2f} s, first call after it worked in "
          f"{recovered:.3f} s ({failures} failures), /readyz 200 in {ready_seconds:.3f} s")
