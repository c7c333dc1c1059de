"""The "label: value" lines of a case or item summary, and a case's status tag."""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var

from convenience_center.components.bilingual import bi_pair
from convenience_center.components.i18n import t
from convenience_center.components.vars import text_match


def fact(label_key: str, value: rx.Component | Var | str) -> rx.Component:
    """One line of a summary list (``<dl>``): the translated label and its value."""
    return rx.el.div(rx.el.dt(t(label_key), class_name="cc-summary__key"),
                     rx.el.dd(value, class_name="cc-summary__value"),
                     class_name="cc-summary__row")


def case_status_tag(status: Var, zh: Var, en: Var) -> rx.Component:
    """A case's status as a coloured tag: green once granted, red when refused, amber when
    the applicant must act, grey when withdrawn, blue while it runs."""
    tone = text_match(
        status, ("issued", "cc-tag--green"), ("approved", "cc-tag--green"),
        ("withdrawn", "cc-tag--grey"), ("denied", "cc-tag--red"),
        ("not_accepted", "cc-tag--red"), ("supplement_required", "cc-tag--amber"),
        "cc-tag--blue")
    return rx.el.span(bi_pair(zh, en), class_name="cc-tag " + tone)
