"""``/forgot-password``, ``/reset-password`` and ``/report-misuse``."""

from __future__ import annotations

import reflex as rx

from convenience_center.components.forms import (
    error_summary,
    form,
    submit_button,
    text_field,
    textarea_field,
)
from convenience_center.components.i18n import t, tf
from convenience_center.components.links import link
from convenience_center.pages import page
from convenience_center.state.recovery import ForgotPasswordState, MisuseState, ResetPasswordState


def _panel(title_key: str, body: rx.Component | rx.Var) -> rx.Component:
    return rx.el.div(
        rx.el.h1(t(title_key), class_name="cc-panel__title"),
        rx.el.p(body, class_name="cc-panel__body"),
        role="status",
        class_name="cc-panel",
    )


@page("/forgot-password", "forgot.title", on_load=ForgotPasswordState.load)
def forgot_password() -> rx.Component:
    """Ask for a reset link."""
    s = ForgotPasswordState
    return rx.el.div(
        rx.cond(
            s.sent_to != "",
            rx.el.div(
                _panel("forgot.sent_title", tf("forgot.sent_body", email=s.sent_to)),
                rx.el.p(link(t("nav.sign_in"), href="/login")),
            ),
            rx.el.div(
                error_summary(s),
                rx.el.h1(t("forgot.title")),
                rx.el.p(t("forgot.lead"), class_name="cc-lead"),
                form(
                    text_field(s, "email", "forgot.email", input_type="email",
                               autocomplete="email", max_length=254),
                    submit_button("forgot.submit"),
                    on_submit=s.submit, reset_on_submit=False,
                                    ),
            ),
        ),
        class_name="cc-narrow",
    )


@page("/reset-password", "reset.title", on_load=ResetPasswordState.load)
def reset_password() -> rx.Component:
    """Choose a new password through the e-mailed link."""
    s = ResetPasswordState
    return rx.el.div(
        rx.cond(
            s.done,
            rx.el.div(
                _panel("reset.done_title", t("reset.done_body")),
                rx.el.p(link(t("nav.sign_in"), href="/login", class_name="cc-button")),
            ),
            rx.cond(
                s.link_valid,
                rx.el.div(
                    error_summary(s),
                    rx.el.h1(t("reset.title")),
                    form(
                        text_field(s, "new_password", "account.new_password",
                                   hint_key="register.password_hint", input_type="password",
                                   autocomplete="new-password", width="20"),
                        text_field(s, "new_password_confirm", "account.new_password_confirm",
                                   input_type="password", autocomplete="new-password",
                                   width="20"),
                        submit_button("reset.submit"),
                        on_submit=s.submit, reset_on_submit=False,
                                            ),
                ),
                rx.cond(
                    s.checked,
                    rx.el.div(
                        rx.el.h1(t("reset.title")),
                        rx.el.p(t("reset.invalid_link"), role="alert",
                                class_name="cc-notice cc-notice--warning"),
                        rx.el.p(link(t("reset.ask_again"), href="/forgot-password")),
                    ),
                    rx.el.p(t("common.loading"), class_name="cc-meta"),
                ),
            ),
        ),
        class_name="cc-narrow",
    )


@page("/report-misuse", "misuse.title", on_load=MisuseState.load)
def report_misuse() -> rx.Component:
    """Report that an account was misused (it is suspended at once)."""
    s = MisuseState
    return rx.el.div(
        rx.cond(
            s.done,
            _panel("misuse.done_title", t("misuse.done_body")),
            rx.el.div(
                error_summary(s),
                rx.el.h1(t("misuse.title")),
                rx.el.p(t("misuse.lead"), class_name="cc-lead"),
                form(
                    text_field(s, "identifier", "misuse.identifier", autocomplete="username",
                               max_length=254),
                    text_field(s, "id_number", "misuse.id_number", autocomplete="off",
                               width="20", max_length=22),
                    textarea_field(s, "description", "misuse.description",
                                   hint_key="misuse.description_hint", max_length=2000),
                    submit_button("misuse.submit"),
                    on_submit=s.submit, reset_on_submit=False,
                                    ),
            ),
        ),
        class_name="cc-narrow",
    )
