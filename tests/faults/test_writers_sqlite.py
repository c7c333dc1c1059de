"""Drill: twenty citizens write at once to the embedded default (issue 11, fault drills).

The platform runs as ``make run`` starts it: SQLite, one worker. Twenty citizens, made through
the services and signed in the way a browser is (``benchmarks/people.py``), each have a tab
over Reflex's websocket protocol (``benchmarks.loads.WizardTab``) that saves a wizard step,
waits for the answer and the next page, and saves again, all twenty at once for several
seconds (``loads.closed_loop``); meanwhile a few other drafts of theirs, complete, are
submitted. Then:

- every save was answered: saved, or the platform's explicit "busy, try again in a moment"
  (``state/event_guards.py``), counted apart;
- no "database is locked" in the app's log, no error or traceback there, no failed event in
  ``/metrics``, no tab shown "something went wrong";
- the database holds what was sent: each draft's version went up once per save answered
  "saved", its answers are the sample's and its steps are done; each submission made
  exactly one case, and nothing else was written.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlmodel import col, select

from benchmarks import loads, people
from benchmarks.protocol import Tab, var_key
from convenience_center.domain.wizard import visible_fields
from convenience_center.models import ApplicationDraft, Case
from convenience_center.settings import get_settings
from convenience_center.state.base import AppState
from convenience_center.state.wizard import WizardState
from tests.e2e.conftest import ERROR_PATTERN, RunningApp
from tests.faults.rows import changed, row_counts

WRITERS = 20
SECONDS = 6.0
SUBMISSIONS = 4
LOCKED = "database is locked"
# What one submission adds (besides its search keys and, for a new day, its number sequence;
# see test_postgres_restart.py).
SUBMISSION = {"application_case": 1, "case_event": 1, "outbound_mail": 1, "audit_log": 1}
ALSO_WRITTEN_BY_A_SUBMISSION = {"case_search_key", "case_sequence"}


@contextmanager
def settings_of(app: RunningApp) -> Iterator[None]:
    """This process's settings pointed at the app's data directory (the documents that
    complete a draft go where the app reads them)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("CC_DATA_DIR", app.env["CC_DATA_DIR"])
    get_settings.cache_clear()
    try:
        yield
    finally:
        patch.undo()
        get_settings.cache_clear()


def failed_events(app: RunningApp) -> float:
    """Events that raised or were cancelled, all handlers (``cc_event_failures_total``)."""
    text = httpx.get(app.url + "/metrics", timeout=10).text
    return sum(sample.value for family in text_string_to_metric_families(text)
               for sample in family.samples if sample.name == "cc_event_failures_total")


class Submitter:
    """A tab on a complete draft's check page that submits it once, mid-load."""

    def __init__(self, app: RunningApp, citizen: people.Citizen, draft: str) -> None:
        self.wizard, self.app_state = WizardState.get_full_name(), AppState.get_full_name()
        self.draft = draft
        self.tab = Tab(app.url, cookie=citizen.cookie, routes=(people.WIZARD_ROUTE,),
                       follow_redirects=False)
        self.ms = 0.0
        self.busy = 0

    async def open(self) -> None:
        await self.tab.open(f"/applications/{self.draft}/check")
        await self.tab.wait(lambda t: t.var(self.wizard, "step") == "check"
                            and t.var(self.wizard, "loaded") is True)

    async def submit(self, delay: float) -> None:
        await asyncio.sleep(delay)
        started = time.perf_counter()
        for _attempt in range(5):
            self.tab.state.setdefault(self.app_state, {})[var_key("busy")] = False
            await self.tab.emit(f"{self.wizard}.submit", {})
            await self.tab.wait(lambda t: "submitted=1" in t.last_redirect
                                or t.var(self.app_state, "busy") is True)
            if "submitted=1" in self.tab.last_redirect:
                self.ms = (time.perf_counter() - started) * 1000
                return
            self.busy += 1  # asked to try again in a moment: the person clicks again
            await asyncio.sleep(0.5)
        raise AssertionError(f"the submission of {self.draft} was never worked on")


async def the_load(app: RunningApp, citizens: list[people.Citizen],
                   drafts: list[str]) -> tuple[loads.Latencies, list[loads.WizardTab],
                                               list[Submitter], float]:
    # WizardTab reads only the server's url: the running app is that server here.
    tabs = [loads.WizardTab(app, citizen) for citizen in citizens]  # type: ignore[arg-type]
    submitters = [Submitter(app, c, d) for c, d in zip(citizens, drafts, strict=False)]
    try:
        await asyncio.gather(*(t.open() for t in tabs), *(s.open() for s in submitters))
        started = time.perf_counter()
        saves, *_ = await asyncio.gather(
            loads.closed_loop(tabs, seconds=SECONDS),
            *(s.submit(SECONDS * (i + 1) / (len(submitters) + 1))
              for i, s in enumerate(submitters)))
        return saves, tabs, submitters, time.perf_counter() - started
    finally:
        for tab in [*(t.tab for t in tabs), *(s.tab for s in submitters)]:
            await tab.close()


def saved_steps_match(draft: ApplicationDraft) -> bool:
    answers = people.sample_answers()
    for step in people.question_steps():
        fields = [f for f in visible_fields(step, answers) if f.prefill is None]
        if {f.name: draft.answers.get(f.name) for f in fields} != \
                {f.name: answers.get(f.name) for f in fields}:
            return False
    return {s.name for s in people.question_steps()} <= set(draft.steps_done)


def test_twenty_writers_at_once_are_all_answered_and_nothing_is_locked_or_lost(
        sqlite_app: RunningApp) -> None:
    app = sqlite_app
    ids = people.IdNumbers(seed=time.time_ns())
    citizens = people.create_citizens(app.db_url, app.url, WRITERS, ids=ids,
                                      prefix=f"w{os.getpid()}x")
    with settings_of(app), people.database(app.db_url) as db:
        drafts = [people.complete_draft(db, c) for c in citizens[:SUBMISSIONS]]
    before = row_counts(app.db_url)
    failures_before = failed_events(app)
    offset = app.log_size()

    side = loads.LoopThread()
    try:
        saves, tabs, submitters, took = side.run(the_load(app, citizens, drafts), timeout=120)
    finally:
        side.close()
    time.sleep(0.3)  # the last log lines reach the file
    log = app.log_since(offset)

    # Nothing locked; no event failed; every save answered.
    assert log.count(LOCKED) == 0, [line for line in log.splitlines() if LOCKED in line][:5]
    errors = [line for line in log.splitlines() if ERROR_PATTERN.search(line)]
    assert errors == [], "\n".join(errors[:20])
    assert failed_events(app) == failures_before
    saved = saves.answered - saves.busy - saves.errors
    assert saves.sent == saves.answered, f"{saves.sent - saves.answered} saves not answered"
    assert saves.errors == 0, f"{saves.errors} saves answered with problems"
    assert not any(t.tab.var(AppState.get_full_name(), "system_error") for t in tabs)

    # What was sent is what the database holds.
    with app.db() as db:
        rows = {d.public_id: d for d in db.exec(select(ApplicationDraft).where(
            col(ApplicationDraft.public_id).in_([c.draft for c in citizens]))).all()}
        submitted = db.exec(select(ApplicationDraft.status).where(
            col(ApplicationDraft.public_id).in_(drafts))).all()
        cases = len(db.exec(select(Case.id)).all())
    for citizen, tab in zip(citizens, tabs, strict=True):
        draft = rows[citizen.draft]
        told_saved = tab.latencies.answered - tab.latencies.busy - tab.latencies.errors
        assert draft.version - 1 == told_saved, (citizen.username, draft.version, told_saved)
        assert saved_steps_match(draft), (citizen.username, draft.answers)
    assert submitted == ["submitted"] * SUBMISSIONS
    added = changed(before, row_counts(app.db_url))
    assert {name: added.get(name) for name in SUBMISSION} == \
        {name: count * SUBMISSIONS for name, count in SUBMISSION.items()}, added
    assert set(added) - set(SUBMISSION) <= ALSO_WRITTEN_BY_A_SUBMISSION, added
    assert cases >= SUBMISSIONS

    busy_logged = log.count("answered busy to")
    submitted_ms = sorted(s.ms for s in submitters)
    print(f"\nSQLite writers drill ({WRITERS} tabs saving at once for {took:.1f} s, one "
          f"worker): {saves.sent} saves sent, {saves.answered} answered ({saved} saved, "
          f"{saves.busy} 'busy, try again'; {busy_logged} busy answers logged), "
          f"{saved / took:.0f} saves/s, p50 {saves.p50:.0f} ms, p95 {saves.p95:.0f} ms, "
          f"max {max(saves.ms):.0f} ms; {SUBMISSIONS} submissions in "
          f"{', '.join(f'{ms:.0f}' for ms in submitted_ms)} ms "
          f"({sum(s.busy for s in submitters)} asked to try again); "
          f"'{LOCKED}' {log.count(LOCKED)} times, failed events "
          f"{failed_events(app) - failures_before:.0f}; rows "
          f"+{sum(added.values())} ({', '.join(f'{k} +{v}' for k, v in sorted(added.items()))})")
