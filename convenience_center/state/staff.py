"""The staff side: work queues (``/staff``) and one case (``/staff/cases/<case_no>``).

Every handler checks that the caller is an officer; the services check the jurisdiction and
the workflow again for every case and action.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Any

import reflex as rx
from reflex_base.registry import RegistrationContext

from convenience_center.domain.errors import Conflict, NotAllowed, Refused
from convenience_center.i18n import in_both
from convenience_center.services import audit, offices, staff_cases, staff_queues, workflow
from convenience_center.services.common import CurrentUser, china_today
from convenience_center.state.base import AppState
from convenience_center.state.case_view import staff_case_view
from convenience_center.state.forms import form_text
from convenience_center.state.live import (
    OfficeTab,
    StaffCaseActivity,
    announce,
    follow_office,
    forget_office_tabs,
    on_office_change,
    staff_case_token,
)
from convenience_center.state.pools import call_service

log = logging.getLogger("convenience_center.live")


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


class StaffState(AppState):
    """Helpers for the staff pages."""

    allowed: rx.Field[bool] = rx.field(False)
    office_zh: rx.Field[str] = rx.field("")
    office_en: rx.Field[str] = rx.field("")

    async def _officer(self) -> CurrentUser | None:
        """The signed-in officer; refusal of anyone else is logged."""
        user = await self._identify()
        if user is None:
            return None
        if not user.is_staff:
            await call_service(audit.log_refusal, user=user, ip=self._client_ip(),
                               attempted=self.router.url.path)
            self.allowed = False
            return None
        self.allowed = True
        return user



class OfficePage(rx.State, mixin=True):
    """A staff page that is shown anew whenever something changes in the officer's office
    (``show_office_change``). Pages define ``loaded`` and ``_reload(user)``, and call
    ``_follow_office(user)`` when they load."""

    async def _reload(self, user: CurrentUser) -> None:
        raise NotImplementedError

    async def _follow_office(self, user: CurrentUser) -> None:
        """Show this page anew whenever something changes in the officer's office."""
        await follow_office(user.office_code or "none", self._client_token(),  # type: ignore[attr-defined]
                            OfficeTab(user.id, self.get_full_name(), self.router.url.path))


class StaffDashboardState(OfficePage, StaffState):
    """The work queues of an officer."""

    queue: rx.Field[str] = rx.field("to_accept")
    counts: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    rows: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    services: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    offices: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    filters: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    page_number: rx.Field[int] = rx.field(1)
    has_next: rx.Field[bool] = rx.field(False)
    loaded: rx.Field[bool] = rx.field(False)
    _cursors: list[Any] = []  # cursor of each page shown so far (None for the first)
    _next: Any = None

    def _filters(self) -> staff_queues.Filters:
        f = self.filters
        return staff_queues.Filters(service=f.get("service", ""), office=f.get("office", ""),
                                    status=f.get("status", ""),
                                    date_from=_date(f.get("date_from")),
                                    date_to=_date(f.get("date_to")),
                                    search=f.get("search", ""), sort=f.get("sort", "newest"))

    async def _reload(self, user: CurrentUser) -> None:
        cursor = self._cursors[-1] if self._cursors else None
        data = await call_service(staff_cases.dashboard, user=user, queue=self.queue,
                                  filters=self._filters(),
                                  cursor=tuple(cursor) if cursor else None, today=china_today())
        self.counts, self.rows = data["counts"], data["rows"]
        self._next = data["next_cursor"]
        self.has_next = self._next is not None
        self.page_number = len(self._cursors) + 1
        self.loaded = True

    @rx.event
    async def load(self):
        """Open the dashboard (officers only) and follow the office's changes live."""
        self.loaded = False
        user = await self._officer()
        if user is None:
            if not self.signed_in:
                return self._login_redirect()
            return None
        options = await call_service(staff_cases.filter_options, user=user)
        self.services, self.offices = options["services"], options["offices"]
        office = await call_service(offices.office_name, code=user.office_code or "")
        self.office_zh, self.office_en = office
        requested = self.router.url.query_parameters.get("queue", "")
        self.queue = requested if requested in staff_queues.QUEUES else self.queue
        self._cursors = []
        await self._follow_office(user)
        await self._reload(user)
        return None

    @rx.event
    async def show_queue(self, queue: str):
        """Switch to another queue."""
        user = await self._officer()
        if user is None or queue not in staff_queues.QUEUES:
            return
        self.queue, self._cursors = queue, []
        await self._reload(user)

    @rx.event
    async def apply_filters(self, form: dict):
        """Narrow the list: service, office, status, dates, search, order."""
        user = await self._officer()
        if user is None:
            return
        keys = ("service", "office", "status", "date_from", "date_to", "search", "sort")
        self.filters = {k: str(form.get(k, ""))[:60] for k in keys}
        self._cursors = []
        await self._reload(user)

    @rx.event
    async def next_page(self):
        """The next page of the queue."""
        user = await self._officer()
        if user is None or self._next is None:
            return
        self._cursors = [*self._cursors, self._next]
        await self._reload(user)

    @rx.event
    async def previous_page(self):
        """The previous page of the queue."""
        user = await self._officer()
        if user is None:
            return
        self._cursors = self._cursors[:-1]
        await self._reload(user)


def _office_pages() -> dict[str, type[OfficePage]]:
    found: dict[str, type[OfficePage]] = {}
    classes = list(OfficePage.__subclasses__())
    while classes:
        cls = classes.pop()
        found[cls.get_full_name()] = cls
        classes += cls.__subclasses__()
    return found


async def show_office_change(code: str, tabs: dict[str, OfficeTab]) -> None:
    """Show a change in the office's open pages (live.on_office_change): each page is read
    again for its officer, checked as at every event, and written into its tab's state, so
    the browser need not ask. A tab that has left the page, or whose states are now someone
    else's, is left alone and forgotten."""
    app = RegistrationContext.get().app
    pages = _office_pages()

    async def show(token: str, shown: OfficeTab) -> str | None:
        cls = pages.get(shown.page)
        if cls is None:
            return token
        async with app.modify_state(rx.BaseStateToken(ident=token, cls=cls)) as root:
            page: Any = await root.get_state(cls)
            owner = (await root.get_state(AppState))._owner
            if owner != shown.user_id or page.router.url.path != shown.path \
                    or not page.loaded:
                return token
            user = await page._officer()
            if user is None:
                return token
            await page._reload(user)
            return None

    results = await asyncio.gather(*(show(token, shown) for token, shown in tabs.items()),
                                   return_exceptions=True)
    for failure in (r for r in results if isinstance(r, BaseException)):
        log.warning("an office page was not shown a change of %s", code, exc_info=failure)
    if left := {token for token in results if isinstance(token, str)}:
        await forget_office_tabs(code, left)


on_office_change(show_office_change)


class StaffCaseState(StaffState):
    """One case seen by an officer, with the actions they may take."""

    case: rx.Field[dict[str, Any]] = rx.field(default_factory=dict)
    found: rx.Field[bool] = rx.field(True)
    notice: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    problem: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    chosen: rx.Field[str] = rx.field("")
    seen_changes: rx.Field[int] = rx.field(0)
    generation: rx.Field[int] = rx.field(0)
    _full_ids: bool = False

    def _case_no(self) -> str:
        parts = self.router.url.path.strip("/").split("/")
        return parts[2][:24] if len(parts) >= 3 else ""

    async def _reload(self, user: CurrentUser) -> None:
        try:
            self.case = staff_case_view(await call_service(
                staff_cases.case_for_staff, user=user, case_no=self._case_no(),
                ip=self._client_ip(), full_ids=self._full_ids))
            self.found = True
        except NotAllowed:
            self.case, self.found = {}, False

    @rx.event
    async def load(self):
        """Load the case (jurisdiction checked) and follow it live."""
        self.notice, self.problem, self.case, self.chosen = {}, {}, {}, ""
        self._full_ids = False
        yield
        user = await self._officer()
        if user is None:
            if not self.signed_in:
                yield self._login_redirect()
            return
        try:  # jurisdiction first: an outsider does not follow the case
            await call_service(workflow.staff_case, user=user, case_no=self._case_no(),
                               ip=self._client_ip())
        except NotAllowed:
            self.case, self.found = {}, False
            return
        activity = await self.get_state(StaffCaseActivity)
        activity = await activity._link_to(staff_case_token(self._case_no()))
        self.seen_changes = activity.changes
        await self._reload(user)

    @rx.event
    async def refresh(self):
        """The case changed elsewhere: show it as it is now."""
        user = await self._officer()
        if user is None:
            return
        activity = await self.get_state(StaffCaseActivity)
        self.seen_changes = activity.changes
        await self._reload(user)

    @rx.event
    def choose(self, action: str):
        """Which action the officer is about to take (shows the right fields)."""
        if isinstance(action, str):
            self.chosen = action[:40]

    @rx.event
    async def act(self, form: dict):
        """Take the chosen action (one conditional update: a concurrent action loses)."""
        self.notice, self.problem = {}, {}
        user = await self._officer()
        if user is None:
            return
        action = str(form.get("action", ""))[:40]
        reason = form_text(form, "reason", 4000)
        version = self.case.get("version", 0)
        try:
            transition = await call_service(
                workflow.take_action, user=user, case_no=self._case_no(), action_name=action,
                version=int(version) if isinstance(version, int) else 0,
                reason=reason, ip=self._client_ip())
        except Conflict:
            self.problem = in_both("workflow.changed")
            await self._reload(user)
            return
        except Refused as refusal:
            self.problem = in_both(refusal.code)
            return
        except NotAllowed:
            self.problem = in_both("common.permission_denied")
            await self._reload(user)
            return
        self.notice = in_both("workflow.done")
        self.chosen = ""
        self.generation += 1
        await announce(transition.case_no, transition.office_chain, applicant_first=True)
        activity = await self.get_state(StaffCaseActivity)
        self.seen_changes = activity.changes
        await self._reload(user)

    @rx.event
    async def reveal_ids(self):
        """Show the full ID numbers of this case (the access is logged)."""
        user = await self._officer()
        if user is None:
            return
        try:
            await call_service(staff_cases.reveal_identity, user=user, case_no=self._case_no(),
                               ip=self._client_ip())
        except NotAllowed:
            self.found = False
            return
        self._full_ids = True
        await self._reload(user)
