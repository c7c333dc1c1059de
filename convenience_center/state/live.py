"""Live updates across browsers and workers: shared states that count changes.

A dashboard links its tab to ``office-<code>``, a case page to ``case-<case number>``. After a
case changes, the handler that changed it bumps the counters of the case and of every office
above it; Reflex pushes the new counter to every linked tab (through Redis when there are
several workers), and the page, seeing a counter it has not seen, reloads its data. No page
polls the database.
"""

from __future__ import annotations

import asyncio
import logging

import reflex as rx
from reflex_base.registry import RegistrationContext

log = logging.getLogger("convenience_center.live")


class OfficeActivity(rx.SharedState):
    """How many times the cases under an office have changed."""

    changes: int = 0


class CaseActivity(rx.SharedState):
    """How many times one case has changed (followed by the applicant's pages)."""

    changes: int = 0


class StaffCaseActivity(rx.SharedState):
    """How many times one case has changed (followed by the staff's pages of it).

    Apart from the applicant's: a tab's event holds the locks of the shared states it follows
    until it ends, so an officer's own action would hold the applicant's update back until the
    officer's page had reloaded.
    """

    changes: int = 0


class UserActivity(rx.SharedState):
    """How many times a citizen's questions or complaints have changed."""

    changes: int = 0


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


async def _bump(token: str, cls: type[rx.State]) -> None:
    app = RegistrationContext.get().app
    async with app.modify_state(rx.BaseStateToken(ident=token, cls=cls)) as root:
        state = await root.get_state(cls)
        state.changes += 1


_PENDING: set[asyncio.Task] = set()


async def announce(case_no: str, office_chain: list[str]) -> None:
    """Tell every open page concerned that a case changed, once the calling event is done.

    The bump runs as its own task: the calling tab may itself be linked to these shared
    states, and their locks are held until its event ends. A failure here never undoes the
    change itself (it is committed already); pages catch up when they are reloaded.
    """
    task = asyncio.create_task(_announce(case_no, office_chain))
    _PENDING.add(task)
    task.add_done_callback(_PENDING.discard)


async def _announce(case_no: str, office_chain: list[str]) -> None:
    try:
        await _bump(case_token(case_no), CaseActivity)  # the applicant first
        for code in office_chain:
            await _bump(office_token(code), OfficeActivity)
        await _bump(staff_case_token(case_no), StaffCaseActivity)
    except Exception:  # the change is safe in the database; pages catch up on reload
        log.warning("live update for %s failed", case_no, exc_info=True)


async def announce_user(user_id: int) -> None:
    """Tell a citizen's open pages (questions, complaints) that something changed for them."""
    task = asyncio.create_task(_announce_user(user_id))
    _PENDING.add(task)
    task.add_done_callback(_PENDING.discard)


async def _announce_user(user_id: int) -> None:
    try:
        await _bump(user_token(user_id), UserActivity)
    except Exception:  # best effort, like announce()
        log.warning("live update for user %s failed", user_id, exc_info=True)


async def announce_offices(office_chain: list[str]) -> None:
    """Tell the staff pages of these offices that something changed (a new question...)."""
    task = asyncio.create_task(_announce_offices(office_chain))
    _PENDING.add(task)
    task.add_done_callback(_PENDING.discard)


async def _announce_offices(office_chain: list[str]) -> None:
    try:
        for code in office_chain:
            await _bump(office_token(code), OfficeActivity)
    except Exception:  # best effort, like announce()
        log.warning("live update for offices %s failed", office_chain, exc_info=True)
