"""The application wizard: one page per step at ``/applications/<draft>/<step>``.

Each step has its own address, so the browser's back button works. Answers are saved to the
database when a step passes its checks; the browser only ever holds the current page.

:class:`WizardState` is made of a mixin per page over the frame they share
(:mod:`~convenience_center.state.wizard_frame`): questions (``wizard_questions``), the office
(``wizard_office``), the documents (``wizard_documents``) and the check page (here). Typing not
saved yet is kept in the tab's server-side state, not in the draft: see
:class:`~convenience_center.state.wizard_typing.KeepsUnsavedTyping`.
"""

from __future__ import annotations

import reflex as rx

from convenience_center import paths
from convenience_center.domain.errors import Conflict, NotFound
from convenience_center.domain.wizard import CHECK_STEP
from convenience_center.i18n import in_both
from convenience_center.services import applications, offices, submission_checks
from convenience_center.state.base import AppState
from convenience_center.state.live import announce
from convenience_center.state.pools import call_service
from convenience_center.state.wizard_documents import DocumentsStep
from convenience_center.state.wizard_frame import WizardFrame
from convenience_center.state.wizard_office import OfficeStep
from convenience_center.state.wizard_questions import QuestionsStep
from convenience_center.state.wizard_view import (
    CheckView,
    DocumentsView,
    OfficeStepView,
    PageContentView,
    QuestionsView,
)


class CheckStep(WizardFrame, mixin=True):
    """The vars and events of the check page (:class:`CheckView`)."""

    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    office_zh: rx.Field[str] = rx.field("")
    office_en: rx.Field[str] = rx.field("")
    documents: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # documents still to upload: zh, en
    missing: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    def _show_check(self, view: CheckView | None) -> None:
        """Show the check page (``None``: another page; its lists are emptied)."""
        if view is None:
            self._show(CheckView(), only=("rows", "missing"))
        else:
            self._show(view)

    @rx.event
    async def submit(self):
        """Submit: every step is checked again; exactly one case is made."""
        user = await self._signed_in()
        if user is None:
            return self._login_redirect()
        try:
            case = await call_service(applications.submit, user_id=user.id,
                                      public_id=self.draft, ip=self._client_ip())
        except submission_checks.SubmissionIncomplete as incomplete:
            self._show_problems(incomplete.errors)
            self.notice = in_both("apply.incomplete")
            if incomplete.step in (CHECK_STEP,):
                return rx.set_focus("error-summary")
            self._kept_for = f"{self.draft}/{incomplete.step}"
            return rx.redirect(self._href(incomplete.step, back_to_check=True))
        except NotFound:
            self.found = False
            return None
        except Conflict:
            self.notice = in_both("workflow.changed")
            return None
        await announce(case.case_no, await call_service(offices.office_chain_codes,
                                                        code=case.office_code))
        if self.amending:
            return rx.redirect(paths.my_case(case.case_no))
        return rx.redirect(paths.my_case(case.case_no) + "?submitted=1")


class WizardState(QuestionsStep, OfficeStep, DocumentsStep, CheckStep, AppState):
    """The current step of the current draft, as plain view data."""

    def _show_content(self, content: PageContentView, viewer: int) -> None:
        self._show_questions(content if isinstance(content, QuestionsView) else None, viewer)
        self._show_office(content if isinstance(content, OfficeStepView) else None)
        self._show_documents(content if isinstance(content, DocumentsView) else None)
        self._show_check(content if isinstance(content, CheckView) else None)
