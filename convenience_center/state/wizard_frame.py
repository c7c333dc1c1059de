"""What every page of the wizard shares: the address, the heading, the messages, loading.

The wizard's state is one state made of a mixin per page (``state/wizard*.py``) over this one:
the pages of a draft share one address pattern and one page function, and a state per page
would be four more states in every tab's snapshot at connect, all at their defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields as dataclass_fields
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import quote

import reflex as rx
from reflex.istate.data import ReflexURL

from convenience_center import paths
from convenience_center.domain.errors import NotFound
from convenience_center.domain.services.base import Text
from convenience_center.services import wizard_pages
from convenience_center.services.common import CurrentUser
from convenience_center.services.wizard_pages import GoTo, StepRefused, StepSaved, WizardPage
from convenience_center.state.base import Reply, navigate
from convenience_center.state.wizard_view import PageContentView, flow_note, present

if TYPE_CHECKING:  # a mixin is a plain state; it is mixed into an AppState
    from convenience_center.state.base import AppState as _Base
else:
    _Base = rx.State

_UNSET = object()
Outcome = TypeVar("Outcome", StepSaved, StepSaved | StepRefused)


class WizardFrame(_Base, mixin=True):
    """The draft and step of the address, the heading and the messages of every page."""

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
    position: rx.Field[int] = rx.field(0)
    total: rx.Field[int] = rx.field(0)
    back_href: rx.Field[str] = rx.field("")
    returning: rx.Field[bool] = rx.field(False)
    generation: rx.Field[int] = rx.field(0)
    # error summary: field, zh, en
    problems: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # office and documents pages: field → zh, en
    errors_at: rx.Field[dict[str, dict[str, str]]] = rx.field(default_factory=dict)
    notice: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # an answer added or removed steps: zh, en
    flow_note: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    _kept_for: str = ""  # a step sent to by an incomplete submit: its problems stay shown

    # -- helpers --

    def _address(self) -> tuple[str, str, bool]:
        """The draft, the step and whether the page returns to the check page, from the
        address (read from the router's URL field: ``self.router`` builds all its parts)."""
        url = cast(ReflexURL, self.rx_router_url.href)  # a ReflexURL, as Reflex's router says
        parts = url.path.strip("/").split("/")
        draft, step = (parts[1], parts[2]) if len(parts) >= 3 else ("", "")
        return draft, step, url.query_parameters.get("return") == "check"

    def _at_address(self) -> None:
        """Point the state at the page of the address the event came from."""
        draft, step, returning = self._address()
        self._set("draft", draft)
        self._set("step", step)
        self._set("returning", returning)

    async def _signed_in(self) -> CurrentUser | None:
        """The signed-in user, the state pointed at the address of the event."""
        user = await self._identify()
        self._at_address()
        return user

    def _href(self, step: str, *, back_to_check: bool = False) -> str:
        return paths.draft_step(quote(self.draft), quote(step), back_to_check=back_to_check)

    def _set(self, name: str, value: Any) -> None:
        """Assign a var of this state only when it changes (an assignment puts it in the next
        delta). Compared with the stored value, not through the var's change-tracking proxy."""
        if self.__dict__.get(name, _UNSET) != value:
            setattr(self, name, value)

    def _show(self, part: Any, only: tuple[str, ...] | None = None) -> None:
        """Set the vars named as the fields of a part of a page's view (or ``only`` these)."""
        for name in (f.name for f in dataclass_fields(part)):
            if only is None or name in only:
                self._set(name, getattr(part, name))

    def _show_problems(self, errors: dict[str, Text]) -> None:
        self.problems = [{"field": name, "zh": text.zh, "en": text.en}
                         for name, text in errors.items()]

    def _problem_at(self, field: str, message: dict[str, str]) -> None:
        """One problem of the office or documents page: in the summary and at its field."""
        self.problems = [{"field": field, **message}]
        self.errors_at = {field: message}

    def _show_content(self, content: PageContentView, viewer: int) -> None:
        """Show the content of the page (each page's mixin its own part)."""
        raise NotImplementedError

    # -- loading a page --

    @rx.event
    async def load(self):
        """Load the step named in the address, for the signed-in owner of the draft."""
        self._begin()
        self._at_address()
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
        self._show(view.heading)
        self._show_content(view.content, viewer)
        self.generation += 1
        self._set("loaded", True)
        return None

    async def _save_page(self, use_case: Callable[..., Outcome], *, with_step: bool = True,
                         **kwargs: Any) -> tuple[CurrentUser, Outcome] | Reply:
        """Run a use case that stores this page (of the step, unless not ``with_step``) for
        the signed-in owner of the draft: the user and the outcome, or what to answer instead
        (not found, not signed in)."""
        self._at_address()
        if with_step:
            kwargs["step"] = self.step
        try:
            user, outcome = await self._as_user(use_case, public_id=self.draft,
                                                returning=self.returning, **kwargs)
        except NotFound:
            self._set("found", False)
            return None
        if user is None or outcome is None:
            return self._login_redirect()
        return user, outcome

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
