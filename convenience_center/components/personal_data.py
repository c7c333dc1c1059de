"""Where a refused text holds personal data: the text again, each place marked and named."""

from __future__ import annotations

from typing import Any

import reflex as rx

from convenience_center.components.bilingual import bi_pair
from convenience_center.components.i18n import t, tf


def _piece(piece: Any) -> rx.Component:
    return rx.cond(
        piece["kind"] != "",
        rx.el.mark(
            rx.el.span("[", bi_pair(piece["zh"], piece["en"]), "] ",
                       class_name="cc-visually-hidden"),
            piece["text"],
            title=bi_pair(piece["zh"], piece["en"]),
            class_name="cc-personal-data__mark",
        ),
        rx.el.span(piece["text"]),
    )


def personal_data_marks(state: Any, field: str) -> rx.Component:
    """Below a field whose text was refused: the text with the personal data marked, and a
    list of what was found (shown only after a refusal)."""
    pieces = state.personal_data[field].to(list[dict[str, str]])
    return rx.cond(
        state.personal_data.contains(field),
        rx.el.div(
            rx.el.p(t("personal_data.marked_lead"), class_name="cc-label"),
            rx.el.div(rx.foreach(pieces, _piece), class_name="cc-personal-data__text"),
            rx.el.ul(rx.foreach(pieces, lambda p: rx.cond(
                p["kind"] != "", rx.el.li(tf("personal_data.kind", kind=bi_pair(p["zh"], p["en"])),
                                          rx.el.strong(p["text"])))),
                class_name="cc-personal-data__list"),
            id=f"f-{field}-personal-data",
            class_name="cc-personal-data",
        ),
    )
