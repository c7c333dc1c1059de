"""Form fields in the GOV.UK pattern: a visible label tied to the control, hint, error message
next to the field, ``aria-invalid`` and ``aria-describedby``, and an error summary on top."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx
from reflex.vars.base import Var
from reflex_components_core.el.elements.forms import HTMLInputTypeAttribute

from convenience_center.components.i18n import IS_EN, t


def field_id(name: str) -> str:
    """The element id of a field's control (the error summary links to it).

    ``name`` may carry a form prefix (``contact:email``) when two forms share a page.
    """
    return "f-" + name.replace(":", "-")


def _split(name: str) -> tuple[str, str]:
    """``contact:email`` → (element name ``contact:email``, field ``email``)."""
    return name, name.rpartition(":")[2]


def field_error(state: Any, field: str) -> Var:
    """The message of a form state (a ``FormState``) for ``field``, in the page's language."""
    return rx.cond(IS_EN, state.errors_en.get(field, ""), state.errors_zh.get(field, ""))


def _error(state: Any, name: str) -> Var:
    return field_error(state, _split(name)[1])


def _described_by(name: str, hint: bool, error: Var) -> Var:
    base = f"{field_id(name)}-hint" if hint else ""
    return rx.cond(error != "", f"{base} {field_id(name)}-error".strip(), base)


def present(*children: rx.Component | Var | None) -> list[rx.Component | Var]:
    """The children that are not ``None`` (for optional parts of a component)."""
    return [child for child in children if child is not None]


def _label(name: str, label_key: str, optional: bool) -> rx.Component:
    return rx.el.label(
        *present(t(label_key),
                 rx.el.span(" ", t("common.optional"), class_name="cc-optional")
                 if optional else None),
        html_for=field_id(name),
        class_name="cc-label",
    )


def _hint(name: str, hint_key: str | None) -> rx.Component | None:
    if not hint_key:
        return None
    return rx.el.div(t(hint_key), id=f"{field_id(name)}-hint", class_name="cc-hint")


def _error_message(name: str, error: Var) -> rx.Component:
    return rx.cond(
        error != "",
        rx.el.p(
            rx.el.span(t("common.error_summary") + ": ", class_name="cc-visually-hidden"),
            error,
            id=f"{field_id(name)}-error",
            class_name="cc-error-message",
        ),
    )


def text_field(
    state: Any,
    name: str,
    label_key: str,
    *,
    hint_key: str | None = None,
    input_type: HTMLInputTypeAttribute = "text",
    autocomplete: str | None = None,
    optional: bool = False,
    width: str = "full",
    input_mode: str | None = None,
    default_value: Var | str | None = None,
    spellcheck: bool = False,
    max_length: int | None = None,
) -> rx.Component:
    """A labelled single-line input whose value the browser keeps between submits."""
    error = _error(state, name)
    props: dict[str, Any] = {}
    if autocomplete:
        props["auto_complete"] = autocomplete
    if input_mode:
        props["input_mode"] = input_mode
    if default_value is not None:
        props["default_value"] = default_value
    if max_length:
        props["max_length"] = max_length
    return rx.el.div(
        *present(_label(name, label_key, optional), _hint(name, hint_key)),
        _error_message(name, error),
        rx.el.input(
            id=field_id(name),
            name=_split(name)[1],
            type=input_type,
            spell_check=spellcheck,
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=_described_by(name, bool(hint_key), error),
            class_name=rx.cond(error != "", f"cc-input cc-input--{width} cc-input--error",
                               f"cc-input cc-input--{width}"),
            **props,
        ),
        class_name=rx.cond(error != "", "cc-field cc-field--error", "cc-field"),
    )


def textarea_field(state: Any, name: str, label_key: str, *, hint_key: str | None = None,
                   rows: int = 5, max_length: int | None = None,
                   default_value: Var | str | None = None) -> rx.Component:
    """A labelled multi-line input (``default_value`` pre-fills it; give the form a ``key``
    that changes with it)."""
    error = _error(state, name)
    props: dict[str, Any] = {}
    if max_length:
        props["max_length"] = max_length
    if default_value is not None:
        props["default_value"] = default_value
    return rx.el.div(
        *present(_label(name, label_key, False), _hint(name, hint_key)),
        _error_message(name, error),
        rx.el.textarea(
            id=field_id(name), name=_split(name)[1], rows=str(rows),
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=_described_by(name, bool(hint_key), error),
            class_name=rx.cond(error != "", "cc-textarea cc-input--error", "cc-textarea"),
            **props,
        ),
        class_name=rx.cond(error != "", "cc-field cc-field--error", "cc-field"),
    )


def checkbox_field(state: Any, name: str, label: rx.Component | Var,
                   extra: rx.Component | None = None) -> rx.Component:
    """A single checkbox with its label on the right (the label is clickable)."""
    error = _error(state, name)
    return rx.el.div(
        _error_message(name, error),
        rx.el.div(
            rx.el.input(
                id=field_id(name), name=_split(name)[1], type="checkbox", value="yes",
                aria_invalid=rx.cond(error != "", "true", "false"),
                aria_describedby=rx.cond(error != "", f"{field_id(name)}-error", ""),
                class_name="cc-checkbox__input",
            ),
            rx.el.label(label, html_for=field_id(name), class_name="cc-checkbox__label"),
            class_name="cc-checkbox",
        ),
        *present(extra),
        class_name=rx.cond(error != "", "cc-field cc-field--error", "cc-field"),
    )


def select_field(state: Any, name: str, label_key: str, options: Sequence[tuple[str, Var | str]],
                 *, default_value: Var | str = "") -> rx.Component:
    """A labelled native ``<select>`` (keyboard and screen readers work as expected)."""
    error = _error(state, name)
    return rx.el.div(
        _label(name, label_key, False),
        _error_message(name, error),
        rx.el.select(
            *[rx.el.option(text, value=value) for value, text in options],
            id=field_id(name), name=_split(name)[1], default_value=default_value,
            aria_invalid=rx.cond(error != "", "true", "false"),
            class_name="cc-select",
        ),
        class_name=rx.cond(error != "", "cc-field cc-field--error", "cc-field"),
    )


def error_summary(state: Any, prefix: str = "") -> rx.Component:
    """The list of problems at the top of a form, each linking to its field.

    ``prefix`` is the form prefix of the fields (``contact:``) when two forms share a page.
    """
    anchor = "#" + field_id(prefix + "x")[:-1]
    summary_id = "error-summary" + (f"-{prefix.rstrip(':')}" if prefix else "")
    return rx.cond(
        state.error_list.length() > 0,
        rx.el.div(
            rx.el.h2(t("common.error_summary"), class_name="cc-error-summary__title"),
            rx.el.ul(
                rx.foreach(
                    state.error_list,
                    lambda item: rx.el.li(
                        rx.el.a(rx.cond(IS_EN, item["en"], item["zh"]),
                                href=anchor + item["field"].to(str)),
                    ),
                ),
                class_name="cc-error-summary__list",
            ),
            id=summary_id,
            role="alert",
            tab_index=-1,
            class_name="cc-error-summary",
        ),
    )


def notice_banner(state: Any, *, kind: str = "success") -> rx.Component:
    """A confirmation (or warning) shown above a form after it was handled."""
    return rx.cond(
        state.notice.contains("zh"),
        rx.el.div(rx.cond(IS_EN, state.notice["en"], state.notice["zh"]), role="status",
                  class_name=f"cc-notice cc-notice--{kind}"),
    )


def submit_button(label_key: str, *, name: str | None = None,
                  secondary: bool = False, loading: Var | None = None) -> rx.Component:
    """The form's main button."""
    props: dict[str, Any] = {}
    if name:
        props["name"] = name
    if loading is not None:
        props["disabled"] = loading
        props["aria_busy"] = rx.cond(loading, "true", "false")
    return rx.el.button(
        t(label_key), type="submit",
        class_name="cc-button cc-button--secondary" if secondary else "cc-button",
        **props,
    )


def form(*children: rx.Component, on_submit: Any, reset_on_submit: bool = False,
         **props: Any) -> rx.Component:
    """A form handled over the websocket, with browser validation off (the server checks).

    ``method="post"`` keeps values out of the address bar should someone submit before the
    page has finished loading.
    """
    props.setdefault("class_name", "cc-form")
    return rx.el.form(*children, on_submit=on_submit, reset_on_submit=reset_on_submit,
                      no_validate=True, method="post", **props)
