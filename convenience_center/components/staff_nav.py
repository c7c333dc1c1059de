"""The frame of the officers' pages for questions, complaints, rectifications and publications:
a navigation line between them and the refusal shown to anyone else (changes in the office
are written into these pages by the server: state/staff.py)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from convenience_center.components.i18n import t
from convenience_center.components.links import link

STAFF_PAGES: tuple[tuple[str, str], ...] = (
    ("/staff", "sp.nav_cases"),
    ("/staff/consultations", "sp.nav_consultations"),
    ("/staff/complaints", "sp.nav_complaints"),
    ("/staff/rectifications", "sp.nav_rectifications"),
    ("/staff/publications", "sp.nav_publications"),
    ("/staff/stats", "stats.title"),
)


def _entry(route: str, key: str, current: str) -> rx.Component:
    if route == current:
        return rx.el.li(rx.el.strong(t(key)), aria_current="page")
    return rx.el.li(link(t(key), href=route))


def staff_nav(current: str) -> rx.Component:
    """Links to the staff work pages; ``current`` is the route of the page showing it."""
    return rx.el.nav(
        rx.el.ul(*[_entry(route, key, current) for route, key in STAFF_PAGES],
                 class_name="cc-queues"),
        aria_label=t("sp.nav_label"), class_name="cc-breadcrumb",
    )


def staff_frame(state: Any, current: str, *children: rx.Component) -> rx.Component:
    """The page for officers; anyone else signed in sees the permission message."""
    return rx.el.div(
        rx.cond(
            state.allowed,
            rx.fragment(staff_nav(current), *children),
            rx.cond(state.signed_in,
                    rx.el.p(t("common.permission_denied"), role="alert",
                            class_name="cc-notice cc-notice--warning"),
                    rx.el.p(t("common.loading"), class_name="cc-meta")),
        ),
    )
