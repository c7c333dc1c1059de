"""``/staff/complaints``: complaints and suggestions: assign an accountable handler, reply."""

from __future__ import annotations

import reflex as rx

from convenience_center import paths
from convenience_center.components.bilingual import bi, bi_pair
from convenience_center.components.forms import (
    error_summary,
    field_error,
    form,
    notice_banner,
    select_field,
    submit_button,
    textarea_field,
)
from convenience_center.components.i18n import colon, t, tf
from convenience_center.components.links import file_link, link
from convenience_center.components.staff_nav import staff_frame
from convenience_center.components.summary import fact
from convenience_center.components.tables import head, row
from convenience_center.components.vars import Row, text_match
from convenience_center.domain.participation import COMPLAINT_STATUS, MAX_TEXT, ComplaintStatus
from convenience_center.pages import page
from convenience_center.state.staff_complaints import StaffComplaintsState as S

ROUTE = "/staff/complaints"


def _filter() -> rx.Component:
    options = [("", t("sp.complaint_all_statuses"))] + [
        (code, bi(text)) for code, text in COMPLAINT_STATUS.items()]
    return form(
        rx.el.div(
            select_field(S, "status", "sp.complaint_status_filter", options,
                         default_value=S.status_filter),
            rx.el.div(submit_button("sp.show", secondary=True), class_name="cc-field"),
            class_name="cc-inline-fields",
        ),
        on_submit=S.apply_filter, role="search", class_name="cc-form cc-filters",
    )


def _status(row: Row) -> rx.Component:
    tone = text_match(row["status"], (ComplaintStatus.CLOSED, "cc-tag--grey"),
                      (ComplaintStatus.REPLIED, "cc-tag--green"),
                      (ComplaintStatus.REOPENED, "cc-tag--amber"),
                      (ComplaintStatus.SUBMITTED, "cc-tag--red"), "cc-tag--blue")
    return rx.el.span(bi_pair(row["status_zh"], row["status_en"]),
                      class_name="cc-tag " + tone)


def _list() -> rx.Component:
    labels = [t(h) for h in ("sp.col_number", "sp.complaint_kind", "sp.col_subject",
                             "sp.office", "sp.status", "sp.complaint_received", "sp.due",
                             "sp.complaint_handler", "sp.col_action")]
    return rx.cond(
        S.rows.length() > 0,
        rx.el.div(
            rx.el.table(
                rx.el.caption(t("sp.complaint_list"), class_name="cc-visually-hidden"),
                head(labels),
                rx.el.tbody(rx.foreach(S.rows, lambda r: row(
                    labels,
                    r["number"],
                    bi_pair(r["kind_zh"], r["kind_en"]),
                    r["subject"],
                    bi_pair(r["office_zh"], r["office_en"]),
                    _status(r),
                    r["created"],
                    rx.fragment(r["due"], rx.cond(r["overdue"] == "yes", rx.el.span(
                        " ", t("sp.overdue"), class_name="cc-tag cc-tag--red"))),
                    rx.cond(r["handler"] != "", r["handler"], t("sp.complaint_no_handler")),
                    rx.el.button(
                        t("sp.open"), rx.el.span(" ", r["number"],
                                                 class_name="cc-visually-hidden"),
                        type="button", on_click=S.select(r["id"]),
                        class_name="cc-link-button"),
                ))),
                class_name="cc-table",
            ),
            class_name="cc-table-wrap", tab_index=0, role="region",
            aria_label=t("sp.complaint_list"),
        ),
        rx.el.p(t("sp.complaint_none"), role="status", class_name="cc-notice"),
    )


def _form_key(name: str) -> rx.Var:
    return name + "-" + S.selected_id.to(str) + "-" + S.generation.to(str)


def _handler_select() -> rx.Component:
    error = field_error(S, "handler")
    return rx.el.div(
        rx.el.label(t("sp.complaint_handler"), html_for="f-handler", class_name="cc-label"),
        rx.el.div(t("sp.complaint_handler_hint"), id="f-handler-hint", class_name="cc-hint"),
        rx.cond(error != "", rx.el.p(
            rx.el.span(t("common.error_summary") + ": ", class_name="cc-visually-hidden"),
            error, id="f-handler-error", class_name="cc-error-message")),
        rx.el.select(
            rx.el.option(t("sp.choose"), value=""),
            rx.foreach(S.handler_options, lambda o: rx.el.option(o["name"], value=o["value"])),
            id="f-handler", name="handler", default_value=S.handler_id,
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=rx.cond(error != "", "f-handler-hint f-handler-error",
                                     "f-handler-hint"),
            class_name="cc-select",
        ),
        class_name=rx.cond(error != "", "cc-field cc-field--error", "cc-field"),
    )


def _assign_form() -> rx.Component:
    return rx.el.section(
        rx.el.h3(t("sp.complaint_assign_title")),
        form(
            _handler_select(),
            rx.cond(S.handler_id != "", submit_button("sp.complaint_reassign", secondary=True),
                    submit_button("sp.complaint_assign", secondary=True)),
            on_submit=S.assign, key=_form_key("assign"),
        ),
        class_name="cc-section",
    )


def _reply_form() -> rx.Component:
    return rx.cond(
        S.is_handler,
        rx.el.section(
            rx.el.h3(t("sp.complaint_reply_title")),
            form(
                textarea_field(S, "reply", "sp.complaint_reply",
                               hint_key="sp.complaint_reply_hint", rows=8, max_length=MAX_TEXT),
                submit_button("sp.complaint_send_reply"),
                on_submit=S.reply, key=_form_key("reply"),
            ),
            class_name="cc-section cc-section--boxed",
        ),
        rx.cond(S.handler_id != "", rx.el.p(t("sp.complaint_only_handler"),
                                            class_name="cc-notice cc-notice--info")),
    )


def _history() -> rx.Component:
    return rx.el.ol(rx.foreach(S.history, lambda e: rx.el.li(
        rx.el.p(rx.el.span(e["at"], class_name="cc-meta")),
        rx.el.p(bi_pair(e["zh"], e["en"])),
        rx.cond(e["note"] != "", rx.el.p(t("sp.internal_note"), colon(), e["note"],
                                          class_name="cc-quote")),
        class_name="cc-timeline__item")), class_name="cc-timeline")


def _selected() -> rx.Component:
    sel = S.selected
    return rx.cond(
        sel.contains("number"),
        rx.el.section(
            rx.el.h2(tf("sp.complaint_selected", number=sel["number"]),
                     id="selected-complaint", tab_index=-1),
            error_summary(S),
            notice_banner(S),
            rx.el.dl(
                fact("sp.complaint_kind", bi_pair(sel["kind_zh"], sel["kind_en"])),
                fact("sp.col_subject", sel["subject"]),
                fact("sp.status", _status(sel)),
                fact("sp.office", bi_pair(sel["office_zh"], sel["office_en"])),
                rx.cond(sel["about_person"] != "",
                        fact("sp.complaint_about", sel["about_person"])),
                rx.cond(sel["case_no"] != "", fact("sp.case_no", link(
                    sel["case_no"], href=paths.staff_case(sel["case_no"].to(str))))),
                fact("sp.complaint_received", sel["created"]),
                fact("sp.due", sel["due"]),
                fact("sp.complaint_handler", rx.cond(sel["handler"] != "", sel["handler"],
                                                     t("sp.complaint_no_handler"))),
                rx.cond(sel["reopened"] != "0",
                        fact("sp.complaint_reopened", sel["reopened"])),
                rx.cond(sel["satisfaction"] != "", fact(
                    "sp.complaint_verdict",
                    rx.cond(sel["satisfaction"] == "satisfied", t("sp.complaint_satisfied"),
                            t("sp.complaint_unsatisfied")))),
                class_name="cc-summary",
            ),
            rx.el.h3(t("sp.complaint_text")),
            rx.el.p(sel["body"], class_name="cc-quote"),
            rx.el.h3(t("sp.attachments")),
            rx.cond(S.files.length() > 0,
                    rx.el.ul(rx.foreach(S.files, lambda f: rx.el.li(file_link(
                        f["name"], href="/files/" + f["id"].to(str)))),
                             class_name="cc-plain-list"),
                    rx.el.p(t("sp.no_attachments"), class_name="cc-meta")),
            rx.cond(sel["reply"] != "", rx.fragment(
                rx.el.h3(t("sp.complaint_reply_sent")),
                rx.el.p(sel["reply"], class_name="cc-quote"))),
            rx.el.h3(t("sp.history")),
            _history(),
            rx.cond(sel["status"] != ComplaintStatus.CLOSED,
                    rx.fragment(_assign_form(), _reply_form()),
                    rx.el.p(t("sp.complaint_closed"), class_name="cc-notice")),
            rx.el.p(rx.el.button(t("sp.back_to_list"), type="button",
                                 on_click=S.close_selection, class_name="cc-link-button")),
            class_name="cc-section cc-section--boxed",
        ),
    )


@page(ROUTE, "sp.complaint_title", on_load=S.load)
def staff_complaints() -> rx.Component:
    """The office's complaints and suggestions."""
    return staff_frame(
        S, ROUTE,
        rx.el.h1(t("sp.complaint_title")),
        rx.el.p(t("sp.complaint_lead"), class_name="cc-lead"),
        rx.cond(S.refused, rx.el.p(t("sp.refused"), role="alert",
                                   class_name="cc-notice cc-notice--warning")),
        _filter(),
        rx.cond(S.loaded, _list(), rx.el.p(t("common.loading"), class_name="cc-meta")),
        _selected(),
    )
