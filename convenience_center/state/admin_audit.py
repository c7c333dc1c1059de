"""The audit log for administrators (``/admin/audit``). Every handler checks the caller; the
service checks again and logs refusals."""

from __future__ import annotations

import reflex as rx

from convenience_center.domain.errors import NotAllowed, ValidationFailed
from convenience_center.services import admin_users, audit_search
from convenience_center.services.common import CHINA_TZ, CurrentUser
from convenience_center.state.base import AppState
from convenience_center.state.forms import FormState, form_text
from convenience_center.state.pools import call_service

PAGE_SIZE = 50


class AdminAuditState(FormState, AppState):
    """Filter the audit log and page through it, newest first."""

    allowed: rx.Field[bool] = rx.field(False)
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    page_number: rx.Field[int] = rx.field(1)
    has_older: rx.Field[bool] = rx.field(False)
    # The filters and cursors stay on the server: the browser only sends a form.
    _group: str = ""
    _actor_name: str = ""
    _target: str = ""
    _office: str = ""
    _date_from: str = ""
    _date_to: str = ""
    _before_id: int = 0
    _next_cursor: int = 0

    async def _admin(self) -> CurrentUser | None:
        """The signed-in administrator, or ``None`` (a refusal is logged by the service)."""
        user = await self._identify()
        if user is None:
            return None
        if not user.is_admin:
            await call_service(admin_users.require_admin_or_log, actor=user,
                               ip=self._client_ip(), action="audit_page")
            self._refuse()
            return None
        self.allowed = True
        return user

    def _refuse(self) -> None:
        self.allowed = False
        self.rows, self.has_older, self._next_cursor = [], False, 0
        self.notice_code = "common.permission_denied"

    async def _refresh(self, user: CurrentUser) -> None:
        """Load the current page; a :class:`ValidationFailed` is left to the caller."""
        date_from, date_to = audit_search.parse_filters(
            action_group=self._group, office=self._office, date_from=self._date_from,
            date_to=self._date_to)
        try:
            entries, cursor = await call_service(
                audit_search.search_entries, actor=user, ip=self._client_ip(),
                action_group=self._group, actor_name=self._actor_name, target=self._target,
                office=self._office, date_from=date_from, date_to=date_to,
                before_id=self._before_id or None, limit=PAGE_SIZE)
        except NotAllowed:  # the role changed since the page was opened
            self._refuse()
            return
        self.rows = [_row_dict(e) for e in entries]
        self._next_cursor = cursor or 0
        self.has_older = cursor is not None

    @rx.event
    async def load(self):
        """Open the page: the newest entries, no filters (administrators only)."""
        self._clear_messages()
        self._group = self._actor_name = self._target = self._office = ""
        self._date_from = self._date_to = ""
        self._before_id, self.page_number = 0, 1
        user = await self._admin()
        if user is None:
            return await self._sign_in_first()
        await self._refresh(user)
        return None

    @rx.event
    async def search(self, form: dict):
        """Apply the filters of the form and show the newest matching entries."""
        self._clear_messages()
        user = await self._admin()
        if user is None:
            return await self._sign_in_first()
        previous = (self._group, self._actor_name, self._target, self._office,
                    self._date_from, self._date_to, self._before_id, self.page_number)
        self._group = form_text(form, "group", 20)
        self._actor_name = form_text(form, "actor_name", 32).strip()
        self._target = form_text(form, "target", 60).strip()
        self._office = form_text(form, "office", 20).strip()
        self._date_from = form_text(form, "date_from", 20).strip()
        self._date_to = form_text(form, "date_to", 20).strip()
        self._before_id, self.page_number = 0, 1
        try:
            await self._refresh(user)
        except ValidationFailed as failure:
            self._show_failure(failure)
            (self._group, self._actor_name, self._target, self._office,
             self._date_from, self._date_to, self._before_id, self.page_number) = previous
            return self._focus_summary()
        return None

    @rx.event
    async def next_page(self):
        """Show the entries older than the last one on this page."""
        self._clear_messages()
        user = await self._admin()
        if user is None:
            return await self._sign_in_first()
        if self._next_cursor:
            self._before_id = self._next_cursor
            self.page_number += 1
        await self._refresh(user)
        return None

    @rx.event
    async def first_page(self):
        """Go back to the newest entries (the filters stay)."""
        self._clear_messages()
        user = await self._admin()
        if user is None:
            return await self._sign_in_first()
        self._before_id, self.page_number = 0, 1
        await self._refresh(user)
        return None


def _row_dict(entry: audit_search.AuditView) -> dict[str, str]:
    return {
        "id": str(entry.id),
        "at": entry.at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S"),
        "actor": "" if entry.actor == "-" else entry.actor,
        "role": entry.role,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_name": entry.target_name,
        "office": entry.office,
        "ip": entry.ip,
        "detail": audit_search.describe_detail(entry.detail),
    }
