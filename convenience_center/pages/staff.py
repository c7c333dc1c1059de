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
from convenience_center.components.tables import head, row
from convenience_center.components.vars import Item, Row, component_match
from convenience_center.domain.cases import CaseStatus, CertificateStanding
from convenience_center.pages import page
from convenience_center.state.live import StaffCaseActivity
from convenience_center.state.staff import StaffCaseState as C
from convenience_center.state.staff import StaffDashboardState as D

QUEUE_KEYS = ("to_accept", "in_review", "waiting", "due_soon", "overdue", "decided", "all")
STATUSES = tuple(s.value for s in CaseStatus)


def _live() -> rx.Component:
    """Reload the case when its shared counter moves (mounted only then). The dashboard
    needs nothing of the kind: changes are written into it (state/staff.py)."""
    return rx.cond(StaffCaseActivity.changes != C.seen_changes,
                   rx.el.span(on_mount=C.refresh, class_name="cc-visually-hidden"))


def _queue_tab(key: str) -> rx.Component:
    return rx.el.li(
        rx.el.button(
            t(f"staff.queue_{key}"), " ",
            rx.el.span(D.counts.get(key, "0"), class_name="cc-count"),
            type="button", on_click=D.show_queue(key),
            aria_pressed=rx.cond(D.queue == key, "true", "false"),
            class_name=rx.cond(D.queue == key, "cc-queue cc-queue--active", "cc-queue"),
        ),
    )


def _select(name: str, label_key: str, options: rx.Component | list[rx.Component],
            all_key: str = "staff.any") -> rx.Component:
    return rx.el.div(
        rx.el.label(t(label_key), html_for=f"f-{name}", class_name="cc-label"),
        rx.el.select(
            rx.el.option(t(all_key), value=""),
            options,
            id=f"f-{name}", name=name, default_value=D.filters.get(name, ""),
            class_name="cc-select",
        ),
        class_name="cc-field",
    )


def _filters() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            rx.el.div(
                rx.el.label(t("staff.search"), html_for="f-search", class_name="cc-label"),
                rx.el.div(t("staff.search_hint"), id="f-search-hint", class_name="cc-hint"),
                rx.el.input(id="f-search", name="search", type="search",
                            default_value=D.filters.get("search", ""), max_length=60,
                            aria_describedby="f-search-hint", class_name="cc-input"),
                class_name="cc-field",
            ),
            _select("service", "staff.service", rx.foreach(D.services, lambda o: rx.el.option(
                rx.cond(IS_EN, o["en"], o["zh"]), value=o["value"]))),
            _select("office", "staff.office", rx.foreach(D.offices, lambda o: rx.el.option(
                rx.cond(IS_EN, o["en"], o["zh"]), value=o["value"]))),
            _select("status", "staff.status", [rx.el.option(t(f"status.{s}"), value=s)
                                               for s in STATUSES]),
            rx.el.div(
                rx.el.label(t("staff.date_from"), html_for="f-date_from", class_name="cc-label"),
                rx.el.input(id="f-date_from", name="date_from", type="date",
                            default_value=D.filters.get("date_from", ""), class_name="cc-input"),
                class_name="cc-field",
            ),
            rx.el.div(
                rx.el.label(t("staff.date_to"), html_for="f-date_to", class_name="cc-label"),
                rx.el.input(id="f-date_to", name="date_to", type="date",
                            default_value=D.filters.get("date_to", ""), class_name="cc-input"),
                class_name="cc-field",
            ),
            rx.el.div(
                rx.el.label(t("staff.sort"), html_for="f-sort", class_name="cc-label"),
                rx.el.select(
                    rx.el.option(t("staff.sort_newest"), value="newest"),
                    rx.el.option(t("staff.sort_oldest"), value="oldest"),
                    rx.el.option(t("staff.sort_due"), value="due"),
                    id="f-sort", name="sort", default_value=D.filters.get("sort", "newest"),
                    class_name="cc-select"),
                class_name="cc-field",
            ),
            class_name="cc-filter-grid",
        ),
        rx.el.button(t("staff.apply_filters"), type="submit",
                     class_name="cc-button cc-button--secondary"),
        on_submit=D.apply_filters, reset_on_submit=False, no_validate=True, method="post",
        role="search", class_name="cc-form cc-filters",
    )


def _due(r: Row) -> rx.Component:
    """Due: the date while the clock runs (or is paused); a decided case says when it closed."""
    return component_match(
        r["due_state"],
        ("closed", rx.el.span(rx.cond(r["closed"] != "", tf("staff.due_closed",
                                                              date=r["closed"].to(str)),
                                      t("staff.due_closed_undated")), class_name="cc-meta")),
        ("paused", rx.fragment(r["due"], " ", rx.el.span(t("staff.due_paused"),
                                                         class_name="cc-tag cc-tag--amber"))),
        rx.fragment(r["due"], rx.cond(r["overdue"], rx.el.span(
            " ", t("staff.overdue"), class_name="cc-tag cc-tag--red"))),
    )


def _table() -> rx.Component:
    labels = [t(h) for h in ("staff.col_case", "staff.col_service", "staff.col_applicant",
                             "staff.col_status", "staff.col_office", "staff.col_submitted",
                             "staff.col_due")]
    return rx.el.div(
        rx.el.table(
            rx.el.caption(tf("staff.queue_caption", page=D.page_number.to(str)),
                          class_name="cc-visually-hidden"),
            head(labels),
            rx.el.tbody(rx.foreach(D.rows, lambda r: row(
                labels,
                link(r["case_no"], href=paths.staff_case(r["case_no"].to(str))),
                rx.fragment(bi_pair(r["service_zh"], r["service_en"]), rx.el.br(),
                            rx.el.span(bi_pair(r["matter_zh"], r["matter_en"]),
                                       class_name="cc-meta")),
                r["applicant"],
                case_status_tag(r["status"], r["status_zh"], r["status_en"]),
                bi_pair(r["office_zh"], r["office_en"]),
                r["submitted"],
                _due(r),
            ))),
            class_name="cc-table",
        ),
        class_name="cc-table-wrap", tab_index=0, role="region", aria_label=t("staff.results"),
    )


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
                rx.el.nav(rx.el.ul(*[_queue_tab(k) for k in QUEUE_KEYS],
                                   class_name="cc-queues"), aria_label=t("staff.queues")),
                _filters(),
                rx.cond(D.rows.length() > 0, _table(),
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
