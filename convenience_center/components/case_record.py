"""The parts of a case that the applicant's and the officer's case pages show alike.

Both pages render the view dict of the one case presenter (``state/case_view.py``);
what only one of them shows stays in its page.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from convenience_center.components.bilingual import bi_pair
from convenience_center.components.i18n import IS_EN, colon
from convenience_center.components.links import file_link
from convenience_center.components.summary import fact
from convenience_center.components.vars import Item


def case_message(message: ObjectVar[dict[str, str]], *, alert: bool) -> rx.Component:
    """A zh/en message of the state (a notice, or a problem when ``alert``), if there is one."""
    return rx.cond(message.contains("zh"), rx.el.div(
        rx.cond(IS_EN, message["en"], message["zh"]),
        role="alert" if alert else "status",
        class_name="cc-notice cc-notice--warning" if alert else
        "cc-notice cc-notice--success"))


def service_fact(c: Item) -> rx.Component:
    """The summary line naming the service and the matter of a case."""
    return fact("case.service", rx.fragment(bi_pair(c["service_zh"], c["service_en"]), " — ",
                                            bi_pair(c["matter_zh"], c["matter_en"])))


def case_answers(c: Item) -> rx.Component:
    """The applicant's answers, as a summary list of question and answer."""
    return rx.el.dl(rx.foreach(c["rows"].to(list[dict[str, str]]), lambda r: rx.el.div(
        rx.el.dt(bi_pair(r["label_zh"], r["label_en"]), class_name="cc-summary__key"),
        rx.el.dd(bi_pair(r["value_zh"], r["value_en"]), class_name="cc-summary__value"),
        class_name="cc-summary__row")), class_name="cc-summary")


def case_documents(c: Item) -> rx.Component:
    """The uploaded documents, each under the material it stands for."""
    return rx.el.ul(rx.foreach(c["documents"].to(list[dict[str, str]]), lambda d: rx.el.li(
        bi_pair(d["material_zh"], d["material_en"]), colon(),
        file_link(d["name"], href="/files/" + d["id"].to(str)))),
        class_name="cc-plain-list")
