"""``/account``: one's own details, contact details and password."""

from __future__ import annotations

import reflex as rx

from convenience_center.components.forms import (
    error_summary,
    form,
    notice_banner,
    submit_button,
    text_field,
)
from convenience_center.components.i18n import t
from convenience_center.pages import page
from convenience_center.state.account import AccountState, ContactFormState, PasswordFormState


def _row(label_key: str, value: rx.Var | rx.Component) -> rx.Component:
    return rx.el.div(
        rx.el.dt(t(label_key), class_name="cc-summary__key"),
        rx.el.dd(value, class_name="cc-summary__value"),
        class_name="cc-summary__row",
    )


def _details() -> rx.Component:
    d = AccountState.details
    return rx.el.dl(
        _row("account.username", d["username"]),
        _row("account.real_name", d["real_name"]),
        rx.cond(d["id_masked"] != "", _row("account.id_number", d["id_masked"])),
        rx.cond(d["birth_date"] != "", _row("account.birth_date", d["birth_date"])),
        rx.cond(d["sex"] != "",
                _row("account.sex", rx.cond(d["sex"] == "M", t("account.sex_m"),
                                            t("account.sex_f")))),
        _row("account.email", d["email"]),
        rx.cond(d["phone"] != "", _row("account.phone", d["phone"])),
        _row("account.role", rx.match(
            d["role"],
            ("admin", t("role.admin")), ("province", t("role.province")),
            ("city", t("role.city")), ("county", t("role.county")),
            ("township", t("role.township")), t("role.citizen"),
        )),
        rx.cond(d["office_code"] != "", _row("account.office", d["office_code"])),
        _row("account.member_since", d["created_at"]),
        class_name="cc-summary",
    )


def _contact_form() -> rx.Component:
    s = ContactFormState
    d = AccountState.details
    return rx.el.section(
        rx.el.h2(t("account.contact_title")),
        error_summary(s, prefix="contact:"),
        notice_banner(s),
        form(
            text_field(s, "contact:email", "account.email", input_type="email",
                       autocomplete="email", default_value=d["email"], max_length=254),
            text_field(s, "contact:phone", "account.phone", input_type="tel",
                       autocomplete="tel", default_value=d["phone"], width="20",
                       max_length=20),
            text_field(s, "contact:current_password", "account.current_password",
                       hint_key="account.contact_password_hint", input_type="password",
                       autocomplete="current-password", width="20", optional=True),
            submit_button("account.save_contact"),
            on_submit=s.submit, reset_on_submit=False,
                    ),
        class_name="cc-section",
    )


def _password_form() -> rx.Component:
    s = PasswordFormState
    return rx.el.section(
        rx.el.h2(t("account.password_title")),
        rx.el.p(t("account.password_note"), class_name="cc-hint"),
        error_summary(s, prefix="password:"),
        notice_banner(s),
        form(
            text_field(s, "password:current_password", "account.current_password",
                       input_type="password", autocomplete="current-password", width="20"),
            text_field(s, "password:new_password", "account.new_password",
                       hint_key="register.password_hint", input_type="password",
                       autocomplete="new-password", width="20"),
            text_field(s, "password:new_password_confirm", "account.new_password_confirm",
                       input_type="password", autocomplete="new-password", width="20"),
            submit_button("account.save_password"),
            on_submit=s.submit, reset_on_submit=False, key=s.generation,
                    ),
        class_name="cc-section",
    )


@page("/account", "account.title", on_load=AccountState.load)
def account() -> rx.Component:
    """The account page (sign-in required)."""
    return rx.el.div(
        rx.cond(
            AccountState.welcome,
            rx.el.div(
                rx.el.h2(t("register.done_title"), class_name="cc-panel__title"),
                role="status", class_name="cc-panel",
            ),
        ),
        rx.el.h1(t("account.title")),
        rx.cond(
            AccountState.loaded,
            rx.fragment(
                rx.el.section(rx.el.h2(t("account.details")), _details(),
                              class_name="cc-section"),
                _contact_form(),
                _password_form(),
            ),
            rx.el.p(t("common.loading"), class_name="cc-meta"),
        ),
        class_name="cc-narrow",
    )
