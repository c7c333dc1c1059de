"""Typing on a wizard step that was not saved yet, kept across a reload of the tab.

Kept in the tab's server-side state, not in the draft. The draft holds only answers that
passed their checks, step by step (the check page, the PDF and the officers read it): writing
half-typed text there whenever a field is left would be a database write per field, and would
put unchecked text where checked answers are expected. The tab's state outlives a reload (the
tab keeps its token), costs no database work, and is private (underscore vars: nothing of it
goes to the browser, the event's answer is empty).

A text field sends what it holds when it is left (``remember``, one small event); choices are
kept by the events they send anyway (``choose``, ``toggle``). The "Save and continue" button
does not take the focus from the field (see pages/wizard.py), so a click on it still sends
the save alone. What is kept is shown again only on the same step of the same draft, to the
same signed-in user the page was loaded for (the load checks the session and the draft's
owner), with a notice; saving the step forgets it. Not kept: a closed tab, text typed and never
left (reloading with the cursor still in the field), and the tick of a declaration.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from convenience_center.i18n import translate

# How the fields whose typing is kept are drawn (state/wizard_view.RENDER_AS).
KEEPABLE = frozenset({"input", "textarea", "select", "radio", "checkboxes"})
MAX_KEPT_PAGES = 5


class KeepsUnsavedTyping(rx.State, mixin=True):
    """Mixed into the wizard's state, whose ``fields``, ``_live``, ``draft``, ``step``,
    ``loaded``, ``notice``, ``_address`` and ``_refresh_visibility`` it uses."""

    # "user/draft/step" → field → value; who the page was last shown to; the fields of that
    # page that can be kept: name → [limit, saved value].
    _unsaved: dict[str, dict[str, Any]] = {}
    _viewer: int = 0
    _keepable: dict[str, list[Any]] = {}

    @rx.event
    def remember(self, name: str, value: str):
        """A text field was left: keep what it holds until the step is saved."""
        if isinstance(name, str) and isinstance(value, str):
            self._keep(name, value)

    def _keep(self, name: str, value: Any) -> None:
        """Keep a value typed or chosen on the page shown, if it is one of that page's fields,
        the event comes from that page and the value is not the one saved."""
        kept = self._keepable.get(name)
        if kept is None or not self._viewer or not self.loaded:  # type: ignore[attr-defined]
            return
        draft, step, _returning = self._address()  # type: ignore[attr-defined]
        if draft != self.draft or step != self.step:  # type: ignore[attr-defined]
            return
        limit, saved = kept
        if isinstance(value, str):
            value = value[: int(limit)]
        key = f"{self._viewer}/{draft}/{step}"
        current = self._unsaved.get(key, {})
        if current.get(name, saved) == value:
            return
        others = [(k, v) for k, v in self._unsaved.items() if k != key][1 - MAX_KEPT_PAGES:]
        self._unsaved = {**dict(others), key: {**current, name: value}}

    def _shown_to(self, viewer: int, fields: list[dict[str, Any]]) -> None:
        """A page of the wizard was just shown to ``viewer`` with these fields (as saved):
        note what can be kept, and put back what was typed on it and not saved."""
        self._viewer = viewer
        self._keepable = {f["name"]: [f["max_length"], f["values"] if f["render"] ==
                                      "checkboxes" else f["value"]]
                          for f in fields if f["render"] in KEEPABLE}
        key = f"{viewer}/{self.draft}/{self.step}"  # type: ignore[attr-defined]
        kept = self._unsaved.get(key)
        if kept:
            self._put_back(kept)

    def _put_back(self, kept: dict[str, Any]) -> None:
        changed = {name: value for name, value in kept.items()
                   if name in self._keepable and self._keepable[name][1] != value}
        if not changed:
            return
        self.fields = [  # type: ignore[attr-defined]
            {**f, ("values" if isinstance(changed[f["name"]], list) else "value"):
             changed[f["name"]]} if f["name"] in changed else f
            for f in self.fields]  # type: ignore[attr-defined]
        live = self._live  # type: ignore[has-type]
        self._live = {**live, **{n: v for n, v in changed.items() if n in live}}
        self._refresh_visibility()  # type: ignore[attr-defined]
        self.notice = {lang: translate("apply.kept_unsaved", lang)  # type: ignore[attr-defined]
                       for lang in ("zh", "en")}

    def _forget_unsaved(self, viewer: int, step: str) -> None:
        """The step is saved: what was typed on it is not kept any longer."""
        key = f"{viewer}/{self.draft}/{step}"  # type: ignore[attr-defined]
        if key in self._unsaved:
            self._unsaved = {k: v for k, v in self._unsaved.items() if k != key}
