"""``/register``: real-name registration."""

from __future__ import annotations

import reflex as rx

from convenience_center.components.content import document, handoff_refresh
from convenience_center.components.forms import (
    checkbox_field,
    error_summary,
    form,
    notice_banner,
    submit_button,
    text_field,
)
from convenience_center.components.i18n import t
from convenience_center.components.links import link
from convenience_center.i18n.content import NOTES_FOR_USERS, PRIVACY_NOTICE
from convenience_center.pages import page
from convenience_center.state.auth import RegisterState as S
from convenience_center.state.base import AppState


def _fieldset(legend_key: str, *fields: rx.Component) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(t(legend_key), class_name="cc-legend"),
        *fields,
        class_name="cc-fieldset",
    )


def _document_box(summary_key: str, texts: dict[str, list[tuple[str, list[str]]]]
                  ) -> rx.Component:
    return rx.el.details(
        rx.el.summary(t(summary_key), class_name="cc-details__summary"),
        rx.el.div(document(texts, heading_level="h3"), class_name="cc-details__body",
                  tab_index=0),
        class_name="cc-details",
    )


def _checked() -> rx.Component:
    """The answer when the details were already registered, worded so that it fits a new
    registration too: it must not tell a stranger whose details are registered."""
    return rx.el.div(
        rx.el.h1(t("register.checked_title")),
        rx.el.p(t("register.checked_body"), role="status"),
        rx.el.p(link(t("nav.sign_in"), href="/login"), " · ",
                link(t("login.forgot"), href="/forgot-password")),
        class_name="cc-narrow",
    )


@page("/register", "register.title", on_load=S.load)
def register() -> rx.Component:
    """The registration form."""
    return rx.cond(S.checked, _checked(), _form())


def _form() -> rx.Component:
    return rx.el.div(
        handoff_refresh(AppState.handoff_url),
        error_summary(S),
        notice_banner(S, kind="warning"),
        rx.el.h1(t("register.title")),
        rx.el.p(t("register.lead"), class_name="cc-lead"),
        form(
            _fieldset(
                "register.section_identity",
                text_field(S, "real_name", "register.real_name", autocomplete="name",
                           width="20", max_length=50),
                text_field(S, "id_number", "register.id_number",
                           hint_key="register.id_number_hint", autocomplete="off",
                           width="20", max_length=22),
            ),
            _fieldset(
                "register.section_contact",
                text_field(S, "phone", "register.phone", hint_key="register.phone_hint",
                           input_type="tel", autocomplete="tel", width="20", max_length=20),
                text_field(S, "email", "register.email", hint_key="register.email_hint",
                           input_type="email", autocomplete="email", max_length=254),
            ),
            _fieldset(
                "register.section_account",
                text_field(S, "username", "register.username",
                           hint_key="register.username_hint", autocomplete="username",
                           width="20", max_length=32),
                text_field(S, "password", "register.password",
                           hint_key="register.password_hint", input_type="password",
                           autocomplete="new-password", width="20"),
                text_field(S, "password_confirm", "register.password_confirm",
                           input_type="password", autocomplete="new-password", width="20"),
            ),
            _fieldset(
                "register.section_agree",
                _document_box("register.read_notes", NOTES_FOR_USERS),
                checkbox_field(S, "agree_terms", t("register.agree_terms")),
                _document_box("register.read_privacy", PRIVACY_NOTICE),
                checkbox_field(S, "agree_privacy", t("register.agree_privacy")),
            ),
            submit_button("register.submit", loading=S.busy),
            on_submit=S.submit,
            reset_on_submit=False,
                    ),
        rx.el.p(t("register.have_account"), " ", link(t("nav.sign_in"), href="/login")),
        class_name="cc-narrow",
    )
