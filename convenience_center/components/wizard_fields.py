"""Drawing a wizard field from its view dict (see ``state/wizard_view.field_view``).

One renderer per way of drawing; the kind → renderer choice happens on the server
(``render`` in the view). Every control has a visible label tied to it; radio and checkbox
groups are fieldsets with a legend; errors sit next to the field and are announced.
"""

from __future__ import annotations

from typing import Any, Literal

import reflex as rx
from reflex.vars import BooleanVar, StringVar

from convenience_center.components.i18n import IS_EN, as_text, t
from convenience_center.components.vars import component_match
from convenience_center.state.wizard import WizardState as W


def _pick(item: Any, key: str) -> StringVar:
    return as_text(rx.cond(IS_EN, item[f"{key}_en"], item[f"{key}_zh"]))


def _id(item: Any) -> StringVar:
    return "f-" + item["name"].to(str)


def _has_error(item: Any) -> BooleanVar:
    return item["error_zh"].to(str) != ""


def _described_by(item: Any) -> StringVar:
    hint = as_text(rx.cond(item["hint_zh"].to(str) != "", _id(item) + "-hint", ""))
    error = as_text(rx.cond(_has_error(item), " " + _id(item) + "-error", ""))
    return hint + error


def _remember(item: Any) -> Any:
    """Leaving a text field keeps what it holds in the tab's state until the step is saved
    (one small event per field left, no database work: see state/wizard_typing.py)."""
    return lambda value: W.remember(item["name"].to(str), value)


def _label(item: Any) -> rx.Component:
    return rx.el.label(
        _pick(item, "label"),
        rx.cond(item["optional"], rx.el.span(" ", t("common.optional"),
                                             class_name="cc-optional")),
        html_for=_id(item),
        class_name="cc-label",
    )


def _hint_and_error(item: Any) -> rx.Component:
    return rx.fragment(
        rx.cond(item["hint_zh"].to(str) != "",
                rx.el.div(_pick(item, "hint"), id=_id(item) + "-hint", class_name="cc-hint")),
        rx.cond(_has_error(item),
                rx.el.p(rx.el.span(t("common.error_summary") + ": ",
                                   class_name="cc-visually-hidden"),
                        _pick(item, "error"), id=_id(item) + "-error",
                        class_name="cc-error-message")),
    )


def _wrap(item: Any, *children: rx.Component) -> rx.Component:
    return rx.el.div(*children, class_name=rx.cond(_has_error(item), "cc-field cc-field--error",
                                                   "cc-field"))


def _width_class(item: Any, base: str) -> StringVar:
    return base + " cc-input--" + item["width"].to(str) + \
        rx.cond(_has_error(item), " cc-input--error", "")


def _input(item: Any) -> rx.Component:
    return _wrap(item, _label(item), _hint_and_error(item), rx.el.input(
        id=_id(item), name=item["name"], type=item["input_type"],
        input_mode=item["input_mode"], auto_complete=item["autocomplete"],
        default_value=item["value"], max_length=item["max_length"], spell_check=False,
        aria_invalid=rx.cond(_has_error(item), "true", "false"),
        aria_describedby=_described_by(item), class_name=_width_class(item, "cc-input"),
        on_blur=_remember(item),
    ))


def _textarea(item: Any) -> rx.Component:
    return _wrap(item, _label(item), _hint_and_error(item), rx.el.textarea(
        id=_id(item), name=item["name"], default_value=item["value"], rows="5",
        max_length=item["max_length"], on_blur=_remember(item),
        aria_invalid=rx.cond(_has_error(item), "true", "false"),
        aria_describedby=_described_by(item),
        class_name=rx.cond(_has_error(item), "cc-textarea cc-input--error", "cc-textarea"),
    ))


def _select(item: Any) -> rx.Component:
    return _wrap(item, _label(item), _hint_and_error(item), rx.el.select(
        rx.el.option(rx.cond(IS_EN, "Choose…", "请选择…"), value=""),
        rx.foreach(item["options"].to(list[dict[str, str]]),
                   lambda option: rx.el.option(rx.cond(IS_EN, option["en"], option["zh"]),
                                               value=option["value"])),
        id=_id(item), name=item["name"], default_value=item["value"],
        aria_invalid=rx.cond(_has_error(item), "true", "false"),
        aria_describedby=_described_by(item),
        on_change=lambda value: W.choose(item["name"].to(str), value),
        class_name="cc-select",
    ))


def _choice_group(item: Any, kind: Literal["checkbox", "radio"]) -> rx.Component:
    def option_control(option: Any) -> rx.Component:
        control_id = _id(item) + "-" + option["value"].to(str)
        checked = (item["values"].to(list[str]).contains(option["value"]) if kind == "checkbox"
                   else item["value"].to(str) == option["value"].to(str))
        event = W.toggle(item["name"].to(str), option["value"].to(str)) if kind == "checkbox" \
            else W.choose(item["name"].to(str), option["value"].to(str))
        return rx.el.div(
            rx.el.input(id=control_id, name=item["name"], type=kind, value=option["value"],
                        default_checked=checked, on_click=event,
                        class_name=f"cc-{kind}__input"),
            rx.el.label(rx.cond(IS_EN, option["en"], option["zh"]), html_for=control_id,
                        class_name=f"cc-{kind}__label"),
            class_name=f"cc-{kind}",
        )

    return _wrap(item, rx.el.fieldset(
        rx.el.legend(_pick(item, "label"),
                     rx.cond(item["optional"], rx.el.span(" ", t("common.optional"),
                                                          class_name="cc-optional")),
                     class_name="cc-label cc-legend--small"),
        _hint_and_error(item),
        rx.el.div(rx.foreach(item["options"].to(list[dict[str, str]]), option_control),
                  id=_id(item), class_name=f"cc-{kind}-group"),
        aria_describedby=_described_by(item),
        class_name="cc-fieldset cc-fieldset--inline",
    ))


def _declaration(item: Any) -> rx.Component:
    return _wrap(item, _hint_and_error(item), rx.el.div(
        rx.el.input(id=_id(item), name=item["name"], type="checkbox", value="yes",
                    default_checked=item["value"].to(str) == "yes",
                    aria_invalid=rx.cond(_has_error(item), "true", "false"),
                    aria_describedby=_described_by(item), class_name="cc-checkbox__input"),
        rx.el.label(_pick(item, "label"), html_for=_id(item), class_name="cc-checkbox__label"),
        class_name="cc-checkbox",
    ))


def _readonly(item: Any) -> rx.Component:
    return rx.el.div(
        rx.el.div(_pick(item, "label"), class_name="cc-label", id=_id(item) + "-label"),
        rx.el.p(item["shown"], " ",
                rx.el.span(rx.cond(IS_EN, "(from your account)", "（来自您的实名账号）"),
                           class_name="cc-meta"),
                aria_labelledby=_id(item) + "-label", class_name="cc-readonly"),
        class_name="cc-field",
    )


def wizard_field(item: Any) -> rx.Component:
    """A field of the current step, drawn as its view says (hidden when its condition does
    not hold)."""
    return rx.cond(
        item["visible"],
        component_match(
            item["render"],
            ("readonly", _readonly(item)),
            ("textarea", _textarea(item)),
            ("select", _select(item)),
            ("radio", _choice_group(item, "radio")),
            ("checkboxes", _choice_group(item, "checkbox")),
            ("declaration", _declaration(item)),
            _input(item),
        ),
    )
