"""``/staff/consultations``: answer the questions sent to the office; publish them to the FAQ."""

from __future__ import annotations

import reflex as rx

from convenience_center.components.bilingual import bi_pair
from convenience_center.components.forms import (
    error_summary,
    form,
    notice_banner,
    submit_button,
    textarea_field,
)
from convenience_center.components.i18n import t, tf
from convenience_center.components.personal_data import personal_data_marks
from convenience_center.components.staff_nav import staff_frame
from convenience_center.components.summary import fact
from convenience_center.components.tables import head, row
from convenience_center.domain.participation import MAX_TEXT
from convenience_center.pages import page
from convenience_center.state.staff_consultations import StaffConsultationsState as S

ROUTE = "/staff/consultations"


def _tab(key: str) -> rx.Component:
    return rx.el.li(rx.el.button(
        t(f"sp.consult_tab_{key}"), type="button", on_click=S.show_tab(key),
        aria_pressed=rx.cond(S.tab == key, "true", "false"),
        class_name=rx.cond(S.tab == key, "cc-queue cc-queue--active", "cc-queue"),
    ))


def _list() -> rx.Component:
    labels = [t(h) for h in ("sp.col_number", "sp.col_subject", "sp.col_question",
                             "sp.col_asked", "sp.col_action")]
    return rx.cond(
        S.rows.length() > 0,
        rx.el.div(
            rx.el.table(
                rx.el.caption(rx.cond(S.tab == "open", t("sp.consult_tab_open"),
                                      t("sp.consult_tab_answered")),
                              class_name="cc-visually-hidden"),
                head(labels),
                rx.el.tbody(rx.foreach(S.rows, lambda r: row(
                    labels,
                    r["number"],
                    rx.fragment(r["subject"], rx.cond(r["faq"] == "yes", rx.el.span(
                        " ", t("sp.consult_in_faq"), class_name="cc-tag cc-tag--green"))),
                    r["excerpt"],
                    r["asked"],
                    rx.el.button(
                        rx.cond(S.tab == "open", t("sp.consult_open_answer"), t("sp.open")),
                        rx.el.span(" ", r["number"], class_name="cc-visually-hidden"),
                        type="button", on_click=S.select(r["id"]),
                        class_name="cc-link-button"),
                ))),
                class_name="cc-table",
            ),
            class_name="cc-table-wrap", tab_index=0, role="region",
            aria_label=t("sp.consult_list"),
        ),
        rx.el.p(rx.cond(S.tab == "open", t("sp.consult_none_open"),
                        t("sp.consult_none_answered")), role="status", class_name="cc-notice"),
    )


def _form_key(name: str) -> rx.Var:
    return name + "-" + S.selected_id.to(str) + "-" + S.generation.to(str)


def _answer_form() -> rx.Component:
    return rx.el.section(
        rx.el.h3(t("sp.consult_answer_title")),
        form(
            textarea_field(S, "answer", "sp.consult_answer", hint_key="sp.consult_answer_hint",
                           rows=8, max_length=MAX_TEXT),
            submit_button("sp.consult_send_answer"),
            on_submit=S.answer, key=_form_key("answer"),
        ),
        class_name="cc-section",
    )


def _faq() -> rx.Component:
    sel = S.selected
    return rx.el.section(
        rx.el.h3(t("sp.consult_faq_title")),
        rx.cond(
            sel["faq"] == "yes",
            rx.el.div(
                rx.el.p(t("sp.consult_faq_is_published"), class_name="cc-strong"),
                rx.el.button(t("sp.consult_withdraw_faq"), type="button",
                             on_click=S.withdraw_faq,
                             class_name="cc-button cc-button--warning"),
            ),
            rx.el.p(t("sp.consult_faq_lead")),
        ),
        form(
            textarea_field(S, "faq_question", "sp.consult_faq_question",
                           hint_key="sp.consult_faq_hint", rows=4, max_length=MAX_TEXT,
                           default_value=sel["faq_question"]),
            personal_data_marks(S, "faq_question"),
            textarea_field(S, "faq_answer", "sp.consult_faq_answer", rows=8,
                           max_length=MAX_TEXT, default_value=sel["faq_answer"]),
            personal_data_marks(S, "faq_answer"),
            rx.cond(sel["faq"] == "yes", submit_button("sp.consult_update_faq"),
                    submit_button("sp.consult_publish_faq")),
            on_submit=S.publish_faq, key=_form_key("faq"),
        ),
        class_name="cc-section cc-section--boxed",
    )


def _selected() -> rx.Component:
    sel = S.selected
    return rx.cond(
        S.selected_id > 0,
        rx.el.section(
            rx.el.h2(tf("sp.consult_selected", number=sel["number"]), id="selected-question",
                     tab_index=-1),
            error_summary(S),
            notice_banner(S),
            rx.el.dl(
                fact("sp.col_subject", sel["subject"]),
                fact("sp.office", bi_pair(sel["office_zh"], sel["office_en"])),
                fact("sp.col_asked", sel["asked"]),
                fact("sp.status", bi_pair(sel["status_zh"], sel["status_en"])),
                class_name="cc-summary",
            ),
            rx.el.h3(t("sp.col_question")),
            rx.el.p(sel["question"], class_name="cc-quote"),
            rx.cond(
                sel["status"] == "answered",
                rx.fragment(
                    rx.el.h3(t("sp.consult_answer_given")),
                    rx.el.p(sel["answer"], class_name="cc-quote"),
                    rx.el.p(tf("sp.consult_answered_at", when=sel["answered"]),
                            class_name="cc-meta"),
                    _faq(),
                ),
                _answer_form(),
            ),
            rx.el.p(rx.el.button(t("sp.back_to_list"), type="button",
                                 on_click=S.close_selection, class_name="cc-link-button")),
            class_name="cc-section cc-section--boxed",
        ),
    )


@page(ROUTE, "sp.consult_title", on_load=S.load)
def staff_consultations() -> rx.Component:
    """The office's policy questions: answer them, publish them to the FAQ."""
    return staff_frame(
        S, ROUTE,
        rx.el.h1(t("sp.consult_title")),
        rx.el.p(t("sp.consult_lead"), class_name="cc-lead"),
        rx.cond(S.refused, rx.el.p(t("sp.refused"), role="alert",
                                   class_name="cc-notice cc-notice--warning")),
        rx.el.nav(rx.el.ul(_tab("open"), _tab("answered"), class_name="cc-queues"),
                  aria_label=t("sp.consult_tabs")),
        rx.cond(S.loaded, _list(), rx.el.p(t("common.loading"), class_name="cc-meta")),
        _selected(),
    )
