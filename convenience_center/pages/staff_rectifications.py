"""``/staff/rectifications``: put right what poor ratings found, and record the call back."""

from __future__ import annotations

import reflex as rx

from convenience_center import paths
from convenience_center.components.bilingual import bi, bi_pair
from convenience_center.components.forms import (
    error_summary,
    field_error,
    form,
    notice_banner,
    submit_button,
    text_field,
    textarea_field,
)
from convenience_center.components.i18n import colon, t, tf
from convenience_center.components.links import link
from convenience_center.components.staff_nav import staff_frame
from convenience_center.components.summary import fact
from convenience_center.components.vars import Item
from convenience_center.domain.participation import CALLBACK_OUTCOMES
from convenience_center.pages import page
from convenience_center.state.staff_rectifications import MAX_NOTE
from convenience_center.state.staff_rectifications import StaffRectificationsState as S

ROUTE = "/staff/rectifications"


def _tab(key: str) -> rx.Component:
    return rx.el.li(rx.el.button(
        t(f"sp.rect_tab_{key}"), type="button", on_click=S.show_tab(key),
        aria_pressed=rx.cond(S.tab == key, "true", "false"),
        class_name=rx.cond(S.tab == key, "cc-queue cc-queue--active", "cc-queue"),
    ))


def _outcomes() -> rx.Component:
    """What came of the call: one of the outcomes (radio buttons)."""
    error = field_error(S, "outcome")
    return rx.el.div(
        rx.el.fieldset(
            rx.el.legend(t("sp.rect_outcome"), class_name="cc-label"),
            rx.cond(error != "", rx.el.p(
                rx.el.span(t("common.error_summary") + ": ", class_name="cc-visually-hidden"),
                error, id="f-outcome-error", class_name="cc-error-message")),
            *[rx.el.div(
                rx.el.input(id="f-outcome" if index == 0 else f"f-outcome-{key}",
                            name="outcome", type="radio", value=key,
                            class_name="cc-radio__input"),
                rx.el.label(bi(label), html_for="f-outcome" if index == 0 else
                            f"f-outcome-{key}", class_name="cc-radio__label"),
                class_name="cc-radio")
              for index, (key, label) in enumerate(CALLBACK_OUTCOMES.items())],
            aria_describedby=rx.cond(error != "", "f-outcome-error", ""),
            class_name="cc-fieldset",
        ),
        class_name=rx.cond(error != "", "cc-field cc-field--error", "cc-field"),
    )


def _close_form(task: Item) -> rx.Component:
    return rx.el.section(
        rx.el.h3(tf("sp.rect_close_title", case_no=task["case_no"])),
        error_summary(S),
        form(
            textarea_field(S, "measures", "sp.rect_measures", hint_key="sp.rect_measures_hint",
                           rows=5, max_length=MAX_NOTE),
            text_field(S, "called_at", "sp.rect_called_at", hint_key="sp.rect_called_at_hint",
                       input_type="datetime-local", width="20"),
            _outcomes(),
            textarea_field(S, "callback", "sp.rect_callback", hint_key="sp.rect_callback_hint",
                           rows=4, max_length=MAX_NOTE),
            rx.el.div(
                submit_button("sp.rect_close"),
                rx.el.button(t("common.cancel"), type="button", on_click=S.cancel_closing,
                             class_name="cc-button cc-button--secondary"),
                class_name="cc-actions",
            ),
            on_submit=S.close, key="close-" + S.closing_id + "-" + S.generation.to(str),
        ),
        class_name="cc-section cc-section--boxed",
    )


def _task(task: Item) -> rx.Component:
    return rx.el.li(
        rx.el.h2(link(task["case_no"], href=paths.staff_case(task["case_no"].to(str))), " · ",
                 bi_pair(task["service_zh"], task["service_en"])),
        rx.el.dl(
            fact("sp.rect_level", rx.el.span(
                bi_pair(task["level_zh"], task["level_en"]), " (", task["level"], "/5)")),
            fact("sp.rect_scores", rx.el.ul(rx.foreach(
                task["scores"].to(list[dict[str, str]]), lambda s: rx.el.li(
                   bi_pair(s["zh"], s["en"]), colon(), s["value"], "/5")),
                class_name="cc-plain-list")),
            fact("sp.rect_comment", rx.cond(task["comment"] != "", task["comment"],
                                            t("sp.rect_no_comment"))),
            fact("sp.rect_applicant", task["applicant"]),
            fact("sp.rect_phone", rx.cond(
                task["phone"] != "",
                rx.el.a(task["phone"], href=task["tel"]),
                t("sp.rect_no_phone"))),
            fact("sp.rect_due", rx.el.span(task["due"], rx.cond(
                task["overdue"].to(bool),
                rx.el.span(" ", t("sp.overdue"), class_name="cc-tag cc-tag--red")))),
            rx.cond(task["status"] == "closed", rx.fragment(
                fact("sp.rect_measures", task["measures"]),
                fact("sp.rect_called_at", task["called_at"]),
                fact("sp.rect_outcome", rx.cond(task["outcome_zh"] != "",
                                                bi_pair(task["outcome_zh"], task["outcome_en"]),
                                                t("sp.rect_outcome_unknown"))),
                fact("sp.rect_callback", task["callback"]),
                fact("sp.rect_task_closed_at", task["closed_at"]),
            )),
            class_name="cc-summary",
        ),
        rx.cond(
            task["status"] == "open",
            rx.cond(task["id"].to(str) == S.closing_id, _close_form(task),
                    rx.el.p(rx.el.button(
                        t("sp.rect_start_close"),
                        rx.el.span(" ", task["case_no"], class_name="cc-visually-hidden"),
                        type="button", on_click=S.start_closing(task["id"].to(str)),
                        class_name="cc-button cc-button--secondary"))),
        ),
        class_name="cc-section cc-section--boxed",
    )


@page(ROUTE, "sp.rect_title", on_load=S.load)
def staff_rectifications() -> rx.Component:
    """The office's rectification tasks after poor ratings."""
    return staff_frame(
        S, ROUTE,
        rx.el.h1(t("sp.rect_title")),
        rx.el.p(t("sp.rect_lead"), class_name="cc-lead"),
        rx.cond(S.refused, rx.el.p(t("sp.refused"), role="alert",
                                   class_name="cc-notice cc-notice--warning")),
        rx.el.div(notice_banner(S), id="rect-notice", tab_index=-1),
        rx.el.nav(rx.el.ul(_tab("open"), _tab("closed"), class_name="cc-queues"),
                  aria_label=t("sp.rect_tabs")),
        rx.cond(
            S.loaded,
            rx.cond(S.rows.length() > 0,
                    rx.el.ul(rx.foreach(S.rows, _task), class_name="cc-plain-list"),
                    rx.el.p(rx.cond(S.tab == "open", t("sp.rect_none_open"),
                                    t("sp.rect_none_closed")),
                            role="status", class_name="cc-notice")),
            rx.el.p(t("common.loading"), class_name="cc-meta"),
        ),
    )
