"""A step of questions: its fields, the answers that show or hide others, saving it."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.utils.form import FormData

from convenience_center.services import wizard_pages
from convenience_center.services.wizard_pages import StepRefused
from convenience_center.state.wizard_frame import WizardFrame
from convenience_center.state.wizard_typing import KeepsUnsavedTyping
from convenience_center.state.wizard_view import QuestionsView


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


class QuestionsStep(KeepsUnsavedTyping, WizardFrame, mixin=True):
    """The vars and events of a step of questions (:class:`QuestionsView`)."""

    fields: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    intro_zh: rx.Field[str] = rx.field("")
    intro_en: rx.Field[str] = rx.field("")
    # the step offers the blank application form (its address)
    form_zh: rx.Field[str] = rx.field("")
    form_en: rx.Field[str] = rx.field("")
    _conditions: list[dict[str, Any]] = []
    _live: dict[str, Any] = {}

    def _show_questions(self, view: QuestionsView | None, viewer: int) -> None:
        """Show a step of questions (``None``: another page, whose fields are none)."""
        view = view or QuestionsView()
        self._show(view)
        self._shown_to(viewer, view.fields)

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
        saved = await self._save_page(wizard_pages.save_and_continue,
                                      submitted=submitted_values(form))
        if not isinstance(saved, tuple):
            return saved
        user, outcome = saved
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
