"""``/staff/rectifications``: what the office must put right after a poor rating of a case,
closed only with a record of the call back to the citizen.

Every handler checks that the caller is an officer; the service checks the jurisdiction of the
task again and logs refusals.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import reflex as rx

from convenience_center.domain.contact import display_phone, phone_uri
from convenience_center.domain.errors import NotAllowed, ValidationFailed
from convenience_center.domain.participation import CALLBACK_OUTCOMES, SUB_SCORES, level_of
from convenience_center.domain.services import get_service
from convenience_center.services import ratings
from convenience_center.services.common import CurrentUser, china_today
from convenience_center.state.forms import FormState, form_text
from convenience_center.state.office_pages import OfficePage
from convenience_center.state.pools import call_service
from convenience_center.state.staff import StaffState

TABS = ("open", "closed")
MAX_NOTE = 2000


def _row(task: ratings.TaskView, today: date) -> dict[str, Any]:
    level = level_of(task.level)
    outcome = CALLBACK_OUTCOMES.get(task.outcome)
    service = get_service(task.service_code)
    return {
        "id": str(task.id), "case_no": task.case_no,
        "service_zh": service.name.zh if service else task.service_code,
        "service_en": service.name.en if service else task.service_code,
        "level": str(task.level),
        "level_zh": level.label.zh if level else str(task.level),
        "level_en": level.label.en if level else str(task.level),
        "scores": [{"zh": label.zh, "en": label.en, "value": str(task.scores.get(key, ""))}
                   for key, label in SUB_SCORES.items()],
        "comment": task.comment, "applicant": task.applicant,
        "phone": display_phone(task.phone), "tel": phone_uri(task.phone),
        "due": task.due, "overdue": task.status == "open" and date.fromisoformat(task.due) < today,
        "status": task.status, "measures": task.measures, "callback": task.callback,
        "closed_at": task.closed_at, "called_at": task.called_at,
        "outcome_zh": outcome.zh if outcome else "", "outcome_en": outcome.en if outcome else "",
    }


class StaffRectificationsState(OfficePage, FormState, StaffState):
    """The office's rectification tasks, open or closed; one being closed."""

    tab: rx.Field[str] = rx.field("open")
    rows: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    closing_id: rx.Field[str] = rx.field("")
    refused: rx.Field[bool] = rx.field(False)
    loaded: rx.Field[bool] = rx.field(False)

    async def _reload(self, user: CurrentUser) -> None:
        views = await call_service(ratings.tasks, user=user, status=self.tab)
        today = china_today()
        self.rows = [_row(v, today) for v in views]
        if self.closing_id and all(r["id"] != self.closing_id for r in self.rows):
            self.closing_id = ""
        self.loaded = True

    @rx.event
    async def load(self):
        """Open the page (officers only) and follow the office's changes live."""
        self._clear_messages()
        self.closing_id, self.refused, self.loaded = "", False, False
        user = await self._officer()
        if user is None:
            return self._login_redirect() if not self.signed_in else None
        await self._follow_office(user)
        await self._reload(user)
        return None

    @rx.event
    async def show_tab(self, tab: str):
        """Switch between open and closed tasks."""
        user = await self._officer()
        if user is None or tab not in TABS:
            return
        self.tab = tab
        self._clear_messages()
        await self._reload(user)

    @rx.event
    def start_closing(self, task_id: str):
        """Show the close form under one open task."""
        self._clear_messages()
        self.refused = False
        if isinstance(task_id, str) and task_id.isdigit() and len(task_id) <= 12:
            self.closing_id = task_id
            self._clear_form()
            return rx.set_focus("f-measures")
        return None

    @rx.event
    def cancel_closing(self):
        """Put the close form away."""
        self._clear_messages()
        self.closing_id = ""

    @rx.event
    async def close(self, form: dict):
        """Close the task being closed: what was done and the call back, both required."""
        self._clear_messages()
        self.refused = False
        user = await self._officer()
        if user is None or not self.closing_id:
            return None
        if not isinstance(form, dict):
            return None
        try:
            await call_service(ratings.close_task, user=user, task_id=int(self.closing_id),
                               measures=form_text(form, "measures", MAX_NOTE + 100),
                               called_at=form_text(form, "called_at", 40),
                               outcome=form_text(form, "outcome", 20),
                               callback_note=form_text(form, "callback", MAX_NOTE + 100),
                               ip=self._client_ip())
        except ValidationFailed as failure:
            self._show_failure(failure)
            return self._focus_summary()
        except NotAllowed:
            self.closing_id, self.refused = "", True
            await self._reload(user)
            return None
        case_no = next((r["case_no"] for r in self.rows if r["id"] == self.closing_id), "")
        self.closing_id = ""
        self.notice_code, self.notice_params = "sp.rect_closed", {"case_no": case_no}
        self._clear_form()
        await self._reload(user)
        return rx.set_focus("rect-notice")
