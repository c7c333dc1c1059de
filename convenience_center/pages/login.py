"""``/login``: sign in with user name or e-mail address."""

from __future__ import annotations

import reflex as rx

from convenience_center.components.content import handoff_refresh
from convenience_center.components.forms import (
    error_summary,
    form,
    notice_banner,
    submit_button,
    text_field,
)
from convenience_center.components.i18n import t
from convenience_center.components.links import link
from convenience_center.pages import page
from convenience_center.state.auth import LoginState as S
from convenience_center.state.base import AppState


@page("/login", "login.title", on_load=S.load)
def login() -> rx.Component:
    """The sign-in form."""
    return rx.el.div(
        handoff_refresh(AppState.handoff_url),
        error_summary(S),
        notice_banner(S, kind="info"),
        rx.el.h1(t("login.title")),
        form(
            text_field(S, "identifier", "login.identifier", autocomplete="username",
                       width="20", max_length=254),
            text_field(S, "password", "login.password", input_type="password",
                       autocomplete="current-password", width="20"),
            submit_button("login.submit", loading=S.busy),
            rx.cond(AppState.handoff_url != "",
                    rx.el.p(t("login.signing_in"), role="status", class_name="cc-meta")),
            on_submit=S.submit,
            reset_on_submit=False,
                    ),
        rx.el.p(link(t("login.forgot"), href="/forgot-password")),
        rx.el.p(t("login.no_account"), " ", link(t("nav.register"), href="/register")),
        class_name="cc-narrow",
    )
