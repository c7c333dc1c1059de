"""The application wizard: one page per step at ``/applications/<draft>/<step>``.

Each step has its own address, so the browser's back button works. Answers are saved to the
database when a step passes its checks; the browser only ever holds the current page.

Typing not saved yet is kept in the tab's server-side state, not in the draft: see
:class:`~convenience_center.state.wizard_typing.KeepsUnsavedTyping`.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Any
from urllib.parse import quote

import reflex as rx
from reflex_base.utils.form import FormData

from convenience_center import paths
from convenience_center.domain.errors import Conflict, NotFound, Refused
from convenience_center.domain.services.base import Text
from convenience_center.domain.wizard import CHECK_STEP
from convenience_center.i18n import in_both, translate
from convenience_center.services import (
    applications,
    attachments,
    offices,
    wizard_pages,
)
from convenience_center.services.wizard_pages import GoTo, StepRefused, StepSaved, WizardPage
from convenience_center.state.base import AppState, Reply, call_service, navigate
from convenience_center.state.live import announce
from convenience_center.state.wizard_typing import KeepsUnsavedTyping
from convenience_center.state.wizard_view import (
    PageView,
    QuestionsView,
    flow_note,
    office_options,
    present,
)

T = Text
_UNSET = object()
# Emptied when any page is shown, as each page sets what it shows.
_EMPTIED: dict[str, type] = {
    "fields": list, "materials": list, "rows": list, "counties": list, "townships": list,
    "intro_zh": str, "intro_en": str, "form_zh": str, "form_en": str, "missing": list}


def _refused(name: str, refusal: Refused) -> dict[str, str]:
    """Why a file was refused, naming it, in both languages."""
    reason = in_both(refusal.code, **refusal.params)
    return {lang: translate("apply.documents_refused", lang, name=name, reason=reason[lang])
            for lang in ("zh", "en")}


def submitted_values(form: Any) -> dict[str, list[str]]:
    """A submitted form as name → values, whatever the browser sent (cut to sane sizes);
    the service takes from it the fields of the step, each as its kind needs."""
    if isinstance(form, FormData):
        items = form.multi_items()
    elif isinstance(form, dict):
        items = [(k, v) for k, values in form.items()
                 for v in (values if isinstance(values, list) else [values])]
    else:
        return {}
    values: dict[str, list[str]] = {}
    for name, value in items[:400]:
        if isinstance(name, str) and isinstance(value, str) and len(values.get(name, [])) < 50:
            values.setdefault(name[:100], []).append(value[:4000])
    return values


class WizardState(KeepsUnsavedTyping, AppState):
    """The current step of the current draft, as plain view data."""

    found: rx.Field[bool] = rx.field(True)
    loaded: rx.Field[bool] = rx.field(False)
    amending: rx.Field[bool] = rx.field(False)
    draft: rx.Field[str] = rx.field("")
    step: rx.Field[str] = rx.field("")
    service_zh: rx.Field[str] = rx.field("")
    service_en: rx.Field[str] = rx.field("")
    matter_zh: rx.Field[str] = rx.field("")
    matter_en: rx.Field[str] = rx.field("")
    title_zh: rx.Field[str] = rx.field("")
    title_en: rx.Field[str] = rx.field("")
    intro_zh: rx.Field[str] = rx.field("")
    intro_en: rx.Field[str] = rx.field("")
    position: rx.Field[int] = rx.field(0)
    total: rx.Field[int] = rx.field(0)
    back_href: rx.Field[str] = rx.field("")
    returning: rx.Field[bool] = rx.field(False)
    generation: rx.Field[int] = rx.field(0)
    fields: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    # error summary: field, zh, en
    problems: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # office and documents pages: field → zh, en
    errors_at: rx.Field[dict[str, dict[str, str]]] = rx.field(default_factory=dict)
    notice: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # an answer added or removed steps: zh, en
    flow_note: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # the step offers the blank application form (its address)
    form_zh: rx.Field[str] = rx.field("")
    form_en: rx.Field[str] = rx.field("")
    _kept_for: str = ""  # a step sent to by an incomplete submit: its problems stay shown
    # the office step
    counties: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    townships: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # the office chosen in the first list (a county for township matters)
    county: rx.Field[str] = rx.field("")
    office_level: rx.Field[str] = rx.field("county")
    township: rx.Field[str] = rx.field("")
    needs_township: rx.Field[bool] = rx.field(False)
    # the documents step
    materials: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    upload_material: rx.Field[str] = rx.field("")
    # the check page
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    office_zh: rx.Field[str] = rx.field("")
    office_en: rx.Field[str] = rx.field("")
    documents: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # documents still to upload: zh, en
    missing: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    _conditions: list[dict[str, Any]] = []
    _live: dict[str, Any] = {}

    # -- helpers --

    def _address(self) -> tuple[str, str, bool]:
        """The draft, the step and whether the page returns to the check page, from the
        address (read once per event: every read of ``self.router`` builds it anew)."""
        url = self.router.url
        parts = url.path.strip("/").split("/")
        draft, step = (parts[1], parts[2]) if len(parts) >= 3 else ("", "")
        return draft, step, url.query_parameters.get("return") == "check"

    def _route(self) -> tuple[str, str]:
        draft, step, _returning = self._address()
        return draft, step

    def _at_address(self) -> None:
        """Point the state at the page of the address the event came from."""
        draft, step, returning = self._address()
        self._set("draft", draft)
        self._set("step", step)
        self._set("returning", returning)

    def _href(self, step: str, *, back_to_check: bool = False) -> str:
        return paths.draft_step(quote(self.draft), quote(step), back_to_check=back_to_check)

    def _set(self, name: str, value: Any) -> None:
        """Assign a var of this state only when it changes (an assignment puts it in the next
        delta). Compared with the stored value, not through the var's change-tracking proxy."""
        if self.__dict__.get(name, _UNSET) != value:
            setattr(self, name, value)

    def _show_problems(self, errors: dict[str, Text]) -> None:
        self.problems = [{"field": name, "zh": text.zh, "en": text.en}
                         for name, text in errors.items()]

    def _problem_at(self, field: str, message: dict[str, str]) -> None:
        """One problem of the office or documents page: in the summary and at its field."""
        self.problems = [{"field": field, **message}]
        self.errors_at = {field: message}

    # -- loading a page --

    @rx.event
    async def load(self):
        """Load the step named in the address, for the signed-in owner of the draft."""
        self._begin()
        draft, step, returning = self._address()
        self._set("draft", draft)
        self._set("step", step)
        self._set("returning", returning)
        if self._kept_for != f"{self.draft}/{self.step}":
            self._set("problems", [])
            self._set("notice", {})
        self._kept_for = ""
        self._set("errors_at", {})
        self._set("flow_note", {})
        return await self._reload()

    async def _reload(self) -> Reply:
        try:
            user, view = await self._as_user(wizard_pages.page_data, public_id=self.draft,
                                             step=self.step)
        except NotFound:
            self._set("found", False)
            self._set("loaded", True)
            return None
        if user is None or view is None:
            return self._login_redirect()
        return self._render(view, user.id)

    def _render(self, page: WizardPage | GoTo, viewer: int) -> Reply:
        self._set("found", True)
        if isinstance(page, GoTo):
            return navigate(self._href(page.step), replace=True)
        view = present(page)
        self._show(view)
        questions = view.content if isinstance(view.content, QuestionsView) else QuestionsView()
        self._conditions = questions._conditions
        self._live = questions._live
        self._shown_to(viewer, questions.fields)
        self.generation += 1
        self._set("loaded", True)
        return None

    def _show(self, view: PageView) -> None:
        """Set the vars of the page's heading and content (the lists of other pages' content
        emptied)."""
        for name, empty in _EMPTIED.items():
            self._set(name, empty())
        for part in (view.heading, view.content):
            for name in (f.name for f in dataclass_fields(part)):
                if not name.startswith("_"):
                    self._set(name, getattr(part, name))

    def _go_to(self, outcome: StepSaved, viewer: int) -> Reply:
        """Show the page a save leads to, then move the address there."""
        target = outcome.step
        self._set("step", target)
        self._set("returning", False)
        self._set("problems", [])
        self._set("errors_at", {})
        self._set("notice", {})
        self._set("flow_note", flow_note(outcome.change))
        redirect = self._render(outcome.page, viewer)
        if redirect is not None:
            return redirect
        return self._move_to_shown(self._href(target))

    # -- answering --

    @rx.event
    def choose(self, name: str, value: str):
        """A choice changed on the page: show or hide the questions that depend on it."""
        if not isinstance(name, str) or not isinstance(value, str):
            return
        self._live = {**self._live, name: value[:100]}
        self._keep(name, value[:100])
        self._refresh_visibility()

    @rx.event
    def toggle(self, name: str, value: str):
        """A checkbox was ticked or unticked."""
        if not isinstance(name, str) or not isinstance(value, str):
            return
        current = list(self._live.get(name) or [])
        current = [v for v in current if v != value] if value in current else [*current, value]
        self._live = {**self._live, name: current[:50]}
        self._keep(name, current[:50])
        self._refresh_visibility()

    def _refresh_visibility(self) -> None:
        visible: dict[str, bool] = {}
        for condition in self._conditions:
            live = self._live.get(condition["depends_on"])
            values = live if isinstance(live, list) else [live]
            visible[condition["field"]] = any(v in condition["values"] for v in values)
        fields = [{**f, "visible": visible.get(f["name"], f["visible"])} for f in self.fields]
        self._set("fields", fields)

    @rx.event
    async def save(self, form: FormData):
        """Check and store the answers of this step, then show the next one."""
        self._at_address()
        try:
            user, outcome = await self._as_user(
                wizard_pages.save_and_continue, public_id=self.draft, step=self.step,
                submitted=submitted_values(form), returning=self.returning)
        except NotFound:
            self._set("found", False)
            return None
        if user is None or outcome is None:
            return self._login_redirect()
        if isinstance(outcome, StepRefused):
            errors = outcome.errors
            self._show_problems(errors)
            self.fields = [{**f, "error_zh": errors[f["name"]].zh,
                            "error_en": errors[f["name"]].en}
                           if f["name"] in errors else {**f, "error_zh": "", "error_en": ""}
                           for f in self.fields]
            return rx.set_focus("error-summary")
        self._forget_unsaved(user.id, self.step)
        return self._go_to(outcome, user.id)

    # -- the office --

    @rx.event
    async def choose_county(self, code: str):
        """A county was chosen: list its townships (when the township receives)."""
        if not isinstance(code, str):
            return
        user = await self._identify()
        if user is None:
            return
        self.county = code[:9]
        self.township = ""
        if self.needs_township:
            found = await call_service(offices.list_offices, parent_code=self.county,
                                       level="township")
            self.townships = office_options(found)

    @rx.event
    async def save_office(self, form: dict):
        """Store the chosen office, then show the next page."""
        self._at_address()
        if not isinstance(form, dict):
            return None
        county = str(form.get("county", ""))[:9]
        township = str(form.get("township", ""))[:9]
        code = township if self.needs_township and township else county
        try:
            user, outcome = await self._as_user(
                wizard_pages.office_and_continue, public_id=self.draft, office_code=code,
                returning=self.returning)
        except NotFound:
            self._set("found", False)
            return None
        except Refused as refusal:
            at_township = refusal.code == "apply.office_township_required" or \
                (self.needs_township and bool(township))
            self._problem_at("township" if at_township else "county", in_both(refusal.code))
            return rx.set_focus("error-summary")
        if user is None or outcome is None:
            return self._login_redirect()
        return self._go_to(outcome, user.id)

    # -- the documents --

    @rx.event
    def choose_material(self, code: str):
        """Which document the next upload is."""
        if isinstance(code, str):
            self.upload_material = code[:60]

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        """Attach the chosen file(s) to the chosen document (checked on the server)."""
        user = await self._identify()
        self.draft, self.step = self._route()
        if user is None:
            return self._login_redirect()
        self.problems, self.notice, self.errors_at = [], {}, {}
        if not files:
            self._problem_at("file", in_both("apply.documents_no_file"))
            return rx.set_focus("error-summary")
        for upload in files[:5]:
            data = await upload.read(attachments.MAX_BYTES + 1)
            name = upload.name or upload.filename or "file"
            try:
                await call_service(attachments.add_attachment, user_id=user.id,
                                   public_id=self.draft, material_code=self.upload_material,
                                   filename=name, data=data)
            except Refused as refusal:
                field = "material" if refusal.code == "upload.unknown_material" else "file"
                await self._reload()
                self._problem_at(field, _refused(attachments.display_name(name), refusal))
                return rx.set_focus("error-summary")
            except NotFound:
                self.found = False
                return None
            self.notice = in_both("apply.documents_uploaded", name=name[:100])
        return await self._reload()

    @rx.event
    async def remove_file(self, attachment_id: str):
        """Remove one uploaded file."""
        user = await self._identify()
        self.draft, self.step = self._route()
        if user is None or not isinstance(attachment_id, str):
            return None
        try:
            await call_service(attachments.remove_attachment, user_id=user.id,
                               public_id=self.draft, attachment_id=attachment_id[:40])
        except NotFound:
            return None
        return await self._reload()

    @rx.event
    async def documents_done(self):
        """Go on from the documents page."""
        self._at_address()
        try:
            user, outcome = await self._as_user(
                wizard_pages.continue_from, public_id=self.draft, step=self.step,
                returning=self.returning)
        except NotFound:
            self._set("found", False)
            return None
        if user is None or outcome is None:
            return self._login_redirect()
        return self._go_to(outcome, user.id)

    # -- submitting --

    @rx.event
    async def submit(self):
        """Submit: every step is checked again; exactly one case is made."""
        user = await self._identify()
        self.draft, self.step = self._route()
        if user is None:
            return self._login_redirect()
        try:
            case = await call_service(applications.submit, user_id=user.id,
                                      public_id=self.draft, ip=self._client_ip())
        except applications.SubmissionIncomplete as incomplete:
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
