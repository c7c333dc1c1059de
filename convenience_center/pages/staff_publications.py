"""``/staff/publications``: write, publish and withdraw the office's open government items."""

from __future__ import annotations

import reflex as rx

from convenience_center.components.bilingual import bi, bi_pair
from convenience_center.components.forms import (
    error_summary,
    field_error,
    form,
    notice_banner,
    select_field,
    submit_button,
    text_field,
    textarea_field,
)
from convenience_center.components.i18n import colon, t, tf
from convenience_center.components.links import file_link
from convenience_center.components.personal_data import personal_data_marks
from convenience_center.components.staff_nav import staff_frame
from convenience_center.components.tables import head, row
from convenience_center.components.vars import Row, component_match
from convenience_center.domain.participation import PUBLICATION_CATEGORIES
from convenience_center.pages import page
from convenience_center.services.publications import MAX_BODY, MAX_REASON, MAX_TITLE
from convenience_center.state.staff_publications import UPLOAD_ID
from convenience_center.state.staff_publications import StaffPublicationsState as S

ROUTE = "/staff/publications"


def _status(row: Row) -> rx.Component:
    return component_match(
        row["status"],
        ("published", rx.el.span(t("sp.pub_status_published"), class_name="cc-tag cc-tag--green")),
        ("withdrawn", rx.el.span(t("sp.pub_status_withdrawn"), class_name="cc-tag cc-tag--grey")),
        rx.el.span(t("sp.pub_status_draft"), class_name="cc-tag cc-tag--blue"),
    )


def _dates(row: Row) -> rx.Component:
    return rx.el.ul(
        rx.el.li(t("sp.pub_created"), colon(), row["created"]),
        rx.el.li(t("sp.pub_updated"), colon(), row["updated"]),
        rx.cond(row["published"] != "", rx.el.li(t("sp.pub_published_on"), colon(),
                                                  row["published"])),
        rx.cond(row["withdrawn"] != "", rx.el.li(t("sp.pub_withdrawn_on"), colon(),
                                                  row["withdrawn"])),
        rx.cond(row["withdrawn_reason"] != "", rx.el.li(tf("sp.pub_withdrawn_reason",
                                                            reason=row["withdrawn_reason"]))),
        class_name="cc-plain-list cc-meta",
    )


def _hidden(row: Row) -> rx.Component:
    """Which item a button acts on, for screen readers."""
    return rx.el.span(" ", bi_pair(row["title_zh"], row["title_en"]),
                      class_name="cc-visually-hidden")


def _actions(row: Row) -> rx.Component:
    return rx.el.div(
        rx.el.button(t("sp.pub_edit"), _hidden(row), type="button", on_click=S.edit(row["id"]),
                     class_name="cc-link-button"),
        rx.cond(
            row["status"] == "published",
            rx.el.button(t("sp.pub_withdraw"), _hidden(row), type="button",
                         on_click=S.ask_withdraw(row["id"]), class_name="cc-link-button"),
            rx.el.button(t("sp.pub_publish"), _hidden(row), type="button",
                         on_click=S.publish(row["id"]), class_name="cc-link-button"),
        ),
        class_name="cc-actions",
    )


def _list() -> rx.Component:
    labels = [t(h) for h in ("sp.col_number", "sp.pub_title", "sp.pub_category", "sp.status",
                             "sp.pub_dates", "sp.col_action")]
    return rx.cond(
        S.rows.length() > 0,
        rx.el.div(
            rx.el.table(
                rx.el.caption(t("sp.pub_list"), class_name="cc-visually-hidden"),
                head(labels),
                rx.el.tbody(rx.foreach(S.rows, lambda r: row(
                    labels,
                    r["pub_no"],
                    bi_pair(r["title_zh"], r["title_en"]),
                    bi_pair(r["category_zh"], r["category_en"]),
                    _status(r),
                    _dates(r),
                    _actions(r),
                ))),
                class_name="cc-table",
            ),
            class_name="cc-table-wrap", tab_index=0, role="region", aria_label=t("sp.pub_list"),
        ),
        rx.el.p(t("sp.pub_none"), role="status", class_name="cc-notice"),
    )


def _editor_form() -> rx.Component:
    e = S.editing
    categories = [("", t("sp.choose"))] + [(code, bi(text))
                                           for code, text in PUBLICATION_CATEGORIES.items()]
    return form(
        select_field(S, "category", "sp.pub_category", categories,
                     default_value=e.get("category", "")),
        text_field(S, "title_zh", "sp.pub_title_zh", max_length=MAX_TITLE,
                   default_value=e.get("title_zh", ""), spellcheck=True),
        personal_data_marks(S, "title_zh"),
        text_field(S, "title_en", "sp.pub_title_en", max_length=MAX_TITLE,
                   default_value=e.get("title_en", ""), spellcheck=True),
        personal_data_marks(S, "title_en"),
        textarea_field(S, "body_zh", "sp.pub_body_zh", hint_key="sp.pub_markdown_hint",
                       rows=14, max_length=MAX_BODY, default_value=e.get("body_zh", "")),
        personal_data_marks(S, "body_zh"),
        textarea_field(S, "body_en", "sp.pub_body_en", hint_key="sp.pub_markdown_hint",
                       rows=14, max_length=MAX_BODY, default_value=e.get("body_en", "")),
        personal_data_marks(S, "body_en"),
        rx.el.div(
            rx.cond(e.get("status", "") == "published",
                    submit_button("sp.pub_save_published"), submit_button("sp.pub_save_draft")),
            rx.el.button(t("sp.pub_close_editor"), type="button", on_click=S.close_editor,
                         class_name="cc-button cc-button--secondary"),
            class_name="cc-actions",
        ),
        on_submit=S.save, key="editor-" + S.editing_id.to(str) + "-" + S.generation.to(str),
    )


def _file_error() -> rx.Component:
    error = field_error(S, "file")
    return rx.cond(error != "", rx.el.p(
        rx.el.span(t("common.error_summary") + ": ", class_name="cc-visually-hidden"),
        error, id="f-file-error", class_name="cc-error-message"))


def _attachments() -> rx.Component:
    return rx.el.section(
        rx.el.h3(t("sp.attachments")),
        rx.cond(S.editing_files.length() > 0,
                rx.el.ul(rx.foreach(S.editing_files, lambda f: rx.el.li(file_link(
                    f["name"], href="/files/" + f["id"].to(str)))), class_name="cc-plain-list"),
                rx.el.p(t("sp.no_attachments"), class_name="cc-meta")),
        rx.cond(
            S.editing_id > 0,
            rx.el.div(
                _file_error(),
                # The label wraps the drop zone, and so the file input inside it: clicking
                # the label opens the file dialog and screen readers name the input by it.
                rx.el.label(
                    rx.el.span(t("sp.pub_file"), class_name="cc-label"),
                    rx.el.span(t("sp.pub_file_hint"), class_name="cc-hint"),
                    rx.upload.root(
                        rx.el.span(t("sp.pub_drop"), class_name="cc-dropzone__text"),
                        id=UPLOAD_ID, multiple=False, max_files=1, no_click=True,
                        accept={"application/pdf": [".pdf"], "image/jpeg": [".jpg", ".jpeg"],
                                "image/png": [".png"]},
                        class_name="cc-dropzone",
                    ),
                    id="f-file",
                    class_name=rx.cond(field_error(S, "file") != "",
                                       "cc-field cc-field--error cc-upload",
                                       "cc-field cc-upload"),
                ),
                rx.foreach(rx.selected_files(UPLOAD_ID), lambda name: rx.el.p(
                    t("sp.pub_selected"), name, class_name="cc-meta")),
                rx.el.button(t("sp.pub_upload"), type="button",
                             # Cleared by the page itself once the upload is sent (a script
                             # sent by the server would need 'unsafe-eval', which the CSP
                             # forbids).
                             on_click=[S.upload(rx.upload_files(upload_id=UPLOAD_ID)),
                                       rx.clear_selected_files(UPLOAD_ID)],
                             class_name="cc-button cc-button--secondary"),
            ),
            rx.el.p(t("sp.pub_save_first"), class_name="cc-meta"),
        ),
        class_name="cc-section",
    )


def _editor() -> rx.Component:
    return rx.cond(
        S.editor_open,
        rx.el.section(
            rx.el.h2(rx.cond(S.editing_id > 0,
                             tf("sp.pub_editing", number=S.editing.get("pub_no", "")),
                             t("sp.pub_new")),
                     id="editor-title", tab_index=-1),
            rx.cond(S.editing.get("status", "") == "published",
                    rx.el.p(t("sp.pub_published_note"), class_name="cc-notice cc-notice--info")),
            _editor_form(),
            _attachments(),
            class_name="cc-section cc-section--boxed",
        ),
    )


def _withdrawing_heading(item: Row) -> rx.Component:
    """The item being withdrawn, named (picked from the list in the page: a computed var for
    it would load this state into every event of every tab)."""
    return rx.cond(
        item["id"] == S.withdrawing_id,
        rx.fragment(
            rx.el.h2(tf("sp.pub_withdraw_confirm_title", number=item["pub_no"]),
                     id="withdraw-title", tab_index=-1, class_name="cc-confirm__title"),
            rx.el.p(rx.el.strong(bi_pair(item["title_zh"], item["title_en"]))),
        ),
    )


def _withdraw_panel() -> rx.Component:
    """The second step of a withdrawal: the reason, then an explicit "yes"."""
    return rx.cond(
        S.withdrawing_id != "",
        rx.el.section(
            rx.foreach(S.rows, _withdrawing_heading),
            rx.el.p(t("sp.pub_withdraw_confirm_lead")),
            form(
                textarea_field(S, "withdraw_reason", "sp.pub_withdraw_reason",
                               hint_key="sp.pub_withdraw_reason_hint", rows=3,
                               max_length=MAX_REASON),
                personal_data_marks(S, "withdraw_reason"),
                rx.el.div(
                    rx.el.button(t("sp.pub_withdraw_yes"), type="submit",
                                 class_name="cc-button cc-button--warning"),
                    rx.el.button(t("sp.pub_withdraw_no"), type="button",
                                 on_click=S.cancel_withdraw,
                                 class_name="cc-button cc-button--secondary"),
                    class_name="cc-actions",
                ),
                on_submit=S.withdraw,
                key="withdraw-" + S.withdrawing_id + "-" + S.generation.to(str),
            ),
            class_name="cc-confirm",
            role="region", aria_labelledby="withdraw-title",
        ),
    )


def _content() -> rx.Component:
    return rx.fragment(
        rx.el.div(error_summary(S), notice_banner(S), id="publications-notice", tab_index=-1),
        rx.cond(~S.editor_open, rx.el.p(rx.el.button(
            t("sp.pub_new"), type="button", on_click=S.new_item, class_name="cc-button"))),
        _withdraw_panel(),
        _editor(),
        rx.el.h2(t("sp.pub_list")),
        _list(),
    )


@page(ROUTE, "sp.pub_title", on_load=S.load)
def staff_publications() -> rx.Component:
    """The office's publications (officers with the publishing right)."""
    return staff_frame(
        S, ROUTE,
        rx.el.h1(t("sp.pub_title")),
        rx.el.p(t("sp.pub_lead"), class_name="cc-lead"),
        rx.cond(S.refused, rx.el.p(t("sp.refused"), role="alert",
                                   class_name="cc-notice cc-notice--warning")),
        rx.cond(
            S.loaded,
            rx.cond(S.may_publish, _content(),
                    rx.el.p(t("sp.pub_no_right"), role="alert",
                            class_name="cc-notice cc-notice--warning")),
            rx.el.p(t("common.loading"), class_name="cc-meta"),
        ),
    )
