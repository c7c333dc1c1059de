"""The last page of the application wizard (pages/wizard.py): everything to check, then
submit."""

from __future__ import annotations

import reflex as rx

from convenience_center import paths
from convenience_center.components.bilingual import bi_pair
from convenience_center.components.i18n import IS_EN, colon, t
from convenience_center.components.links import link
from convenience_center.state.wizard import WizardState as W


def _missing_documents() -> rx.Component:
    """Documents that must still be uploaded: said before Submit, not after."""
    return rx.cond(W.missing.length() > 0, rx.el.div(
        rx.el.h2(t("apply.check_missing_title"), class_name="cc-notice__title"),
        rx.el.ul(rx.foreach(W.missing, lambda m: rx.el.li(rx.cond(IS_EN, m["en"], m["zh"]))),
                 class_name="cc-plain-list"),
        rx.el.p(link(t("apply.check_missing_link"),
                     href=paths.draft_step(W.draft, "documents", back_to_check=True))),
        role="region", aria_label=t("apply.check_missing_title"),
        class_name="cc-notice cc-notice--warning",
    ))


def check_step() -> rx.Component:
    """The answers, the office and the documents, each with a link to change it; then Submit."""
    return rx.el.div(
        _missing_documents(),
        rx.el.dl(rx.foreach(W.rows, lambda row: rx.el.div(
            rx.el.dt(rx.cond(IS_EN, row["label_en"], row["label_zh"]),
                     class_name="cc-summary__key"),
            rx.el.dd(rx.cond(IS_EN, row["value_en"], row["value_zh"]),
                     class_name="cc-summary__value"),
            rx.el.dd(rx.cond(row["href"] != "", link(t("apply.change"), rx.el.span(
                " ", rx.cond(IS_EN, row["label_en"], row["label_zh"]),
                class_name="cc-visually-hidden"), href=row["href"])),
                class_name="cc-summary__action"),
            class_name="cc-summary__row",
        )), class_name="cc-summary"),
        rx.el.h2(t("apply.check_office")),
        rx.el.dl(rx.el.div(
            rx.el.dt(t("apply.check_office"), class_name="cc-summary__key"),
            rx.el.dd(bi_pair(W.office_zh, W.office_en), class_name="cc-summary__value"),
            rx.el.dd(rx.cond(~W.amending, link(  # correcting: the case stays at its office
                t("apply.change"), rx.el.span(" ", t("apply.check_office"),
                                              class_name="cc-visually-hidden"),
                href=paths.draft_step(W.draft, "office", back_to_check=True))),
                     class_name="cc-summary__action"),
            class_name="cc-summary__row"), class_name="cc-summary"),
        rx.cond(W.amending, rx.el.p(t("apply.office_fixed"), class_name="cc-hint")),
        rx.cond(W.documents.length() > 0, rx.fragment(
            rx.el.h2(t("apply.check_documents")),
            rx.el.ul(rx.foreach(W.documents, lambda d: rx.el.li(
                rx.cond(IS_EN, d["en"], d["zh"]), colon(), d["name"])),
                class_name="cc-plain-list"),
            rx.el.p(link(t("apply.change_documents"),
                         href=paths.draft_step(W.draft, "documents", back_to_check=True))),
        )),
        rx.el.h2(t("apply.submit_title")),
        rx.el.p(t("apply.submit_lead")),
        rx.el.button(rx.cond(W.amending, t("apply.resubmit_button"), t("apply.submit_button")),
                     type="button", on_click=W.submit, class_name="cc-button"),
    )
