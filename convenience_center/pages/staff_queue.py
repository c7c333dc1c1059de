"""The queues of ``/staff`` (pages/staff.py): the tabs, the filter form and the table of the
cases."""

from __future__ import annotations

import reflex as rx

from convenience_center import paths
from convenience_center.components.bilingual import bi_pair
from convenience_center.components.i18n import IS_EN, t, tf
from convenience_center.components.links import link
from convenience_center.components.summary import case_status_tag
from convenience_center.components.tables import head, row
from convenience_center.components.vars import Row, component_match
from convenience_center.domain.cases import CaseStatus
from convenience_center.state.staff import StaffDashboardState as D

QUEUE_KEYS = ("to_accept", "in_review", "waiting", "due_soon", "overdue", "decided", "all")
STATUSES = tuple(s.value for s in CaseStatus)


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


def queue_tabs() -> rx.Component:
    """One tab per queue, with its count."""
    return rx.el.nav(rx.el.ul(*[_queue_tab(k) for k in QUEUE_KEYS],
                              class_name="cc-queues"), aria_label=t("staff.queues"))


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


def queue_filters() -> rx.Component:
    """Search, filters and sort order of the queue (sent together)."""
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


def queue_table() -> rx.Component:
    """The cases of the queue shown, one page of them."""
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
