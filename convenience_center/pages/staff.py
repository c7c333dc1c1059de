"""``/staff``: the work queues; ``/staff/cases/<case_no>``: one case and its actions."""

from __future__ import annotations

import reflex as rx

from convenience_center import paths
from convenience_center.components.bilingual import bi_pair
from convenience_center.components.case_record import (
    case_answers,
    case_documents,
    case_message,
    service_fact,
)
from convenience_center.components.i18n import IS_EN, colon, t, tf
from convenience_center.components.links import file_link, link
from convenience_center.components.staff_nav import staff_nav
from convenience_center.components.summary import case_status_tag, fact
from convenience_center.components.vars import Item
from convenience_center.domain.cases import CertificateStanding
from convenience_center.pages import page
from convenience_center.pages.staff_queue import queue_filters, queue_table, queue_tabs
from convenience_center.state.live import StaffCaseActivity
from convenience_center.state.staff import StaffCaseState as C
from convenience_center.state.staff import StaffDashboardState as D


def _live() -> rx.Component:
    """Reload the case when its shared counter moves (mounted only then). The dashboard
    needs nothing of the kind: changes are written into it (state/staff.py)."""
    return rx.cond(StaffCaseActivity.changes != C.seen_changes,
                   rx.el.span(on_mount=C.refresh, class_name="cc-visually-hidden"))


@page("/staff", "staff.title", on_load=D.load)
def dashboard() -> rx.Component:
    """The officer's work queues, live."""
    return rx.el.div(
        rx.cond(
            D.allowed,
            rx.fragment(
                staff_nav("/staff"),
                rx.el.h1(t("staff.title")),
                rx.el.p(bi_pair(D.office_zh, D.office_en), class_name="cc-caption"),
                queue_tabs(),
                queue_filters(),
                rx.cond(D.rows.length() > 0, queue_table(),
                        rx.el.p(t("staff.empty"), role="status", class_name="cc-notice")),
                rx.el.div(
                    rx.cond(D.page_number > 1, rx.el.button(
                        t("common.previous"), type="button", on_click=D.previous_page,
                        class_name="cc-button cc-button--secondary")),
                    rx.el.span(tf("staff.page", page=D.page_number.to(str)),
                               class_name="cc-meta cc-page-number"),
                    rx.cond(D.has_next, rx.el.button(
                        t("common.next"), type="button", on_click=D.next_page,
                        class_name="cc-button cc-button--secondary")),
                    class_name="cc-actions cc-pager",
                ),
            ),
            rx.cond(D.signed_in, rx.el.p(t("common.permission_denied"), role="alert",
                                         class_name="cc-notice cc-notice--warning"),
                    rx.el.p(t("common.loading"), class_name="cc-meta")),
        ),
    )


def _actions() -> rx.Component:
    c = C.case
    return rx.cond(
        c["can_act"] & (c["actions"].to(list).length() > 0),
        rx.el.section(
            rx.el.h2(t("staff.actions")),
            rx.el.form(
                rx.el.fieldset(
                    rx.el.legend(t("staff.choose_action"), class_name="cc-label"),
                    rx.foreach(c["actions"].to(list[dict[str, str]]), lambda a: rx.el.div(
                        rx.el.input(id="a-" + a["name"].to(str), name="action", type="radio",
                                    value=a["name"], on_click=C.choose(a["name"].to(str)),
                                    class_name="cc-radio__input"),
                        rx.el.label(rx.cond(IS_EN, a["en"], a["zh"]),
                                    html_for="a-" + a["name"].to(str),
                                    class_name="cc-radio__label"),
                        class_name="cc-radio")),
                    class_name="cc-fieldset",
                ),
                rx.el.div(
                    rx.el.label(t("staff.reason"), html_for="f-reason", class_name="cc-label"),
                    rx.el.div(t("staff.reason_hint"), id="f-reason-hint", class_name="cc-hint"),
                    rx.el.textarea(id="f-reason", name="reason", rows="4", max_length=2000,
                                   aria_describedby="f-reason-hint", class_name="cc-textarea"),
                    class_name="cc-field",
                ),
                rx.el.button(t("staff.submit_action"), type="submit", class_name="cc-button"),
                on_submit=C.act, reset_on_submit=False, no_validate=True, method="post",
                key=C.generation.to(str), class_name="cc-form",
            ),
            class_name="cc-section cc-section--boxed",
        ),
        rx.cond(c["undecided"], rx.el.p(t("staff.not_your_step"), class_name="cc-notice")),
    )


def _case_facts(c: Item) -> rx.Component:
    """The officer's summary: who applied, who holds the case, when it is due, and more."""
    return rx.el.dl(
        service_fact(c),
        fact("case.status", case_status_tag(c["status"], c["status_zh"], c["status_en"])),
        fact("staff.applicant", rx.fragment(c["applicant"], " · ", c["applicant_id"], " · ",
                                            c["applicant_phone"])),
        fact("case.office", bi_pair(c["office_zh"], c["office_en"])),
        fact("staff.held_by", bi_pair(c["holder_zh"], c["holder_en"])),
        fact("case.submitted", c["submitted"]),
        fact("staff.due", c["due"]),
        rx.cond(c["supplement"] != "", fact("staff.supplement", c["supplement"])),
        rx.cond(c["named_zh"] != "", fact("staff.named_certificate",
                                          bi_pair(c["named_zh"], c["named_en"]))),
        rx.cond(c["certificate"] != "", fact("staff.certificate", rx.fragment(
            link(c["certificate"], href="/verify/" + c["certificate"].to(str)),
            rx.el.br(),
            rx.el.span(bi_pair(c["certificate_note_zh"], c["certificate_note_en"]),
                       class_name=rx.cond(
                           c["certificate_status"] == CertificateStanding.VALID,
                           "cc-tag cc-tag--green", "cc-tag cc-tag--red"))))),
        class_name="cc-summary",
    )


def _reveal_ids(c: Item) -> rx.Component:
    """The button that shows the ID numbers in full (masked until asked; the access is logged)."""
    return rx.cond(~c["full_ids"], rx.el.p(rx.el.button(
        t("staff.reveal_ids"), type="button", on_click=C.reveal_ids,
        class_name="cc-link-button"), " ", rx.el.span(t("staff.reveal_ids_note"),
                                                      class_name="cc-meta")))


def _timeline(c: Item) -> rx.Component:
    """The history of the case with the office of each step and the internal notes."""
    return rx.el.ol(rx.foreach(c["events"].to(list[dict[str, str]]), lambda e: rx.el.li(
        rx.el.p(rx.el.strong(bi_pair(e["status_zh"], e["status_en"])), " · ",
                rx.el.span(e["at"], " · ", bi_pair(e["office_zh"], e["office_en"]),
                           class_name="cc-meta")),
        rx.el.p(bi_pair(e["zh"], e["en"])),
        rx.cond(e["comment"] != "", rx.el.p(t("staff.internal_note"), colon(),
                                             e["comment"], class_name="cc-quote")),
        class_name="cc-timeline__item")), class_name="cc-timeline")


def _case(c: Item) -> rx.Component:
    """A loaded case: facts, the printable summary, actions, answers, documents, history."""
    return rx.el.div(
        rx.el.h1(t("staff.case_title"), " ", c["case_no"]),
        _case_facts(c),
        rx.el.p(file_link(t("staff.print_summary"),
                          href=rx.cond(IS_EN,
                                       paths.case_summary_pdf(c["case_no"].to(str), "en"),
                                       paths.case_summary_pdf(c["case_no"].to(str), "zh")),
                          class_name="cc-button cc-button--secondary")),
        _actions(),
        rx.el.h2(t("staff.answers")),
        _reveal_ids(c),
        case_answers(c),
        rx.el.h2(t("staff.documents")),
        case_documents(c),
        rx.el.h2(t("case.timeline")),
        _timeline(c),
    )


@page("/staff/cases/[case_no]", "staff.case_title", on_load=C.load)
def staff_case() -> rx.Component:
    """One case for the officer: facts, answers, documents, history, actions."""
    c = C.case
    return rx.el.div(
        _live(),
        rx.el.p(link("‹ ", t("staff.back"), href="/staff"), class_name="cc-back"),
        case_message(C.problem, alert=True),
        case_message(C.notice, alert=False),
        rx.cond(
            ~C.found,
            rx.el.h1(t("staff.case_not_found")),
            rx.cond(c.contains("case_no"), _case(c),
                    rx.el.p(t("common.loading"), class_name="cc-meta")),
        ),
        class_name="cc-narrow",
    )
