"""``/admin/audit``: the audit log, filterable (role ``admin``)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import StringVar, Var

from convenience_center.components.forms import (
    error_summary,
    form,
    notice_banner,
    select_field,
    submit_button,
    text_field,
)
from convenience_center.components.i18n import t, tc
from convenience_center.components.links import link
from convenience_center.components.tables import head, row
from convenience_center.components.vars import Row, text_match
from convenience_center.i18n import EN
from convenience_center.pages import page
from convenience_center.services.audit_search import ACTION_GROUPS
from convenience_center.state.admin_audit import AdminAuditState as S

_ACTION_KEY = "audit.action."
# Every action with a label in the catalogue; any other action is shown as recorded.
LABELLED_ACTIONS = tuple(key.removeprefix(_ACTION_KEY) for key in EN
                         if key.startswith(_ACTION_KEY))


def _filters() -> rx.Component:
    groups = [(name, t(f"audit.group_{name or 'all'}")) for name in ACTION_GROUPS]
    return form(
        rx.el.h2(t("audit.filters"), class_name="cc-visually-hidden"),
        rx.el.div(
            select_field(S, "group", "audit.group_label", groups),
            text_field(S, "actor_name", "audit.filter_user", hint_key="audit.filter_user_hint",
                       max_length=32),
            text_field(S, "target", "audit.filter_target",
                       hint_key="audit.filter_target_hint", max_length=60),
            text_field(S, "office", "audit.filter_office",
                       hint_key="audit.filter_office_hint", input_mode="numeric", max_length=9),
            text_field(S, "date_from", "audit.filter_from", input_type="date"),
            text_field(S, "date_to", "audit.filter_to", input_type="date"),
            class_name="cc-filter-grid",
        ),
        submit_button("audit.search", secondary=True),
        on_submit=S.search, reset_on_submit=False,
        role="search", aria_label=t("audit.filters"), class_name="cc-form cc-filters",
    )


def _action(action: Var) -> StringVar:
    return text_match(action, *[(a, t(_ACTION_KEY + a)) for a in LABELLED_ACTIONS], action)


def _role(role: Var) -> StringVar:
    return text_match(role, ("admin", t("role.admin")), ("province", t("role.province")),
                      ("city", t("role.city")), ("county", t("role.county")),
                      ("township", t("role.township")), ("citizen", t("role.citizen")), role)


def _who(e: Row) -> rx.Component:
    return rx.fragment(
        rx.cond(e["actor"] != "", rx.el.span(e["actor"], class_name="cc-strong"),
                t("audit.anonymous")),
        rx.cond(e["role"] != "", rx.el.div(_role(e["role"]), class_name="cc-meta")),
    )


def _target(e: Row) -> rx.Component:
    kind = rx.match(e["target_type"], ("user", t("audit.target_user")),
                    ("case", t("audit.target_case")), ("office", t("audit.target_office")),
                    e["target_type"])
    return rx.fragment(rx.cond(
        e["target_type"] != "",
        rx.fragment(
            kind, " ", e["target_id"],
            rx.cond(e["target_name"] != "",
                    rx.el.div(e["target_name"], class_name="cc-meta")),
        ),
        e["target_id"],
    ))


AUDIT_COLUMNS = [t(k) for k in ("audit.col_time", "audit.col_actor", "audit.col_action",
                                "audit.col_target", "audit.col_office", "audit.col_ip",
                                "audit.col_detail")]


def _row(e: Row) -> rx.Component:
    return row(
        AUDIT_COLUMNS,
        rx.el.time(e["at"]),
        _who(e),
        rx.fragment(_action(e["action"]),
                    rx.el.div(e["action"], class_name="cc-meta", lang="en")),
        _target(e),
        e["office"],
        e["ip"],
        e["detail"],
    )


def _entries() -> rx.Component:
    return rx.el.section(
        rx.el.p(tc("audit.page", S.rows.length(), page=S.page_number.to(str)),
                role="status", class_name="cc-meta"),
        rx.cond(
            S.rows.length() > 0,
            rx.el.div(
                rx.el.table(
                    rx.el.caption(t("audit.results_region"), class_name="cc-visually-hidden"),
                    head(AUDIT_COLUMNS),
                    rx.el.tbody(rx.foreach(S.rows, _row)),
                    class_name="cc-table",
                ),
                class_name="cc-table-wrap",
                tab_index=0,
                role="region",
                aria_label=t("audit.results_region"),
            ),
            rx.el.p(t("audit.none")),
        ),
        rx.el.div(
            rx.cond(S.has_older, rx.el.button(t("audit.older"), type="button",
                                              on_click=S.next_page,
                                              class_name="cc-button cc-button--secondary")),
            rx.cond(S.page_number > 1, rx.el.button(t("audit.newest"), type="button",
                                                    on_click=S.first_page,
                                                    class_name="cc-button cc-button--secondary")),
            class_name="cc-actions cc-pager",
        ),
        class_name="cc-section",
    )


@page("/admin/audit", "audit.title", on_load=S.load)
def admin_audit() -> rx.Component:
    """The audit log page."""
    return rx.el.div(
        rx.el.h1(t("audit.title")),
        error_summary(S),
        notice_banner(S, kind="warning"),
        rx.cond(
            S.allowed,
            rx.fragment(
                rx.el.p(t("audit.lead"), class_name="cc-lead"),
                rx.el.p(link(t("audit.back_to_users"), href="/admin/users")),
                _filters(),
                _entries(),
            ),
        ),
    )
