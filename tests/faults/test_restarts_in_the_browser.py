"""Drills in the browser: Redis, then PostgreSQL restarted under the scaled platform (issue 11,
section 2; ``test_postgres_restart.py`` measures the database's recovery on the app's engine).

Redis. The platform runs as in production's scaled mode (PostgreSQL, the Redis state manager, two
workers) on a private ``redis-server`` that keeps nothing on disk: killing it loses every
tab's state, every lock and every socket record. A citizen is signed in in Chromium, in the
middle of the wizard, with a step typed but not yet saved. Redis is killed; the citizen clicks
"Save and continue" while it is down; Redis is started again on the same port. Then, without
a reload:

- nothing is lost: every table's rows are the same (cases, drafts, mails, sessions);
- the click during the outage was not worked off and left the page as it was, the typed
  answers included, and the server logged a warning per event, not an error storm;
- the citizen is still signed in (the session lives in the database) and the next click
  saves the step and shows the next one.

PostgreSQL (the private cluster the platform runs on) is killed while a citizen is in the
wizard: "Save and continue" shows the calm "something went wrong on our side, your input is
kept" notice with the answers still on the page, and once the server is back the next click
saves, without a reload and without a restart of the app.

The frontend is built in a folder of its own: the browser tests' app may still be running
from the project's ``.web``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import col, select

from convenience_center.models import ApplicationDraft, User, UserSession
from tests.e2e.conftest import ERROR_PATTERN, RunningApp, running_app
from tests.e2e.helpers import text, wait_ready
from tests.e2e.wizard_helpers import ONE_CHILD, continue_to, fill_step, first_step_saved
from tests.factories import Person
from tests.faults.rows import changed, row_counts
from tests.faults.servers import PrivatePostgres, PrivateRedis, PrivateSmtp

START = "/apply/one-child-resident/apply"

NOT_HANDLED = "An event was not handled: Redis cannot be reached"


@pytest.fixture(scope="module")
def scaled_app(postgres: PrivatePostgres, private_redis: PrivateRedis,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    smtp = PrivateSmtp()
    smtp.start()
    try:
        with running_app("postgres-redis", tmp_path_factory.mktemp("scaled-app"),
                         smtp_port=smtp.port, db_url=postgres.create_database("cc_app"),
                         redis_url=private_redis.url, own_frontend=True) as app:
            yield app
    finally:
        smtp.stop()


def ready_status(app: RunningApp) -> int:
    return httpx.get(app.url + "/readyz", timeout=5).status_code


def wait_for_log(app: RunningApp, offset: int, needle: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while needle not in app.log_since(offset):
        assert time.monotonic() < deadline, f"the app never logged {needle!r}"
        time.sleep(0.05)


def at_the_spouse_step(page: Page, app: RunningApp) -> tuple[Person, dict[str, Any]]:
    """A new citizen signed in, the first step saved and the second typed, not yet saved."""
    person, answers = first_step_saved(page, app, ONE_CHILD, START)
    wait_ready(page)
    fill_step(page, ONE_CHILD, "spouse", answers)
    return person, answers


def saved_answers(app: RunningApp, person: Person, step: str) -> dict[str, Any]:
    """The answers of ``step`` saved in the citizen's one draft."""
    with app.db() as db:
        user_id = db.exec(select(User.id).where(User.username == person.username)).one()
        draft = db.exec(select(ApplicationDraft).where(
            ApplicationDraft.user_id == user_id)).one()
    fields = next(s for s in ONE_CHILD.steps if s.name == step).fields
    return {f.name: draft.answers.get(f.name) for f in fields if f.prefill is None}


def live_sessions(app: RunningApp, person: Person) -> int:
    with app.db() as db:
        user_id = db.exec(select(User.id).where(User.username == person.username)).one()
        return len(db.exec(select(UserSession).where(
            UserSession.user_id == user_id, col(UserSession.ended_at).is_(None))).all())


def expect_next_step(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/marriage/?$"), timeout=15_000)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        next(s for s in ONE_CHILD.steps if s.name == "marriage").title.get("zh"))
    expect(page.get_by_role("button", name=text("nav.sign_out"), exact=True)).to_be_visible()


def typed_on(step: str, answers: dict[str, Any]) -> dict[str, Any]:
    """What the citizen types on ``step`` (the prefilled fields come from the account)."""
    fields = next(s for s in ONE_CHILD.steps if s.name == step).fields
    return {f.name: answers.get(f.name) for f in fields if f.prefill is None}


def test_a_redis_restart_loses_nothing_and_the_next_click_saves(
        page: Page, scaled_app: RunningApp, private_redis: PrivateRedis) -> None:
    app = scaled_app
    person, answers = at_the_spouse_step(page, app)
    spouse_name = page.get_by_label("配偶姓名", exact=True)
    before = row_counts(app.db_url)
    assert ready_status(app) == 200
    offset = app.log_size()

    down = time.monotonic()
    private_redis.stop()
    assert ready_status(app) == 503
    continue_to(page)  # not worked off: the tab's state cannot be read
    wait_for_log(app, offset, NOT_HANDLED)
    expect(page).to_have_url(re.compile(r"/spouse/?$"))
    expect(spouse_name).to_have_value(answers["spouse_name"])
    private_redis.start()
    back = time.monotonic()
    assert changed(before, row_counts(app.db_url)) == {}

    continue_to(page)
    expect_next_step(page)
    saved = time.monotonic() - back
    assert ready_status(app) == 200
    assert saved_answers(app, person, "spouse") == typed_on("spouse", answers)
    assert live_sessions(app, person) == 1  # the same session: not ended, not replaced
    assert changed(before, row_counts(app.db_url)) == {}  # the save updated the draft
    log = app.log_since(offset)
    errors = [line for line in log.splitlines() if ERROR_PATTERN.search(line)]
    assert errors == [], "\n".join(errors[:20])
    not_handled = log.count(NOT_HANDLED)
    assert 1 <= not_handled <= 10, not_handled  # one per event sent while Redis was down
    print(f"\nRedis drill: rows {sum(before.values())} before and after, down "
          f"{back - down:.2f} s, {not_handled} events not handled meanwhile, the next click "
          f"saved {saved:.2f} s after Redis was back, the session kept")


def test_a_postgresql_restart_shows_a_calm_notice_and_the_next_click_saves(
        page: Page, scaled_app: RunningApp, postgres: PrivatePostgres) -> None:
    app = scaled_app
    person, answers = at_the_spouse_step(page, app)
    spouse_name = page.get_by_label("配偶姓名", exact=True)
    before = row_counts(app.db_url)
    offset = app.log_size()

    postgres.stop(mode="immediate")
    down = time.monotonic()
    assert ready_status(app) == 503
    continue_to(page)
    notice = page.get_by_role("alert").filter(has_text=text("common.error_generic"))
    expect(notice).to_be_visible()
    shown = time.monotonic() - down
    expect(page).to_have_url(re.compile(r"/spouse/?$"))
    expect(spouse_name).to_have_value(answers["spouse_name"])
    postgres.start()
    back = time.monotonic()
    assert changed(before, row_counts(app.db_url)) == {}

    continue_to(page)
    expect_next_step(page)
    saved = time.monotonic() - back
    expect(notice).to_have_count(0)
    assert ready_status(app) == 200
    assert saved_answers(app, person, "spouse") == typed_on("spouse", answers)
    assert live_sessions(app, person) == 1
    assert changed(before, row_counts(app.db_url)) == {}
    assert app.process.poll() is None  # the same app, not restarted
    failed = app.log_since(offset).count("Unexpected error in an event handler")
    assert 1 <= failed <= 10, failed  # the events of the one click, not a storm
    print(f"\nPostgreSQL drill in the browser: rows {sum(before.values())} before and after, "
          f"the notice shown {shown:.2f} s after the crash ({failed} events failed), the next "
          f"click saved {saved:.2f} s after the server was back")
