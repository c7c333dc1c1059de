"""The pieces of ``/complaints`` (pages/participation.py): the documents sent with a new
complaint, and one complaint of the citizen's list with its documents, reply, verdict and
history."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from convenience_center.components.bilingual import bi_pair
from convenience_center.components.forms import field_error
from convenience_center.components.i18n import t
from convenience_center.components.links import file_link
from convenience_center.components.vars import Item
from convenience_center.domain.participation import ComplaintStatus
from convenience_center.state.participation import ComplaintsState

COMPLAINT_UPLOAD = "complaint-files"
NEW_COMPLAINT_UPLOAD = "new-complaint-files"
ACCEPTED_FILES: dict[str, Sequence[str]] = {
    "application/pdf": [".pdf"], "image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]}


def new_complaint_files() -> rx.Component:
    """Documents sent with the complaint itself (checked on the server when it is sent)."""
    error = field_error(ComplaintsState, "files")
    return rx.el.div(
        rx.cond(error != "", rx.el.p(
            rx.el.span(t("common.error_summary") + ": ", class_name="cc-visually-hidden"),
            error, id="f-files-error", class_name="cc-error-message")),
        # The label wraps the drop zone and so its file input: it names the input. Keyed by
        # the files sent (ComplaintsState.files_generation): a new input after each answer.
        rx.el.label(
            rx.el.span(t("complaints.files"), rx.el.span(" ", t("common.optional"),
                                                        class_name="cc-optional"),
                       class_name="cc-label"),
            rx.el.span(t("complaints.file_hint"), class_name="cc-hint"),
            rx.upload.root(
                rx.el.span(t("complaints.drop"), class_name="cc-dropzone__text"),
                id=NEW_COMPLAINT_UPLOAD, multiple=True, max_files=3, no_click=True,
                accept=ACCEPTED_FILES, class_name="cc-dropzone",
            ),
            id="f-files", key=ComplaintsState.files_generation.to(str),
        ),
        rx.foreach(rx.selected_files(NEW_COMPLAINT_UPLOAD), lambda name: rx.el.p(
            t("complaints.selected"), name, class_name="cc-meta")),
        class_name=rx.cond(error != "", "cc-field cc-field--error cc-upload",
                           "cc-field cc-upload"),
    )


def _upload_panel(c: Item) -> rx.Component:
    """Add documents to an open complaint (one panel at a time, for the chosen complaint)."""
    s = ComplaintsState
    error = field_error(s, "file")
    return rx.cond(
        s.attaching_to == c["tracking_no"],
        rx.el.div(
            rx.cond(error != "", rx.el.p(error, id="f-file-error",
                                         class_name="cc-error-message")),
            # Keyed by the documents sent (ComplaintsState.attach_generation), as the new
            # complaint's file field: a new input after each answer.
            rx.el.label(
                rx.el.span(t("complaints.file"), class_name="cc-label"),
                rx.el.span(t("complaints.file_hint"), class_name="cc-hint"),
                rx.upload.root(
                    rx.el.span(t("complaints.drop"), class_name="cc-dropzone__text"),
                    id=COMPLAINT_UPLOAD, multiple=True, max_files=3, no_click=True,
                    accept=ACCEPTED_FILES, class_name="cc-dropzone",
                ),
                id="f-file", key=s.attach_generation.to(str),
                class_name=rx.cond(error != "", "cc-field cc-field--error cc-upload",
                                   "cc-field cc-upload"),
            ),
            rx.foreach(rx.selected_files(COMPLAINT_UPLOAD), lambda name: rx.el.p(
                t("complaints.selected"), name, class_name="cc-meta")),
            rx.el.div(
                rx.el.button(t("complaints.upload"), type="button",
                             on_click=[s.attach(rx.upload_files(upload_id=COMPLAINT_UPLOAD)),
                                       rx.clear_selected_files(COMPLAINT_UPLOAD)],
                             class_name="cc-button cc-button--secondary"),
                rx.el.button(t("common.cancel"), type="button", on_click=s.select(""),
                             class_name="cc-link-button"),
                class_name="cc-actions",
            ),
            class_name="cc-section--boxed cc-form",
        ),
        rx.el.p(rx.el.button(
            t("complaints.add_document"),
            rx.el.span(" ", c["tracking_no"], class_name="cc-visually-hidden"),
            type="button", on_click=s.select(c["tracking_no"].to(str)),
            class_name="cc-link-button")),
    )


def complaint_item(c: Item) -> rx.Component:
    """One complaint of the citizen's list."""
    s = ComplaintsState
    return rx.el.li(
        rx.el.h3(c["subject"], " ", rx.el.span(c["tracking_no"], class_name="cc-meta"),
                 class_name="cc-item__title"),
        rx.el.p(bi_pair(c["status_zh"], c["status_en"]), " · ", c["created"], " · ",
                bi_pair(c["office_zh"], c["office_en"]), " · ", t("complaints.due"), " ",
                c["due"], class_name="cc-meta"),
        rx.el.p(c["body"], class_name="cc-quote"),
        rx.cond(c["files"].to(list).length() > 0, rx.el.ul(rx.foreach(
            c["files"].to(list[dict[str, str]]), lambda f: rx.el.li(file_link(
                f["name"], href="/files/" + f["id"].to(str)))), class_name="cc-plain-list")),
        rx.cond(c["status"] != ComplaintStatus.CLOSED, _upload_panel(c)),
        rx.cond(c["reply"] != "", rx.el.div(
            rx.el.p(rx.el.strong(t("complaints.reply"))),
            rx.el.p(c["reply"], class_name="cc-answer"))),
        rx.cond(c["status"] == ComplaintStatus.REPLIED, rx.el.form(
            rx.el.input(type="hidden", name="tracking_no", value=c["tracking_no"]),
            rx.el.fieldset(
                rx.el.legend(t("complaints.satisfied_question"), class_name="cc-label"),
                rx.el.div(rx.el.input(id="v-yes-" + c["tracking_no"].to(str), name="verdict",
                                      type="radio", value="satisfied",
                                      class_name="cc-radio__input"),
                          rx.el.label(t("complaints.satisfied"),
                                      html_for="v-yes-" + c["tracking_no"].to(str),
                                      class_name="cc-radio__label"), class_name="cc-radio"),
                rx.el.div(rx.el.input(id="v-no-" + c["tracking_no"].to(str), name="verdict",
                                      type="radio", value="unsatisfied",
                                      class_name="cc-radio__input"),
                          rx.el.label(t("complaints.unsatisfied"),
                                      html_for="v-no-" + c["tracking_no"].to(str),
                                      class_name="cc-radio__label"), class_name="cc-radio"),
                class_name="cc-fieldset",
            ),
            rx.el.label(t("complaints.comment"), html_for="c-" + c["tracking_no"].to(str),
                        class_name="cc-label"),
            rx.el.textarea(id="c-" + c["tracking_no"].to(str), name="comment", rows="2",
                           max_length=1000, class_name="cc-textarea"),
            rx.el.button(t("complaints.send_verdict"), type="submit", class_name="cc-button"),
            on_submit=s.judge, reset_on_submit=False, no_validate=True, method="post",
            class_name="cc-form cc-section--boxed cc-verdict"),
        ),
        rx.el.details(
            rx.el.summary(t("complaints.history"), class_name="cc-details__summary"),
            rx.el.ol(rx.foreach(c["events"].to(list[dict[str, str]]), lambda e: rx.el.li(
                rx.el.span(e["at"], class_name="cc-meta"), " ", bi_pair(e["zh"], e["en"]))),
                class_name="cc-timeline"),
            class_name="cc-details",
        ),
        class_name="cc-item",
    )
