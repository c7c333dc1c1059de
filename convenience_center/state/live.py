"""Live updates across browsers and workers: shared states that count changes.

After a case changes, the handler that changed it tells every page concerned:

- the applicant's own open case pages: a page that follows ``case-<number>`` records its tab
  in that shared state; the change is read once and written into each such tab's state
  (``on_case_change`` followers, see state/applications.py);
- the officers' office pages (the dashboard, questions, complaints, rectifications): a page
  records its tab, its officer and itself in ``office-<code>``; after a change under the
  office (its own office first, then each above it) each such page is read again for its
  officer, checked as at every event, and written into its tab's state (``on_office_change``
  followers, see state/staff.py). The browser need not ask;
- the staff's case pages, linked to ``staffcase-<number>``: Reflex pushes the new counter to
  every linked tab (through Redis when there are several workers), and the page, seeing a
  counter it has not seen, reloads its data. The same for a citizen's questions and
  complaints (``user-<id>``).

No personal data sits in a shared state. No page polls the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any, NamedTuple

import reflex as rx
from reflex_base.event.context import EventContext
from reflex_base.registry import RegistrationContext

log = logging.getLogger("convenience_center.live")


class OfficeTab(NamedTuple):
    """An officer's page open on an office: who is shown it, which state, at what address."""

    user_id: int
    page: str
    path: str


class OfficeActivity(rx.SharedState):
    """How many times the cases under an office have changed, and the officers' pages open on
    it (tab token → the officer, the page's state and its address)."""

    changes: rx.Field[int] = rx.field(0)
    _tabs: dict[str, OfficeTab] = {}


class CaseActivity(rx.SharedState):
    """The applicant's tabs that show one case (tab token → the user shown it)."""

    changes: rx.Field[int] = rx.field(0)
    _tabs: dict[str, int] = {}


class StaffCaseActivity(rx.SharedState):
    """How many times one case has changed (followed by the staff's pages of it).

    Apart from the applicant's: a tab's event holds the locks of the shared states it follows
    until it ends, so an officer's own action would hold the applicant's update back until the
    officer's page had reloaded.
    """

    changes: rx.Field[int] = rx.field(0)


class UserActivity(rx.SharedState):
    """How many times a citizen's questions or complaints have changed."""

    changes: rx.Field[int] = rx.field(0)


def user_token(user_id: int) -> str:
    """The shared token of a citizen's own pages (questions, complaints)."""
    return f"user-{user_id}"


def office_token(code: str) -> str:
    """The shared token of an office (tokens cannot contain underscores)."""
    return f"office-{code}"


def case_token(case_no: str) -> str:
    """The shared token of a case, as its applicant follows it."""
    return f"case-{case_no}"


def staff_case_token(case_no: str) -> str:
    """The shared token of a case, as the staff follow it."""
    return f"staffcase-{case_no}"


# The shared states that count changes.
Activity = OfficeActivity | CaseActivity | StaffCaseActivity | UserActivity


@contextlib.asynccontextmanager
async def _shared(token: str, cls: type[Activity]) -> AsyncIterator[Any]:
    """A shared state's own tree, held for a change, as ``App.modify_state`` holds it but
    without sending the change to ``token``: no tab has a shared token, so that delta went
    nowhere (a "send delta to disconnected client" warning each time on one worker, a
    publish to every worker's lost-and-found on several). Reflex tells the linked tabs
    itself, when the lock is let go."""
    app = RegistrationContext.get().app
    with app.set_contexts(), contextlib.ExitStack() as rebind:
        try:
            forked = EventContext.get().fork(token=token)
        except LookupError:
            pass
        else:
            rebind.callback(EventContext.reset, EventContext.set(forked))
        async with app.state_manager.modify_state_with_links(
                rx.BaseStateToken(ident=token, cls=cls)) as root:
            yield root
            root._clean()  # records what changed, for the linked tabs (as Reflex does)


async def _bump(token: str, cls: type[Activity]) -> None:
    async with _shared(token, cls) as root:
        state = await root.get_state(cls)
        state.changes += 1


_PENDING: set[asyncio.Task] = set()
_CASE_FOLLOWERS: list[Callable[[str, dict[str, int]], Awaitable[None]]] = []
_OFFICE_FOLLOWERS: list[Callable[[str, dict[str, OfficeTab]], Awaitable[None]]] = []

# How long a caller that asked for it waits for the applicant's pages to be shown a change.
# The wait is bounded, not a join: that update can need a lock the calling event holds (the
# caller's tab may follow the same shared state), and then it goes on after the event ends.
APPLICANT_WAIT_SECONDS = 0.25


def on_case_change(follower: Callable[[str, dict[str, int]], Awaitable[None]]) -> None:
    """Call ``follower(case_no, tabs)`` after a case changes (``tabs``: the tabs showing it
    to its applicant, token → user id)."""
    _CASE_FOLLOWERS.append(follower)


def on_office_change(follower: Callable[[str, dict[str, OfficeTab]], Awaitable[None]]) -> None:
    """Call ``follower(office_code, tabs)`` after something under an office has changed
    (``tabs``: the officers' pages open on it, by tab token)."""
    _OFFICE_FOLLOWERS.append(follower)


async def follow_office(code: str, tab: str, shown: OfficeTab) -> None:
    """Record that ``tab`` shows an office page of ``code`` (one page per tab: the last)."""
    async with _shared(office_token(code), OfficeActivity) as root:
        activity = await root.get_state(OfficeActivity)
        if activity._tabs.get(tab) != shown:
            activity._tabs = {**activity._tabs, tab: shown}


async def forget_office_tabs(code: str, tabs: set[str]) -> None:
    """Tabs that no longer show an office page of ``code`` (they went elsewhere, or away)."""
    async with _shared(office_token(code), OfficeActivity) as root:
        activity = await root.get_state(OfficeActivity)
        if tabs & activity._tabs.keys():
            activity._tabs = {t: u for t, u in activity._tabs.items() if t not in tabs}


async def _case_tabs(case_no: str) -> dict[str, int]:
    async with _shared(case_token(case_no), CaseActivity) as root:
        return dict((await root.get_state(CaseActivity))._tabs)


async def _bump_office(code: str) -> None:
    """Count a change under an office; then show it in the office's open pages."""
    async with _shared(office_token(code), OfficeActivity) as root:
        activity = await root.get_state(OfficeActivity)
        activity.changes += 1
        tabs = dict(activity._tabs)
    for follower in _OFFICE_FOLLOWERS if tabs else ():
        try:
            await follower(code, tabs)
        except Exception:  # the change is safe in the database; pages catch up on reload
            log.warning("showing a change to the open pages of %s failed", code,
                        exc_info=True)


def _background(work: Coroutine[Any, Any, None]) -> None:
    task = asyncio.create_task(work)
    _PENDING.add(task)
    task.add_done_callback(_PENDING.discard)


async def announce(case_no: str, office_chain: list[str], *,
                   applicant_first: bool = False) -> None:
    """Tell every open page concerned that a case changed: the applicant's first, then the
    staff's.

    The updates run as a task of their own: the calling tab may itself be linked to these
    shared states, and their locks are held until its event ends. With ``applicant_first``
    the caller waits (at most ``APPLICANT_WAIT_SECONDS``) until the applicant's open case
    pages have been shown the change, so that what it does next (an officer's page reloading
    the case) does not hold that update back. A failure here never undoes the change itself
    (it is committed already); pages catch up when they are reloaded.
    """
    told = asyncio.Event()
    _background(_announce(case_no, office_chain, told))
    if applicant_first:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(told.wait(), APPLICANT_WAIT_SECONDS)


async def _announce(case_no: str, office_chain: list[str], told: asyncio.Event) -> None:
    try:
        try:
            if _CASE_FOLLOWERS and (tabs := await _case_tabs(case_no)):
                for follower in _CASE_FOLLOWERS:
                    await follower(case_no, tabs)
        finally:
            told.set()
        for code in office_chain:
            await _bump_office(code)
        await _bump(staff_case_token(case_no), StaffCaseActivity)
    except Exception:  # the change is safe in the database; pages catch up on reload
        log.warning("live update for %s failed", case_no, exc_info=True)


async def announce_user(user_id: int) -> None:
    """Tell a citizen's open pages (questions, complaints) that something changed for them."""
    _background(_announce_user(user_id))


async def _announce_user(user_id: int) -> None:
    try:
        await _bump(user_token(user_id), UserActivity)
    except Exception:  # best effort, like announce()
        log.warning("live update for user %s failed", user_id, exc_info=True)


async def announce_offices(office_chain: list[str]) -> None:
    """Tell the staff pages of these offices that something changed (a new question...)."""
    _background(_announce_offices(office_chain))


async def _announce_offices(office_chain: list[str]) -> None:
    try:
        for code in office_chain:
            await _bump_office(code)
    except Exception:  # best effort, like announce()
        log.warning("live update for offices %s failed", office_chain, exc_info=True)
