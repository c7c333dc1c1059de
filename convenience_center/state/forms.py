"""Form states: error codes from the services, shown translated next to the fields."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

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

    error_codes: dict[str, str] = {}
    error_params: dict[str, str] = {}
    notice_code: str = ""
    notice_params: dict[str, str] = {}
    generation: int = 0  # the form's React key: raising it empties the form after success

    # The messages are computed in both languages and the page picks one, so that they do not
    # depend on the language var: it is written by every navigation (the browser sends its
    # stored value), and every form state on the page would otherwise be recomputed and sent.

    @rx.var
    def errors_zh(self) -> dict[str, str]:
        """Field → message, in Chinese."""
        return self._messages("zh")

    @rx.var
    def errors_en(self) -> dict[str, str]:
        """Field → message, in English."""
        return self._messages("en")

    @rx.var
    def error_list(self) -> list[dict[str, str]]:
        """The error summary: one entry per field, in form order, in both languages."""
        return [{"field": field, "zh": translate(code, "zh", **self.error_params),
                 "en": translate(code, "en", **self.error_params)}
                for field, code in in_form_order(self.error_codes, self.FIELD_ORDER)]

    @rx.var
    def notice(self) -> dict[str, str]:
        """A confirmation or problem message for the whole form, in both languages."""
        if not self.notice_code:
            return {}
        return {lang: translate(self.notice_code, lang, **self.notice_params)
                for lang in ("zh", "en")}

    def _messages(self, lang: str) -> dict[str, str]:
        return {field: translate(code, lang, **self.error_params)
                for field, code in self.error_codes.items()}

    def _clear_messages(self) -> None:
        self.error_codes = {}
        self.error_params = {}
        self.notice_code = ""
        self.notice_params = {}

    def _clear_form(self) -> None:
        self.generation += 1

    def _show_failure(self, failure: ValidationFailed) -> None:
        self.error_codes = failure.as_dict()

    def _focus_summary(self):  # type: ignore[no-untyped-def]
        return rx.set_focus(self.SUMMARY_ID)
