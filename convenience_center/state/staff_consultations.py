"""``/staff/consultations``: officers answer the policy questions sent to their office (and
the offices below it) and publish anonymised answers to the public FAQ.

Every handler checks that the caller is an officer; the services check the jurisdiction of
the question again and log refusals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.event import EventSpec

from convenience_center.domain.errors import NotAllowed, ValidationFailed
from convenience_center.domain.participation import INQUIRY_STATUS, MAX_TEXT
from convenience_center.services import inquiries, offices
from convenience_center.services.common import CurrentUser
from convenience_center.state.forms import FormState, form_text
from convenience_center.state.live import (
    announce_offices,
    announce_user,
)
from convenience_center.state.office_pages import OfficePage
from convenience_center.state.personal_data import PersonalDataMarks
from convenience_center.state.pools import call_service
from convenience_center.state.staff import StaffState

TABS = ("open", "answered")
EXCERPT = 160


def _row(view: inquiries.InquiryView) -> dict[str, str]:
    status = INQUIRY_STATUS.get(view.status)
    excerpt = view.question if len(view.question) <= EXCERPT else view.question[:EXCERPT] + "…"
    return {
        "id": str(view.id), "number": view.tracking_no, "subject": view.subject,
        "question": view.question, "excerpt": excerpt, "asked": view.asked,
        "status": view.status, "status_zh": status.zh if status else view.status,
        "status_en": status.en if status else view.status, "answer": view.answer,
        "answered": view.answered, "office_zh": view.office_zh, "office_en": view.office_en,
        "faq": "yes" if view.faq_published else "",
        # The FAQ form starts from what was published, else from the exchange itself.
        "faq_question": view.faq_question or view.question,
        "faq_answer": view.faq_answer or view.answer,
    }


class StaffConsultationsState(OfficePage, PersonalDataMarks, FormState, StaffState):
    """The questions of the office: waiting or answered, one selected to work on. A question
    holding personal data is not published: the places are marked below its fields."""

    tab: rx.Field[str] = rx.field("open")
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    selected_id: rx.Field[int] = rx.field(0)
    selected: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    refused: rx.Field[bool] = rx.field(False)
    loaded: rx.Field[bool] = rx.field(False)

    async def _reload(self, user: CurrentUser) -> None:
        views = await call_service(inquiries.for_staff, user=user, status=self.tab)
        self.rows = [_row(v) for v in views]
        if self.selected_id:
            try:
                view = await call_service(inquiries.view_for_staff, user=user,
                                          inquiry_id=self.selected_id, ip=self._client_ip())
                self.selected = _row(view)
            except NotAllowed:
                self.selected_id, self.selected, self.refused = 0, {}, True
        self.loaded = True

    async def _tell_others(self, asker_id: int | None) -> None:
        """Update the asker's open /consult page and the office chain's staff pages."""
        if asker_id is not None:
            await announce_user(asker_id)
        code = await call_service(inquiries.office_of, inquiry_id=self.selected_id)
        if code:
            await announce_offices(await call_service(offices.office_chain_codes, code=code))

    @rx.event
    async def load(self):
        """Open the page (officers only) and follow the office's changes live."""
        self._clear_messages()
        self.selected_id, self.selected, self.refused, self.loaded = 0, {}, False, False
        user = await self._officer()
        if user is None:
            return self._login_redirect() if not self.signed_in else None
        requested = self.router.url.query_parameters.get("tab", "")
        self.tab = requested if requested in TABS else "open"
        await self._follow_office(user)
        await self._reload(user)
        return None

    @rx.event
    async def show_tab(self, tab: str):
        """Switch between waiting and answered questions."""
        user = await self._officer()
        if user is None or tab not in TABS:
            return
        self.tab = tab
        await self._reload(user)

    @rx.event
    async def select(self, inquiry_id: str):
        """Open one question to answer it or to publish it to the FAQ."""
        self._clear_messages()
        self.refused = False
        user = await self._officer()
        if user is None or not str(inquiry_id).isdigit() or len(str(inquiry_id)) > 12:
            return None
        self.selected_id = int(inquiry_id)
        self._clear_form()
        await self._reload(user)
        return rx.set_focus("selected-question") if self.selected_id else None

    @rx.event
    def close_selection(self):
        """Back to the list alone."""
        self._clear_messages()
        self.selected_id, self.selected, self.refused = 0, {}, False

    async def _run(self, use_case: Callable[..., Any],
                   **kwargs: Any) -> tuple[CurrentUser | None, Any]:
        """Run an action on the selected question: (the officer if it was done, its result)."""
        self._clear_messages()
        self.refused = False
        user = await self._officer()
        if user is None or not self.selected_id:
            return None, None
        try:
            result = await call_service(use_case, user=user, inquiry_id=self.selected_id,
                                        ip=self._client_ip(), **kwargs)
        except ValidationFailed as failure:
            self._show_failure(failure)
            return None, None
        except NotAllowed:
            self.selected_id, self.selected, self.refused = 0, {}, True
            await self._reload(user)
            return None, None
        self._clear_form()
        return user, result

    def _not_done(self) -> EventSpec | None:
        return self._focus_summary() if self.error_codes else None

    async def _done(self, user: CurrentUser, notice: str,
                    asker_id: int | None = None) -> EventSpec:
        self.notice_code = notice
        await self._tell_others(asker_id)
        await self._reload(user)
        return rx.set_focus("selected-question")

    @rx.event
    async def answer(self, form: dict):
        """Answer the selected question; the asker is told by e-mail and on their page."""
        user, asker_id = await self._run(inquiries.answer,
                                         text=form_text(form, "answer", MAX_TEXT + 100))
        if user is None:
            return self._not_done()
        self.tab = "answered"
        return await self._done(user, "sp.consult_answered", asker_id)

    @rx.event
    async def publish_faq(self, form: dict):
        """Publish the selected question, as edited here, to the public FAQ."""
        user, _ = await self._run(inquiries.publish_faq,
                                  question=form_text(form, "faq_question", MAX_TEXT + 100),
                                  text=form_text(form, "faq_answer", MAX_TEXT + 100))
        if user is None:
            return self._not_done()
        return await self._done(user, "sp.consult_published")

    @rx.event
    async def withdraw_faq(self):
        """Take the selected question off the public FAQ."""
        user, _ = await self._run(inquiries.withdraw_faq)
        if user is None:
            return self._not_done()
        return await self._done(user, "sp.consult_withdrawn")
