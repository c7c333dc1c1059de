"""What the applicant can do on the page of one case: rate the service of a completed case
(好差评), withdraw a running one."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from convenience_center.components.bilingual import bi
from convenience_center.components.i18n import IS_EN, t, tf
from convenience_center.components.vars import Item
from convenience_center.domain.participation import RATING_LEVELS, SUB_SCORES
from convenience_center.state.applications import CaseState


def withdraw_section(c: Item) -> rx.Component:
    """Withdrawing a case: the reason, then an explicit "yes" before anything is done."""
    s = CaseState
    return rx.el.section(
        rx.el.h2(t("case.withdraw_title")),
        rx.el.p(t("case.withdraw_lead")),
        rx.cond(
            s.confirming_withdraw,
            rx.el.div(
                rx.el.h3(tf("case.withdraw_confirm_title", case_no=c["case_no"]),
                         id="withdraw-confirm", tab_index=-1, class_name="cc-confirm__title"),
                rx.el.p(t("case.withdraw_confirm_lead")),
                rx.cond(s.withdraw_reason != "", rx.el.p(
                    tf("case.withdraw_reason_given", reason=s.withdraw_reason),
                    class_name="cc-quote")),
                rx.el.div(
                    rx.el.button(t("case.withdraw_yes"), type="button", on_click=s.withdraw,
                                 class_name="cc-button cc-button--warning"),
                    rx.el.button(t("case.withdraw_no"), type="button",
                                 on_click=s.cancel_withdraw,
                                 class_name="cc-button cc-button--secondary"),
                    class_name="cc-actions"),
                role="region", aria_labelledby="withdraw-confirm", class_name="cc-confirm"),
            rx.el.form(
                rx.el.div(
                    rx.el.label(t("case.withdraw_reason"), html_for="f-reason",
                                class_name="cc-label"),
                    rx.el.textarea(id="f-reason", name="reason", rows="2",
                                   max_length=500, default_value=s.withdraw_reason,
                                   class_name="cc-textarea"),
                    class_name="cc-field"),
                rx.el.button(t("case.withdraw_button"), type="submit",
                             class_name="cc-button cc-button--warning"),
                on_submit=s.ask_withdraw, reset_on_submit=False, no_validate=True,
                method="post"),
        ),
        class_name="cc-section cc-section--boxed",
    )


def _rating_error(field: str) -> rx.Component:
    """The message next to one part of the rating form, if it was refused."""
    errors = CaseState.rating_errors
    return rx.cond(errors.contains(field), rx.el.p(
        rx.cond(IS_EN, errors[field]["en"], errors[field]["zh"]),
        id=f"rating-{field}-error", class_name="cc-error-message"))


def _rating_fieldset(field: str, legend: rx.Component | Var, *body: rx.Component,
                     small: bool = False, inline: str = "") -> rx.Component:
    invalid = CaseState.rating_errors.contains(field)
    return rx.el.fieldset(
        rx.el.legend(legend, class_name="cc-label cc-legend--small" if small else "cc-label"),
        _rating_error(field),
        *body,
        aria_describedby=rx.cond(invalid, f"rating-{field}-error", ""),
        class_name=rx.cond(invalid, f"cc-fieldset {inline} cc-field--error",
                           f"cc-fieldset {inline}"),
    )


def _score(name: str, label: rx.Component | Var) -> rx.Component:
    return _rating_fieldset(
        name, label,
        rx.el.div(*[rx.fragment(
            rx.el.input(id=f"{name}-{n}", name=name, type="radio", value=str(n),
                        class_name="cc-radio__input"),
            rx.el.label(str(n), html_for=f"{name}-{n}", class_name="cc-score__label"))
            for n in range(1, 6)], class_name="cc-score"),
        small=True, inline="cc-fieldset--inline")


def rating_form() -> rx.Component:
    """The invitation to rate the service of a completed case (好差评)."""
    return rx.el.section(
        rx.el.h2(t("rating.title"), id="rate"),
        rx.el.p(t("rating.lead")),
        rx.cond(CaseState.rating_errors.length() > 0, rx.el.div(
            rx.el.h3(t("common.error_summary"), class_name="cc-error-summary__title"),
            rx.el.ul(rx.foreach(CaseState.rating_errors, lambda item: rx.el.li(rx.el.a(
                rx.cond(IS_EN, item[1]["en"], item[1]["zh"]),
                href="#" + item[0].to(str) + "-1"))), class_name="cc-error-summary__list"),
            id="rating-errors", tab_index=-1, role="alert", class_name="cc-error-summary")),
        rx.el.form(
            _rating_fieldset(
                "level", t("rating.level"),
                *[rx.el.div(
                    rx.el.input(id=f"level-{level.value}", name="level", type="radio",
                                value=str(level.value), class_name="cc-radio__input"),
                    rx.el.label(bi(level.label), html_for=f"level-{level.value}",
                                class_name="cc-radio__label"), class_name="cc-radio")
                  for level in RATING_LEVELS]),
            rx.el.p(t("rating.scores_lead"), class_name="cc-hint"),
            *[_score(key, bi(label)) for key, label in SUB_SCORES.items()],
            rx.el.label(t("rating.comment"), html_for="f-rating-comment", class_name="cc-label"),
            rx.el.textarea(id="f-rating-comment", name="comment", rows="3", max_length=2000,
                           class_name="cc-textarea"),
            rx.el.button(t("rating.submit"), type="submit", class_name="cc-button"),
            on_submit=CaseState.rate, reset_on_submit=False, no_validate=True, method="post",
            class_name="cc-form",
        ),
        class_name="cc-section cc-section--boxed",
    )
