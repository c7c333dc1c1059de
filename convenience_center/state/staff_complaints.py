"""``/staff/complaints``: officers read the complaints and suggestions sent to their office
(and below), make an officer accountable for each, and that officer replies.

Every handler checks that the caller is an officer; the services check the jurisdiction (and
that nobody handles a complaint about themselves) again and log refusals.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import reflex as rx

from convenience_center.domain.errors import NotAllowed, ValidationFailed
from convenience_center.domain.participation import (
    COMPLAINT_KINDS,
    COMPLAINT_STATUS,
    MAX_TEXT,
    OPEN_COMPLAINT_STATUSES,
)
from convenience_center.services import complaint_handling as handling
from convenience_center.services import offices
from convenience_center.services.common import CurrentUser, china_today
from convenience_center.state.forms import FormState, form_text
from convenience_center.state.live import (
    announce_offices,
    announce_user,
)
from convenience_center.state.office_pages import OfficePage
from convenience_center.state.pools import call_service
from convenience_center.state.staff import StaffState


def _names(table: dict, key: str) -> tuple[str, str]:
    text = table.get(key)
    return (text.zh, text.en) if text else (key, key)


def _overdue(view: handling.ComplaintView) -> bool:
    if view.status not in OPEN_COMPLAINT_STATUSES or not view.due:
        return False
    return date.fromisoformat(view.due) < china_today()


def _row(view: handling.ComplaintView) -> dict[str, str]:
    kind_zh, kind_en = _names(COMPLAINT_KINDS, view.kind)
    status_zh, status_en = _names(COMPLAINT_STATUS, view.status)
    return {
        "id": str(view.id), "number": view.tracking_no, "kind": view.kind,
        "kind_zh": kind_zh, "kind_en": kind_en, "subject": view.subject, "body": view.body,
        "status": view.status, "status_zh": status_zh, "status_en": status_en,
        "office_zh": view.office_zh, "office_en": view.office_en,
        "about_person": view.about_person, "case_no": view.case_no, "handler": view.handler,
        "due": view.due, "overdue": "yes" if _overdue(view) else "", "reply": view.reply,
        "satisfaction": view.satisfaction, "reopened": str(view.reopened),
        "created": view.created,
    }


class StaffComplaintsState(OfficePage, FormState, StaffState):
    """The complaints of the office, filtered by status, one selected to work on."""

    status_filter: rx.Field[str] = rx.field("")
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    selected_id: rx.Field[int] = rx.field(0)
    selected: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    files: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    history: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    handler_options: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    handler_id: rx.Field[str] = rx.field("")
    is_handler: rx.Field[bool] = rx.field(False)
    refused: rx.Field[bool] = rx.field(False)
    loaded: rx.Field[bool] = rx.field(False)

    def _forget_selection(self) -> None:
        self.selected_id, self.selected, self.files, self.history = 0, {}, [], []
        self.handler_options, self.handler_id, self.is_handler = [], "", False

    async def _reload(self, user: CurrentUser) -> None:
        views = await call_service(handling.for_staff, user=user, status=self.status_filter)
        self.rows = [_row(v) for v in views]
        self.loaded = True
        if not self.selected_id:
            return
        ip = self._client_ip()
        try:
            view = await call_service(handling.view_for_staff, user=user,
                                      complaint_id=self.selected_id, ip=ip)
            options = await call_service(handling.handlers, user=user,
                                         complaint_id=self.selected_id, ip=ip)
        except NotAllowed:
            self._forget_selection()
            self.refused = True
            return
        handler = await call_service(handling.handler_of, complaint_id=self.selected_id)
        self.selected = _row(view)
        self.files = [{"id": public_id, "name": name} for public_id, name in view.files]
        self.history = [{"at": at, "zh": zh, "en": en, "note": note}
                        for at, zh, en, note in view.events]
        self.handler_options = [{"value": str(officer_id), "name": name}
                                for officer_id, name in options]
        self.handler_id = str(handler) if handler else ""
        self.is_handler = handler == user.id

    async def _tell_others(self, author_id: int | None) -> None:
        """Update the author's open /complaints page and the office chain's staff pages."""
        if author_id is not None:
            await announce_user(author_id)
        code = await call_service(handling.office_of, complaint_id=self.selected_id)
        if code:
            await announce_offices(await call_service(offices.office_chain_codes, code=code))

    @rx.event
    async def load(self):
        """Open the page (officers only) and follow the office's changes live."""
        self._clear_messages()
        self._forget_selection()
        self.refused, self.loaded = False, False
        user = await self._officer()
        if user is None:
            return self._login_redirect() if not self.signed_in else None
        await self._follow_office(user)
        await self._reload(user)
        return None

    @rx.event
    async def apply_filter(self, form: dict):
        """Show the complaints of one status (or all)."""
        user = await self._officer()
        if user is None:
            return
        status = form_text(form, "status", 20)
        self.status_filter = status if status in COMPLAINT_STATUS else ""
        await self._reload(user)

    @rx.event
    async def select(self, complaint_id: str):
        """Open one complaint in full."""
        self._clear_messages()
        self.refused = False
        user = await self._officer()
        if user is None or not str(complaint_id).isdigit() or len(str(complaint_id)) > 12:
            return None
        self._forget_selection()
        self.selected_id = int(complaint_id)
        self._clear_form()
        await self._reload(user)
        return rx.set_focus("selected-complaint") if self.selected_id else None

    @rx.event
    def close_selection(self):
        """Back to the list alone."""
        self._clear_messages()
        self._forget_selection()
        self.refused = False

    async def _run(self, use_case: Callable[..., Any],
                   **kwargs: Any) -> tuple[CurrentUser | None, Any]:
        """Run an action on the selected complaint: (the officer if it was done, its result)."""
        self._clear_messages()
        self.refused = False
        user = await self._officer()
        if user is None or not self.selected_id:
            return None, None
        try:
            result = await call_service(use_case, user=user, complaint_id=self.selected_id,
                                        ip=self._client_ip(), **kwargs)
        except ValidationFailed as failure:
            self._show_failure(failure)
            return None, None
        except NotAllowed:
            self._forget_selection()
            self.refused = True
            await self._reload(user)
            return None, None
        self._clear_form()
        await self._tell_others(result)
        await self._reload(user)
        return user, result

    @rx.event
    async def assign(self, form: dict):
        """Make the chosen officer accountable for the selected complaint."""
        raw = form_text(form, "handler", 12)
        user, _ = await self._run(handling.assign,
                                  handler_id=int(raw) if raw.isdigit() else 0)
        if user is None:
            return self._focus_summary() if self.error_codes else None
        self.notice_code = "sp.complaint_assigned"
        self.notice_params = {"name": self.selected.get("handler", "")}
        return rx.set_focus("selected-complaint")

    @rx.event
    async def reply(self, form: dict):
        """Reply to the citizen (the accountable handler only); they are told by e-mail."""
        user, _ = await self._run(handling.reply,
                                  text=form_text(form, "reply", MAX_TEXT + 100))
        if user is None:
            return self._focus_summary() if self.error_codes else None
        self.notice_code = "sp.complaint_replied"
        return rx.set_focus("selected-complaint")
