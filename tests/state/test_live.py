"""Live updates after a case changes (state/live.py), on the app's own state manager: the
applicant's open pages first, the staff's counters after, and a caller that asks to go after
the applicant waits for that update, but never longer than the bound (the update may need a
lock the calling event holds)."""

from __future__ import annotations

import asyncio
import time
import uuid

import reflex as rx
from reflex_base.registry import RegistrationContext

import convenience_center.convenience_center  # noqa: F401  (the app: every state, installed)
from convenience_center.state import live
from tests.state.loops import run


async def _open_case_page(case_no: str, tab: str, user_id: int) -> None:
    """What a case page does when it follows its case: its tab is recorded in the shared state."""
    app = RegistrationContext.get().app
    token = rx.BaseStateToken(ident=live.case_token(case_no), cls=live.CaseActivity)
    async with app.modify_state(token) as root:
        activity = await root.get_state(live.CaseActivity)
        activity._tabs = {**activity._tabs, tab: user_id}


async def _changes(token: str, cls: type[rx.State]) -> int:
    app = RegistrationContext.get().app
    async with app.modify_state(rx.BaseStateToken(ident=token, cls=cls)) as root:
        return (await root.get_state(cls)).changes


class Follower:
    """An applicant's page being shown the change; ``hold`` keeps it waiting (as a lock the
    caller holds would)."""

    def __init__(self, *, seconds: float = 0.0, held: bool = False) -> None:
        self.seconds, self.held = seconds, held
        self.release: asyncio.Event | None = None
        self.shown: dict[str, int] = {}
        self.shown_at = 0.0

    async def __call__(self, case_no: str, tabs: dict[str, int]) -> None:
        if self.held:
            self.release = self.release or asyncio.Event()
            await self.release.wait()
        await asyncio.sleep(self.seconds)
        self.shown, self.shown_at = dict(tabs), time.monotonic()


def _with_follower(follower: Follower) -> None:
    live._CASE_FOLLOWERS.append(follower)


def _without(follower: Follower) -> None:
    live._CASE_FOLLOWERS.remove(follower)


def _case() -> tuple[str, str, str]:
    suffix = uuid.uuid4().hex[:10]
    return f"T{suffix}", f"tab-{suffix}", f"9{suffix[:5]}"


def test_the_caller_goes_on_once_the_applicant_has_been_shown_the_change():
    case_no, tab, office = _case()
    follower = Follower(seconds=0.05)
    _with_follower(follower)
    try:
        async def scenario() -> tuple[float, float, int, int]:
            await _open_case_page(case_no, tab, 7)
            await live.announce(case_no, [office], applicant_first=True)
            returned = time.monotonic()
            await asyncio.wait_for(asyncio.gather(*live._PENDING), 5)
            return (returned, follower.shown_at,
                    await _changes(live.office_token(office), live.OfficeActivity),
                    await _changes(live.staff_case_token(case_no), live.StaffCaseActivity))

        returned, shown_at, office_changes, staff_changes = run(scenario())
    finally:
        _without(follower)
    assert follower.shown == {tab: 7}
    assert 0 < shown_at <= returned  # shown before the caller went on
    assert (office_changes, staff_changes) == (1, 1)  # and the staff's counters after


def test_a_held_applicant_update_keeps_the_caller_no_longer_than_the_bound():
    case_no, tab, office = _case()
    follower = Follower(held=True)
    _with_follower(follower)
    saved, live.APPLICANT_WAIT_SECONDS = live.APPLICANT_WAIT_SECONDS, 0.1
    try:
        async def scenario() -> tuple[float, bool, int, int]:
            await _open_case_page(case_no, tab, 8)
            started = time.monotonic()
            await live.announce(case_no, [office], applicant_first=True)
            waited = time.monotonic() - started
            shown_meanwhile = bool(follower.shown)
            before = await _changes(live.office_token(office), live.OfficeActivity)
            assert follower.release is not None
            follower.release.set()  # the calling event ends: its locks are free
            await asyncio.wait_for(asyncio.gather(*live._PENDING), 5)
            return (waited, shown_meanwhile, before,
                    await _changes(live.office_token(office), live.OfficeActivity))

        waited, shown_meanwhile, before, after = run(scenario())
    finally:
        live.APPLICANT_WAIT_SECONDS = saved
        _without(follower)
    assert 0.09 <= waited < 1.0
    assert not shown_meanwhile and follower.shown == {tab: 8}  # shown once the lock was free
    assert (before, after) == (0, 1)  # the staff's counters still after the applicant's


def test_without_asking_the_caller_does_not_wait():
    case_no, tab, office = _case()
    follower = Follower(seconds=0.2)
    _with_follower(follower)
    try:
        async def scenario() -> tuple[float, bool]:
            await _open_case_page(case_no, tab, 9)
            started = time.monotonic()
            await live.announce(case_no, [office])
            waited = time.monotonic() - started
            shown_meanwhile = bool(follower.shown)
            await asyncio.wait_for(asyncio.gather(*live._PENDING), 5)
            return waited, shown_meanwhile

        waited, shown_meanwhile = run(scenario())
    finally:
        _without(follower)
    assert waited < 0.1 and not shown_meanwhile
    assert follower.shown == {tab: 9}
