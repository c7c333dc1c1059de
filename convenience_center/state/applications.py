"""Starting an application, "My applications", and one case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex_base.registry import RegistrationContext

from convenience_center import paths
from convenience_center.domain.errors import Conflict, NotFound, Refused, ValidationFailed
from convenience_center.domain.participation import SUB_SCORES
from convenience_center.i18n import in_both
from convenience_center.services import (
    applications,
    attachments,
    case_views,
    citizen_actions,
    drafts,
    offices,
    ratings,
)
from convenience_center.state.application_rows import draft_view, my_applications_view
from convenience_center.state.base import AppState, Reply
from convenience_center.state.case_view import citizen_case_view
from convenience_center.state.forms import form_text
from convenience_center.state.live import CaseActivity, announce, case_token, on_case_change
from convenience_center.state.pools import call_service


async def show_changed_case(case_no: str, tabs: dict[str, int]) -> None:
    """Show a changed case in its applicant's open case pages (live.on_case_change): read
    once for the applicant, written into each tab's state — a tab that has moved on, or
    whose states are now someone else's, is left alone."""
    app = RegistrationContext.get().app
    view: dict[str, Any] | None = None
    for token, user_id in tabs.items():
        async with app.modify_state(rx.BaseStateToken(ident=token, cls=CaseState)) as root:
            page = await root.get_state(CaseState)
            owner = (await root.get_state(AppState))._owner
            if owner != user_id or page._case_no() != case_no:
                continue
            if view is None:
                try:
                    view = citizen_case_view(await call_service(
                        case_views.case_page, user_id=user_id, case_no=case_no))
                except NotFound:
                    return
            page.case, page.just_submitted = view, False


on_case_change(show_changed_case)


class ApplyStartState(AppState):
    """The start page of one matter: start a new application or continue a draft."""

    drafts: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    citizen: rx.Field[bool] = rx.field(True)

    def _matter(self) -> tuple[str, str]:
        parts = self.router.url.path.strip("/").split("/")
        return (parts[1], parts[2]) if len(parts) >= 3 else ("", "")

    @rx.event
    async def load(self):
        """List the drafts of this matter the user has already started."""
        self.drafts = []
        user = await self._identify()
        if user is None:
            return self._login_redirect()
        self.citizen = user.role == "citizen"
        service, matter = self._matter()
        self.drafts = [draft_view(d) for d in await call_service(
            case_views.drafts_for, user_id=user.id, service_code=service, matter_code=matter)]
        return None

    @rx.event
    async def start(self):
        """"Start now": continue the draft of this matter already started, if any (a double
        click or a second tab makes no second draft), else open a new one."""
        return await self._open(drafts.start_or_continue)

    @rx.event
    async def start_another(self):
        """Open a new draft although one exists (asked for explicitly)."""
        return await self._open(drafts.start_draft)

    async def _open(self, use_case: Callable[..., str]) -> Reply:
        user = await self._identify()
        if user is None:
            return self._login_redirect()
        service, matter = self._matter()
        try:
            public_id = await call_service(use_case, user_id=user.id,
                                           service_code=service, matter_code=matter)
        except NotFound:
            self.citizen = False
            return None
        return rx.redirect(paths.draft_step(public_id, "start"))


class MyApplicationsState(AppState):
    """Drafts to continue or delete (after a second, explicit "yes"); cases to follow."""

    drafts: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    cases: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    notice: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    confirm_delete: rx.Field[str] = rx.field("")  # the draft whose deletion waits for "yes"
    loaded: rx.Field[bool] = rx.field(False)

    async def _refresh(self, user_id: int) -> None:
        view = my_applications_view(*await call_service(applications.my_applications,
                                                        user_id=user_id))
        self.drafts, self.cases = view["drafts"], view["cases"]
        self.loaded = True

    @rx.event
    async def load(self):
        """The signed-in user's applications."""
        self.notice, self.confirm_delete = {}, ""
        user = await self._identify()
        if user is None:
            return self._login_redirect()
        await self._refresh(user.id)
        return None

    @rx.event
    async def ask_delete(self, public_id: str):
        """Ask whether the draft should really be deleted."""
        user = await self._identify()
        if user is None:
            return self._login_redirect()
        self.notice = {}
        if isinstance(public_id, str) and any(d["id"] == public_id for d in self.drafts):
            self.confirm_delete = public_id
            return rx.set_focus(f"delete-{public_id}")
        return None

    @rx.event
    def cancel_delete(self):
        """Keep the draft."""
        self.confirm_delete = ""

    @rx.event
    async def delete_draft(self, public_id: str):
        """Delete one of the user's drafts, once its deletion has been confirmed."""
        user = await self._identify()
        if user is None:
            return self._login_redirect()
        if isinstance(public_id, str) and public_id and public_id == self.confirm_delete:
            try:
                await call_service(attachments.delete_draft, user_id=user.id,
                                   public_id=public_id[:32])
                self.notice = in_both("my.deleted")
            except NotFound:
                pass
        self.confirm_delete = ""
        await self._refresh(user.id)
        return None


class CaseState(AppState):
    """One of the user's cases (``/my/applications/<case_no>``), updated live."""

    case: rx.Field[dict[str, Any]] = rx.field(default_factory=dict)
    found: rx.Field[bool] = rx.field(True)
    just_submitted: rx.Field[bool] = rx.field(False)
    notice: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    problem: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # field -> message in both languages
    rating_errors: rx.Field[dict[str, dict[str, str]]] = rx.field(default_factory=dict)
    confirming_withdraw: rx.Field[bool] = rx.field(False)  # the withdrawal waits for "yes"
    withdraw_reason: rx.Field[str] = rx.field("")  # the reason given, shown again while confirming

    def _case_no(self) -> str:
        parts = self.router.url.path.strip("/").split("/")
        return parts[2][:24] if len(parts) >= 3 else ""

    async def _refresh(self, user_id: int) -> None:
        try:
            self.case = citizen_case_view(await call_service(
                case_views.case_page, user_id=user_id, case_no=self._case_no()))
            self.found = True
        except NotFound:
            self.case, self.found = {}, False

    @rx.event
    async def load(self):
        """Load the case, if it is the user's."""
        self.notice, self.problem, self.case = {}, {}, {}
        self.confirming_withdraw, self.withdraw_reason = False, ""
        yield  # take the previous case off the page at once
        user = await self._identify()
        if user is None:
            yield self._login_redirect()
            return
        self.just_submitted = self.router.url.query_parameters.get("submitted") == "1"
        await self._refresh(user.id)
        if self.found:  # follow the case: its changes are shown here as they happen
            activity = await self.get_state(CaseActivity)
            activity = await activity._link_to(case_token(self._case_no()))
            activity._tabs = {**activity._tabs, self._client_token(): user.id}

    @rx.event
    async def rate(self, form: dict):
        """Rate the service of the completed case (once)."""
        user = await self._identify()
        if user is None:
            return self._login_redirect()
        self.notice, self.problem, self.rating_errors = {}, {}, {}

        def number(name: str) -> int:
            value = form.get(name, "")
            return int(value) if isinstance(value, str) and value.isdigit() else 0

        try:
            await call_service(ratings.rate, user_id=user.id, case_no=self._case_no(),
                               level=number("level"),
                               scores={k: number(k) for k in SUB_SCORES},
                               comment=form_text(form, "comment", 2000),
                               ip=self._client_ip())
        except ValidationFailed as failure:
            codes = failure.as_dict()
            self.rating_errors = {field: in_both(code) for field, code in codes.items()}
            if "rating.not_possible" in codes.values():
                self.problem = in_both("rating.not_possible")
            return rx.set_focus("rating-errors")
        except NotFound:
            self.found = False
            return None
        self.notice = in_both("rating.thanks")
        await self._refresh(user.id)
        return None

    @rx.event
    async def ask_withdraw(self, form: dict):
        """First step of a withdrawal: keep the reason and ask for an explicit "yes"."""
        user = await self._identify()
        if user is None:
            return self._login_redirect()
        self.notice, self.problem = {}, {}
        if not self.case.get("withdrawable") or not isinstance(form, dict):
            return None
        self.withdraw_reason = form_text(form, "reason", 500).strip()
        self.confirming_withdraw = True
        return rx.set_focus("withdraw-confirm")

    @rx.event
    def cancel_withdraw(self):
        """Keep the application going (the reason stays in its box)."""
        self.confirming_withdraw = False

    @rx.event
    async def withdraw(self):
        """Withdraw the case before a decision, once the withdrawal has been confirmed."""
        user = await self._identify()
        if user is None:
            return self._login_redirect()
        self.notice, self.problem = {}, {}
        if not self.confirming_withdraw:
            return None
        reason, self.confirming_withdraw, self.withdraw_reason = \
            self.withdraw_reason, False, ""
        try:
            case = await call_service(citizen_actions.withdraw, user_id=user.id,
                                      case_no=self._case_no(), reason=reason,
                                      ip=self._client_ip())
            self.notice = in_both("case.withdrawn")
            self.just_submitted = False
            await announce(case.case_no, await call_service(offices.office_chain_codes,
                                                            code=case.office_code))
        except NotFound:
            self.found = False
        except (Refused, Conflict) as refusal:
            self.problem = in_both(refusal.code)
        await self._refresh(user.id)
        return None
