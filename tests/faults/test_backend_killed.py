"""Drill: the backend killed with SIGKILL in the middle of a wizard step and of a staff action
(issue 11, fault drills).

The platform runs as ``make run`` starts it (``cc-admin serve``, SQLite, one worker: the
shared ``sqlite_app``), in Chromium. Each click is killed twice, at the two moments that
matter, and the platform started again on the same port, database and data (``cc-admin
serve`` does not build the frontend again):

- before its commit: the drill holds SQLite's write lock, clicks, and waits until the
  backend has read the click's event off its socket (the kernel's byte counts, ``ss``); the
  handler is then waiting for the lock it cannot get. The process is stopped (SIGSTOP), the
  counts checked again, and it is killed (SIGKILL). The click must have done nothing;
- after its commit: the drill clicks and watches the database; the moment the click's rows
  are there, the process is stopped and killed, on its way to answering the page. The click
  must have done what it does once.

After each restart the page, never reloaded, is hydrated again by the new process (the
seconds from the kill are printed), and the person carries on: the citizen's saved answers
are all in the draft, field by field as sent, and the next step shows; the officer's
certificate is issued once (one certificate row, one "issue" event) and the page shows it.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from playwright.sync_api import Browser, Page, WebSocket, expect
from sqlalchemy import func
from sqlmodel import select

from convenience_center.models import ApplicationDraft, Case, CaseEvent, Certificate, User
from tests.e2e.case_helpers import act, submitted_case, user_of
from tests.e2e.conftest import ERROR_PATTERN, RunningApp
from tests.e2e.helpers import text
from tests.e2e.test_staff_workflow import (
    ACTION_LABELS,
    choose_action,
    create_officer,
    officer_page,
    send_action,
)
from tests.e2e.wizard_helpers import ONE_CHILD, continue_to, fill_step
from tests.factories import Person
from tests.faults.rows import changed, row_counts
from tests.faults.servers import bytes_at
from tests.faults.test_restarts_in_the_browser import (
    at_the_spouse_step,
    expect_next_step,
    live_sessions,
    saved_answers,
    typed_on,
)

HYDRATED = '"is_hydrated_rx_state_":true'
EVENT_BYTES = 64  # more than a socket.io ping's answer; every event the drill sends is larger
ISSUE = ACTION_LABELS["issue"]
TOWNSHIP, COUNTY = "410105001", "410105"


@dataclass
class Hydrations:
    """When the page's websockets (one per connection, the reconnections included) brought
    it a hydrated state."""

    page: Page
    at: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("websocket", self._watch)

    def _watch(self, socket: WebSocket) -> None:
        socket.on("framereceived", lambda frame: self.at.append(time.monotonic())
                  if HYDRATED in str(frame) else None)

    def wait_after(self, moment: float, timeout: float = 60.0) -> float:
        """Seconds from ``moment`` until the page was hydrated after it (Playwright hands the
        frames over while it waits)."""
        deadline = time.monotonic() + timeout
        while not any(t > moment for t in self.at):
            assert time.monotonic() < deadline, "the page was never hydrated again"
            self.page.wait_for_timeout(50)
        return min(t for t in self.at if t > moment) - moment


@dataclass
class Kill:
    """One kill of the backend in the middle of a click, and what followed it."""

    moment: str
    before: dict[str, int]  # rows per table before the click
    at: float = 0.0  # when it was killed
    read: int = 0  # before the commit: bytes of the click the backend had read
    answered: bool | None = None  # after the commit: whether the page had its answer
    after: dict[str, int] = field(default_factory=dict)  # rows per table after the restart
    restart: float = 0.0  # seconds from the kill until the platform answered again
    hydrated: float = 0.0  # seconds from the kill until the page had its state again

    def __str__(self) -> str:
        what = (f"the backend had read {self.read} bytes of the click's event" if self.read
                else f"the answer had {'' if self.answered else 'not '}reached the page")
        return (f"{self.moment} ({what}): rows {sum(self.before.values())} before, "
                f"{sum(self.after.values())} after; up again {self.restart:.2f} s after the "
                f"SIGKILL, the page hydrated again without a reload {self.hydrated:.2f} s "
                f"after it")


def _stop(app: RunningApp) -> int:
    group = os.getpgid(app.process.pid)
    os.killpg(group, signal.SIGSTOP)
    return group


def _kill(app: RunningApp, group: int) -> float:
    os.killpg(group, signal.SIGKILL)
    app.process.wait(timeout=10)
    return time.monotonic()


@contextmanager
def write_lock(app: RunningApp) -> Iterator[None]:
    """SQLite's write lock held by the drill (BEGIN IMMEDIATE on a connection of its own)."""
    holder = app.db()
    holder.connection()  # begins, IMMEDIATE
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


def kill_before_commit(app: RunningApp, click: Callable[[], None]) -> Kill:
    """Click while the drill holds the write lock; kill the backend once it has read the
    click's event (it is then waiting for the lock)."""
    kill = Kill("before its commit", row_counts(app.db_url))
    port = int(app.url.rsplit(":", 1)[1])
    with write_lock(app):
        received, _ = bytes_at(port)
        click()
        deadline = time.monotonic() + 4  # well within SQLite's busy timeout (5 s)
        while True:
            now, unread = bytes_at(port)
            if now - received >= EVENT_BYTES and unread == 0:
                break
            assert time.monotonic() < deadline, "the backend never read the click's event"
        group = _stop(app)
        now, unread = bytes_at(port)
        assert now - received >= EVENT_BYTES and unread == 0, (now - received, unread)
        kill.read, kill.at = now - received, _kill(app, group)
    return kill


def kill_after_commit(app: RunningApp, click: Callable[[], None],
                      committed: Callable[[], bool], answered: Callable[[], bool]) -> Kill:
    """Click, and kill the backend the moment the click's rows are committed; the drill takes
    the write lock first, which holds a handler that reads the case again in a session that
    may write (the officer's) before it answers. Whether the page had its answer."""
    kill = Kill("after its commit", row_counts(app.db_url))
    click()
    deadline = time.monotonic() + 15
    while not committed():
        assert time.monotonic() < deadline, "the click was never committed"
    with write_lock(app):
        kill.at = _kill(app, _stop(app))
    kill.answered = answered()
    return kill


def restarted(app: RunningApp, hydrations: Hydrations, kill: Kill) -> None:
    """Start the platform again and wait until the page, not reloaded, is hydrated by it."""
    app.start_again()
    kill.restart = time.monotonic() - kill.at
    kill.hydrated = hydrations.wait_after(kill.at)
    kill.after = row_counts(app.db_url)


def log_errors(app: RunningApp, offset: int) -> list[str]:
    return [line for line in app.log_since(offset).splitlines() if ERROR_PATTERN.search(line)]


def draft_of(app: RunningApp, person: Person) -> Callable[[], ApplicationDraft]:
    """The citizen's one draft, read again at each call."""
    def read() -> ApplicationDraft:
        with app.db() as db:
            return db.exec(select(ApplicationDraft).join(User).where(
                User.username == person.username)).one()
    return read


def test_a_wizard_step_killed_before_and_after_its_commit_keeps_every_saved_answer(
        page: Page, sqlite_app: RunningApp) -> None:
    app = sqlite_app
    hydrations = Hydrations(page)
    person, answers = at_the_spouse_step(page, app)
    draft = draft_of(app, person)
    saved = draft()
    assert saved.steps_done == ["applicant"]
    offset = app.log_size()

    # Before the commit: the step is not saved, the one before it is all there.
    first = kill_before_commit(app, lambda: continue_to(page))
    assert draft().version == saved.version
    restarted(app, hydrations, first)
    assert changed(first.before, first.after) == {}
    assert draft().steps_done == ["applicant"]
    assert saved_answers(app, person, "applicant") == typed_on("applicant", answers)
    expect(page).to_have_url(re.compile(r"/spouse/?$"))
    spouse_name = page.get_by_label("配偶姓名", exact=True)
    typing_kept = spouse_name.input_value() == answers["spouse_name"]
    if not typing_kept:
        fill_step(page, ONE_CHILD, "spouse", answers)

    # After the commit: the step is saved once, as sent.
    second = kill_after_commit(app, lambda: continue_to(page),
                               lambda: draft().version > saved.version,
                               lambda: re.search(r"/marriage/?$", page.url) is not None)
    restarted(app, hydrations, second)
    assert changed(second.before, second.after) == {}  # the draft updated, nothing added
    assert draft().version == saved.version + 1
    assert draft().steps_done == ["applicant", "spouse"]

    # The citizen carries on: where the answer had not reached the page, the same click.
    if not re.search(r"/marriage/?$", page.url):
        expect(page).to_have_url(re.compile(r"/spouse/?$"))
        continue_to(page)
    expect_next_step(page)
    for step in ("applicant", "spouse"):
        assert saved_answers(app, person, step) == typed_on(step, answers), step
    assert live_sessions(app, person) == 1
    assert log_errors(app, offset) == []
    fields = sum(len(typed_on(step, answers)) for step in ("applicant", "spouse"))
    print(f"\nA wizard step killed {first}\nA wizard step killed {second}\nThe draft: "
          f"{fields} answers of 2 steps compared field by field, all as sent; what was typed "
          f"on the page before the first kill was {'kept' if typing_kept else 'lost'}; the "
          f"same session throughout")


def issue_once(app: RunningApp, case_no: str) -> Callable[[], tuple[int, int]]:
    """The case's certificates and "issue" events, counted."""
    def count() -> tuple[int, int]:
        with app.db() as db:
            case_id = db.exec(select(Case.id).where(Case.case_no == case_no)).one()
            certificates = db.exec(select(func.count()).select_from(Certificate).where(
                Certificate.case_id == case_id)).one()
            issued = db.exec(select(func.count()).select_from(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.action == "issue")).one()
        return certificates, issued
    return count


def test_a_staff_action_killed_before_and_after_its_commit_happens_once(
        browser: Browser, sqlite_app: RunningApp) -> None:
    app = sqlite_app
    case_no = submitted_case(app, "王芳", TOWNSHIP)
    township = user_of(app, create_officer(app, "township", TOWNSHIP))
    county = create_officer(app, "county", COUNTY)
    for officer, action in ((township, "accept"), (township, "forward"),
                            (user_of(app, county), "approve")):
        act(app, officer, case_no, action)
    page = officer_page(browser, app, county)
    hydrations = Hydrations(page)
    choose_action(page, app, case_no, "issue")
    counted = issue_once(app, case_no)
    offset = app.log_size()

    # Before the commit: not issued.
    first = kill_before_commit(app, lambda: send_action(page))
    restarted(app, hydrations, first)
    assert changed(first.before, first.after) == {}
    assert counted() == (0, 0)

    # The officer issues again (the page still offers it); killed after the commit: issued
    # once, and the page, hydrated again, shows it taken.
    expect(page.get_by_label(ISSUE, exact=True)).to_be_visible()

    def issue() -> None:
        choose_action(page, app, case_no, "issue")
        send_action(page)

    second = kill_after_commit(app, issue, lambda: counted() != (0, 0),
                               lambda: page.get_by_label(ISSUE, exact=True).count() == 0)
    restarted(app, hydrations, second)
    assert counted() == (1, 1)
    added = changed(second.before, second.after)
    assert {name: added.get(name) for name in ("certificate", "case_event")} == \
        {"certificate": 1, "case_event": 1}, added
    expect(page.get_by_label(ISSUE, exact=True)).to_have_count(0)
    expect(page.get_by_text(text("status.issued"), exact=True).first).to_be_visible()
    assert log_errors(app, offset) == []
    page.context.close()
    print(f"\nThe officer's issue killed {first}\nThe officer's issue killed {second}\n"
          f"The case: certificates 0 -> 0 -> 1, issue events 0 -> 0 -> 1; rows added by the "
          f"issue: {added}")
