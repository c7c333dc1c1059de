"""The home page: what a citizen can do here, and how to start."""

from __future__ import annotations

import reflex as rx

from convenience_center.components.i18n import t, tf
from convenience_center.components.links import link
from convenience_center.pages import page
from convenience_center.pages.open_affairs import item_line
from convenience_center.state.base import AppState
from convenience_center.state.open_affairs import LatestState


class HomeState(AppState):
    """Whether the visitor has just signed out."""

    signed_out: bool = False

    @rx.event
    def load(self):
        """Read the ``signed_out`` flag of the address."""
        self.signed_out = self.router.url.query_parameters.get("signed_out") == "1"


def _card(title_key: str, body_key: str, icon: str) -> rx.Component:
    return rx.el.li(
        rx.el.span(icon, aria_hidden="true", class_name="cc-card__icon"),
        rx.el.h3(t(title_key), class_name="cc-card__title"),
        rx.el.p(t(body_key), class_name="cc-card__body"),
        class_name="cc-card",
    )


def _participation() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("home.participate_title")),
        rx.el.ul(
            *[rx.el.li(link(t(label), href=href), rx.el.span(" — ", t(body),
                                                            class_name="cc-meta"))
              for label, body, href in (
                  ("consult.title", "home.consult_body", "/consult"),
                  ("faq.title", "home.faq_body", "/faq"),
                  ("complaints.title", "home.complaints_body", "/complaints"),
                  ("ratings.title", "home.ratings_body", "/ratings"),
              )],
            class_name="cc-plain-list cc-links",
        ),
    )


def _latest() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("home.latest_title")),
        rx.cond(LatestState.latest.length() > 0,
                rx.el.ul(rx.foreach(LatestState.latest, item_line), class_name="cc-plain-list"),
                rx.el.p(t("open.none"))),
        rx.el.p(link(t("home.all_publications"), href="/open")),
    )


@page("/", "nav.home", on_load=[HomeState.load, LatestState.load])
def home() -> rx.Component:
    """The home page."""
    return rx.fragment(
        rx.cond(HomeState.signed_out & ~AppState.signed_in,
                rx.el.div(t("home.signed_out"), role="status",
                          class_name="cc-notice cc-notice--success")),
        rx.el.section(
            rx.cond(
                AppState.signed_in,
                rx.el.p(tf("home.welcome", name=AppState.user_display), class_name="cc-kicker"),
            ),
            rx.el.h1(t("home.title"), class_name="cc-hero__title"),
            rx.el.p(t("home.lead"), class_name="cc-lead"),
            rx.cond(
                AppState.signed_in,
                rx.el.div(
                    link(t("nav.account"), href="/account", class_name="cc-button"),
                    class_name="cc-actions",
                ),
                rx.el.div(
                    link(t("home.start"), href="/register", class_name="cc-button"),
                    link(t("home.sign_in"), href="/login",
                            class_name="cc-button cc-button--secondary"),
                    class_name="cc-actions",
                ),
            ),
            class_name="cc-hero",
        ),
        rx.el.section(
            rx.el.h2(t("home.what_title")),
            rx.el.ul(
                _card("home.what_certificates", "home.what_certificates_body", "证"),
                _card("home.what_forms", "home.what_forms_body", "表"),
                _card("home.what_track", "home.what_track_body", "查"),
                _card("home.what_feedback", "home.what_feedback_body", "询"),
                class_name="cc-cards",
            ),
            aria_labelledby="what",
        ),
        rx.el.div(_latest(), _participation(), class_name="cc-two-columns"),
        rx.el.section(
            rx.el.h2(t("home.before_title")),
            rx.el.p(t("home.before_body")),
            rx.el.p(link(t("register.read_notes"), href="/notes-for-users"), " · ",
                    link(t("register.read_privacy"), href="/privacy")),
            class_name="cc-inset",
        ),
    )
