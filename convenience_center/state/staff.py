"""The staff side: work queues (``/staff``) and one case (``/staff/cases/<case_no>``).

Every handler checks that the caller is an officer; the services check the jurisdiction and
the workflow again for every case and action.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from convenience_center.domain.errors import Conflict, NotAllowed, Refused
from convenience_center.i18n import in_both
from convenience_center.services import audit, offices, staff_cases, staff_queues, workflow
from convenience_center.services.common import CurrentUser, china_today
from convenience_center.state.base import AppState
from convenience_center.state.case_view import staff_case_view
from convenience_center.state.forms import form_text
from convenience_center.state.live import (
    StaffCaseActivity,
    announce,
    staff_case_token,
)
from convenience_center.state.office_pages import OfficePage
from convenience_center.state.pools import call_service
from convenience_center.state.staff_rows import dashboard_view, filter_options_view, queue_filters


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

    async def _reload(self, user: CurrentUser) -> None:
        cursor = self._cursors[-1] if self._cursors else None
        board = dashboard_view(await call_service(
            staff_cases.dashboard, user=user, queue=self.queue, filters=queue_filters(self.filters),
            cursor=tuple(cursor) if cursor else None, today=china_today()))
        self.counts, self.rows = board["counts"], board["rows"]
        self._next = board["next_cursor"]
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
        options = filter_options_view(await call_service(staff_cases.filter_options, user=user))
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
