"""``/admin/users``: account administration (role ``admin``)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import StringVar

from convenience_center.components.forms import (
    error_summary,
    form,
    notice_banner,
    select_field,
    submit_button,
    text_field,
    textarea_field,
)
from convenience_center.components.i18n import t, tc, tf
from convenience_center.components.tables import head, row
from convenience_center.components.vars import Row, text_match
from convenience_center.pages import page
from convenience_center.state.admin_users import AdminUsersState as S


def _search() -> rx.Component:
    return form(
        rx.el.div(
            text_field(S, "query", "admin.search_label", hint_key="admin.search_hint",
                       input_type="search", max_length=100),
            select_field(S, "status", "admin.status_label", [
                ("", t("admin.status_all")),
                ("active", t("admin.status_active")),
                ("suspended", t("admin.status_suspended")),
            ]),
            class_name="cc-inline-fields",
        ),
        submit_button("common.search", secondary=True),
        on_submit=S.search, reset_on_submit=False,
        role="search",     )


def _status(value: rx.Var) -> rx.Component:
    return rx.cond(
        value == "suspended",
        rx.el.span(t("admin.status_suspended"), class_name="cc-tag cc-tag--red"),
        rx.el.span(t("admin.status_active"), class_name="cc-tag cc-tag--green"),
    )


def _role(value: rx.Var) -> StringVar:
    return text_match(value, ("admin", t("role.admin")), ("province", t("role.province")),
                      ("city", t("role.city")), ("county", t("role.county")),
                      ("township", t("role.township")), t("role.citizen"))


def _results() -> rx.Component:
    header = [t(k) for k in ("admin.col_username", "admin.col_name", "admin.col_email",
                             "admin.col_id", "admin.col_role", "admin.col_status",
                             "admin.col_actions")]
    return rx.el.div(
        rx.el.p(tc("admin.results", S.total), role="status",
                class_name="cc-meta"),
        rx.el.div(
            rx.el.table(
                head(header),
                rx.el.tbody(rx.foreach(S.rows, lambda user: row(
                    header,
                    user["username"],
                    user["real_name"],
                    user["email"],
                    user["id_masked"],
                    _role(user["role"]),
                    _status(user["status"]),
                    rx.el.button(
                        tf("admin.select", username=user["username"]),
                        type="button", on_click=S.select(user["id"]),
                        class_name="cc-link-button",
                    ),
                ))),
                class_name="cc-table",
            ),
            class_name="cc-table-wrap",
            tab_index=0,
            role="region",
            aria_label=t("admin.results_region"),
        ),
        rx.el.div(
            rx.cond(S.page > 0, rx.el.button(t("common.previous"), type="button",
                                             on_click=S.go_to_page((S.page - 1).to(int)),
                                             class_name="cc-button cc-button--secondary")),
            rx.cond((S.page + 1) * 25 < S.total,
                    rx.el.button(t("common.next"), type="button",
                                 on_click=S.go_to_page((S.page + 1).to(int)),
                                 class_name="cc-button cc-button--secondary")),
            class_name="cc-actions",
        ),
    )


def _suspension(sel: Row) -> rx.Component:
    """Reinstate a suspended account; else close its open misuse reports (if any) or suspend it."""
    return rx.cond(
        sel["status"] == "suspended",
        form(
            textarea_field(S, "note", "admin.note", rows=2, max_length=1000),
            submit_button("admin.reinstate"),
            on_submit=S.reinstate, reset_on_submit=False, key=S.generation,
        ),
        rx.fragment(
            rx.cond(
                sel["open_reports"] != "0",
                form(
                    textarea_field(S, "resolution", "admin.resolution", rows=2,
                                   max_length=1000),
                    submit_button("admin.close_reports", secondary=True),
                    on_submit=S.close_reports, reset_on_submit=False, key=S.generation,
                ),
            ),
            form(
                textarea_field(S, "reason", "admin.reason", rows=2, max_length=500),
                rx.el.button(t("admin.suspend"), type="submit",
                             class_name="cc-button cc-button--warning"),
                on_submit=S.suspend, reset_on_submit=False, key=S.generation,
            ),
        ),
    )


def _publishing_right(sel: Row) -> rx.Component:
    """Whether an officer may publish government information, and the button to change it."""
    return rx.cond(
        sel["staff"] == "yes",
        rx.el.div(
            rx.el.p(rx.cond(sel["can_publish"] == "yes", t("admin.publishing_on"),
                            t("admin.publishing_off"))),
            rx.cond(
                sel["can_publish"] == "yes",
                rx.el.button(t("admin.revoke_publishing"), type="button",
                             on_click=S.revoke_publishing,
                             class_name="cc-button cc-button--secondary"),
                rx.el.button(t("admin.grant_publishing"), type="button",
                             on_click=S.grant_publishing,
                             class_name="cc-button cc-button--secondary"),
            ),
            class_name="cc-publishing",
        ),
    )


def _selected() -> rx.Component:
    """The selected account and what an administrator may do with it."""
    sel = S.selected
    return rx.cond(
        S.selected_id > 0,
        rx.el.section(
            rx.el.h2(tf("admin.selected", username=sel["username"])),
            rx.el.p(sel["real_name"], " · ", sel["email"], " · ", _status(sel["status"])),
            _suspension(sel),
            form(
                text_field(S, "username", "admin.new_username", width="20", max_length=32),
                submit_button("admin.rename", secondary=True),
                on_submit=S.rename, reset_on_submit=False, key=S.generation,
            ),
            rx.el.button(t("admin.send_reset"), type="button", on_click=S.send_reset,
                         class_name="cc-button cc-button--secondary"),
            _publishing_right(sel),
            class_name="cc-section cc-section--boxed",
            aria_live="polite",
        ),
    )


def _reports() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("admin.reports_title")),
        rx.cond(
            S.reports.length() > 0,
            rx.el.ul(rx.foreach(S.reports, lambda r: rx.el.li(
                rx.el.p(tf("admin.report_for", username=r["username"], when=r["created_at"]),
                        class_name="cc-strong"),
                rx.el.p(r["description"], class_name="cc-quote"),
                rx.el.button(tf("admin.select", username=r["username"]), type="button",
                             on_click=S.select(r["user_id"]), class_name="cc-link-button"),
                class_name="cc-report",
            )), class_name="cc-plain-list"),
            rx.el.p(t("admin.reports_none")),
        ),
        class_name="cc-section",
    )


RECENT_COLUMNS = [t(k) for k in ("admin.audit_when", "admin.audit_who", "admin.audit_action",
                                 "admin.audit_target")]


def _recent() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("admin.audit_title")),
        rx.el.div(
            rx.el.table(
                head(RECENT_COLUMNS),
                rx.el.tbody(rx.foreach(S.recent, lambda e: row(
                    RECENT_COLUMNS, e["at"], e["actor"], e["action"], e["target"]))),
                class_name="cc-table",
            ),
            class_name="cc-table-wrap",
            tab_index=0,
            role="region",
            aria_label=t("admin.audit_title"),
        ),
        rx.el.p(rx.el.a(t("audit.link"), href="/admin/audit")),
        class_name="cc-section",
    )


@page("/admin/users", "admin.title", on_load=S.load)
def admin_users() -> rx.Component:
    """The administration page."""
    return rx.el.div(
        rx.el.h1(t("admin.title")),
        error_summary(S),
        notice_banner(S),
        rx.cond(
            S.allowed,
            rx.fragment(_reports(), _search(), _results(), _selected(), _recent()),
        ),
    )
