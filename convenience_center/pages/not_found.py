"""The page for addresses that do not exist."""

from __future__ import annotations

import reflex as rx

from convenience_center.components.i18n import t
from convenience_center.components.layout import page_frame
from convenience_center.components.links import link


def not_found() -> rx.Component:
    """A calm 404 page in the site frame."""
    return page_frame(
        rx.el.div(
            rx.el.h1(t("common.not_found_title")),
            rx.el.p(t("common.not_found_body")),
            rx.el.p(link(t("common.go_home"), href="/")),
            class_name="cc-narrow",
        )
    )
