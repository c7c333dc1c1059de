"""Form states: error codes from the services, shown translated next to the fields."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx
from reflex.event import EventSpec

from convenience_center.domain.errors import ValidationFailed
from convenience_center.domain.text import without_invisible
from convenience_center.i18n import translate


def form_text(form: dict, name: str, limit: int = 2048) -> str:
    """A submitted value as text, cut to a sane length (a browser can send anything), without
    invisible format characters (bidi overrides, zero-width characters: domain/text.py)."""
    return without_invisible(form_secret(form, name, limit))


def form_secret(form: dict, name: str, limit: int = 2048) -> str:
    """A submitted password exactly as typed (cut to a sane length): passwords are compared,
    never shown, and must stay the ones their hashes were made from."""
    value = form.get(name, "")
    return value[:limit] if isinstance(value, str) else ""


def in_form_order(errors: dict[str, str], order: tuple[str, ...]) -> list[tuple[str, str]]:
    """``errors`` as (field, code) pairs in the order of ``order``; fields it does not name
    follow in the order they came."""
    rank = {field: index for index, field in enumerate(order)}
    return sorted(errors.items(), key=lambda item: rank.get(item[0], len(rank)))


_MESSAGE_SOURCES = frozenset({"error_codes", "error_params", "notice_code", "notice_params"})


def _text(code: str, lang: str, params: dict[str, str]) -> str:
    """A message as shown; while a handler assigns a code and then its params
    (``self.notice_code, self.notice_params = ...``), the params in between may be the last
    message's: the text is then left unfilled, and filled when the params arrive."""
    try:
        return translate(code, lang, **params)
    except (KeyError, IndexError, ValueError):
        return translate(code, lang)


class FormState(rx.State, mixin=True):
    """Mixed into every form's state: ``error_codes`` (field → message key) shown translated.

    A mixin, not a base state: each form gets its own copy of these vars (vars of a base
    *state* would be shared by all its substates). Form states list it before ``AppState``:
    ``class LoginState(FormState, AppState)``.
    """

    SUMMARY_ID: ClassVar[str] = "error-summary"
    # The form's fields from top to bottom: the error summary lists problems in this order
    # (a service reports them in the order it checks them, which is not the page's).
    FIELD_ORDER: ClassVar[tuple[str, ...]] = ()

    error_codes: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    error_params: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    notice_code: rx.Field[str] = rx.field("")
    notice_params: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # the form's React key: raising it empties the form after success
    generation: rx.Field[int] = rx.field(0)

    # What the page shows, in both languages, so that the messages do not depend on the
    # language var (it is written by every navigation: the browser sends its stored value).
    # Plain vars, written whenever the codes or their params are (``__setattr__``): computed
    # vars would be evaluated for every form state of the tab at each hydration, where there is
    # nothing to show (19 form states, 4 vars each, were ~45% of the cost of a new tab's
    # snapshot). Assign the codes and params whole (``self.error_codes = {...}``): a change
    # inside the dict is not seen.
    # field → message, in Chinese
    errors_zh: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # field → message, in English
    errors_en: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # the summary: field, zh, en, in form order
    error_list: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # a message for the whole form: zh, en
    notice: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    def __setattr__(self, name: str, value: object) -> None:
        super().__setattr__(name, value)
        if name in _MESSAGE_SOURCES:
            self._show_messages()

    def _show_messages(self) -> None:
        codes, params = dict(self.error_codes), dict(self.error_params)
        messages = {lang: {field: _text(code, lang, params)
                           for field, code in codes.items()} for lang in ("zh", "en")}
        self.errors_zh, self.errors_en = messages["zh"], messages["en"]
        self.error_list = [
            {"field": field, "zh": messages["zh"][field], "en": messages["en"][field]}
            for field, _code in in_form_order(codes, self.FIELD_ORDER)]
        self.notice = ({lang: _text(self.notice_code, lang, dict(self.notice_params))
                        for lang in ("zh", "en")} if self.notice_code else {})

    def _clear_messages(self) -> None:
        self.error_codes = {}
        self.error_params = {}
        self.notice_code = ""
        self.notice_params = {}

    def _clear_form(self) -> None:
        self.generation += 1

    def _show_failure(self, failure: ValidationFailed) -> None:
        self.error_codes = failure.as_dict()

    def _focus_summary(self) -> EventSpec:
        return rx.set_focus(self.SUMMARY_ID)
