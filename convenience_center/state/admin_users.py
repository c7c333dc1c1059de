"""Administration of accounts (role ``admin``). Every handler checks the caller itself; the
services check again and log refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from convenience_center.domain.errors import NotAllowed, ValidationFailed
from convenience_center.services import admin_user_lists, admin_users, audit_search
from convenience_center.services.common import CurrentUser, local_time_text
from convenience_center.state.base import AppState, Reply
from convenience_center.state.forms import FormState, form_text
from convenience_center.state.pools import call_service


class AdminUsersState(FormState, AppState):
    """Search accounts, handle misuse reports, suspend, reinstate, rename, send resets."""

    allowed: rx.Field[bool] = rx.field(False)
    query: rx.Field[str] = rx.field("")
    status: rx.Field[str] = rx.field("")
    page: rx.Field[int] = rx.field(0)
    total: rx.Field[int] = rx.field(0)
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    reports: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    recent: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    selected_id: rx.Field[int] = rx.field(0)
    selected: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    async def _admin(self) -> CurrentUser | None:
        """The signed-in administrator, or ``None`` (refusal already logged by the service)."""
        user = await self._identify()
        if user is None:
            return None
        if not user.is_admin:
            await call_service(admin_users.require_admin_or_log, actor=user,
                               ip=self._client_ip(), action="admin_page")
            self.allowed = False
            self.notice_code = "common.permission_denied"
            return None
        self.allowed = True
        return user

    async def _refresh(self, user: CurrentUser) -> None:
        rows, total = await call_service(admin_user_lists.search_users, actor=user,
                                         ip=self._client_ip(), query=self.query,
                                         status=self.status, page=self.page)
        self.total = total
        self.rows = [_row_dict(r) for r in rows]
        reports = await call_service(admin_user_lists.list_reports, actor=user,
                                     ip=self._client_ip())
        self.reports = [
            {"id": str(r.id), "user_id": str(r.user_id), "username": r.username,
             "description": r.description, "created_at": r.created_at}
            for r in reports
        ]
        entries = await call_service(audit_search.list_entries, action_prefix="admin.", limit=15)
        self.recent = [
            {"at": local_time_text(e.at), "actor": e.actor, "action": e.action,
             "target": e.target}
            for e in entries
        ]
        if self.selected_id:
            match = [r for r in self.rows if r["id"] == str(self.selected_id)]
            if match:
                self.selected = match[0]
            else:
                selected = await call_service(admin_user_lists.user_row, actor=user,
                                              ip=self._client_ip(), user_id=self.selected_id)
                self.selected = _row_dict(selected) if selected else {}

    @rx.event
    async def load(self):
        """Open the page (administrators only)."""
        self._clear_messages()
        self.selected_id, self.selected = 0, {}
        user = await self._admin()
        if user is None:
            return await self._sign_in_first()
        await self._refresh(user)
        return None

    @rx.event
    async def search(self, form: dict):
        """Search by user name, e-mail, name or the last digits of an ID number."""
        self._clear_messages()
        user = await self._admin()
        if user is None:
            return await self._sign_in_first()
        self.query = form_text(form, "query", 100).strip()
        status = form_text(form, "status", 20)
        self.status = status if status in {"active", "suspended"} else ""
        self.page = 0
        await self._refresh(user)
        return None

    @rx.event
    async def go_to_page(self, page: int):
        """Show another page of results."""
        user = await self._admin()
        if user is None:
            return await self._sign_in_first()
        if isinstance(page, int) and 0 <= page <= self.total // admin_user_lists.PAGE_SIZE:
            self.page = page
        await self._refresh(user)
        return None

    @rx.event
    async def select(self, user_id: str):
        """Choose the account to act on."""
        self._clear_messages()
        user = await self._admin()
        if user is None:
            return await self._sign_in_first()
        self.selected_id = int(user_id) if str(user_id).isdigit() else 0
        await self._refresh(user)
        return None

    async def _act(self, use_case: Callable[..., object], done_code: str, **kwargs: Any
                   ) -> Reply:
        self._clear_messages()
        user = await self._admin()
        if user is None:
            return await self._sign_in_first()
        if not self.selected_id:
            self.error_codes = {"user": "admin.no_such_user"}
            return self._focus_summary()
        try:
            await call_service(use_case, actor=user, ip=self._client_ip(),
                               user_id=self.selected_id, **kwargs)
        except ValidationFailed as failure:
            self._show_failure(failure)
            return self._focus_summary()
        except NotAllowed:
            self.notice_code = "common.permission_denied"
            return None
        self.notice_code = done_code
        self._clear_form()
        await self._refresh(user)
        return None

    @rx.event
    async def suspend(self, form: dict):
        """Suspend the selected account (a reason is required)."""
        return await self._act(admin_users.suspend_user, "admin.done_suspend",
                               reason=form_text(form, "reason", 500))

    @rx.event
    async def reinstate(self, form: dict):
        """Reinstate the selected account and close its reports."""
        return await self._act(admin_users.reinstate_user, "admin.done_reinstate",
                               note=form_text(form, "note", 1000))

    @rx.event
    async def close_reports(self, form: dict):
        """Close the open misuse reports of the selected account, saying how they were handled."""
        return await self._act(admin_users.close_reports, "admin.done_close_reports",
                               resolution=form_text(form, "resolution", 1000))

    @rx.event
    async def rename(self, form: dict):
        """Give the selected account a new user name."""
        return await self._act(admin_users.rename_user, "admin.done_rename",
                               new_username=form_text(form, "username", 100))

    @rx.event
    async def send_reset(self):
        """E-mail the selected account a password reset link."""
        return await self._act(admin_users.send_reset, "admin.done_reset")

    @rx.event
    async def grant_publishing(self):
        """Let the selected officer publish government information for their office."""
        return await self._act(admin_users.set_publishing, "admin.done_publishing",
                               allowed=True)

    @rx.event
    async def revoke_publishing(self):
        """Take the publishing right from the selected officer."""
        return await self._act(admin_users.set_publishing, "admin.done_publishing",
                               allowed=False)


def _row_dict(row: admin_user_lists.UserRow) -> dict[str, str]:
    return {"id": str(row.id), "username": row.username, "real_name": row.real_name,
            "email": row.email, "id_masked": row.id_masked, "role": row.role,
            "status": row.status, "open_reports": str(row.open_reports),
            "staff": "yes" if row.role in admin_users.STAFF_ROLES else "",
            "can_publish": "yes" if row.can_publish else ""}
