"""The frame of every page: skip link, header with navigation and language switch, footer."""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var
from reflex_components_core.el.elements.base import BaseHTML

from convenience_center import paths
from convenience_center.components.i18n import IS_EN, html_lang, t, tf
from convenience_center.components.links import link
from convenience_center.domain.contact import SERVICE_HOTLINE
from convenience_center.state.base import AppState


def _nav_link(label_key: str, href: str) -> rx.Component:
    return rx.el.li(link(t(label_key), href=href, class_name="cc-nav__link"),
                    class_name="cc-nav__item")


def language_switch() -> rx.Component:
    """One button that switches to the other language (labelled in that language)."""
    return rx.el.button(
        t("nav.switch_language"),
        type="button",
        lang=rx.cond(IS_EN, "zh-CN", "en"),
        aria_label=t("nav.switch_language_label"),
        on_click=AppState.set_language(rx.cond(IS_EN, "zh", "en")),
        class_name="cc-lang-switch",
    )


def _brand() -> rx.Component:
    """The emblem, the site's name and who runs it: a link to the home page."""
    return link(
        rx.el.img(src="/emblem.svg", alt="", width="44", height="44",
                  class_name="cc-brand__emblem"),
        rx.el.span(
            rx.el.span(t("site.name"), class_name="cc-brand__name"),
            rx.el.span(t("site.org"), class_name="cc-brand__org"),
            class_name="cc-brand__text",
        ),
        href="/",
        class_name="cc-brand",
    )


def _header_tools() -> rx.Component:
    """Who is signed in, and the language switch."""
    return rx.el.div(
        rx.cond(
            AppState.signed_in,
            rx.el.span(t("nav.signed_in_as"), " ", rx.el.strong(AppState.user_display),
                       class_name="cc-who"),
        ),
        language_switch(),
        class_name="cc-header__tools",
    )


def _account_links() -> rx.Component:
    """The end of the navigation: what the signed-in user's role may open and signing out,
    or registering and signing in."""
    return rx.cond(
        AppState.signed_in,
        rx.fragment(
            rx.cond(AppState.user_role == "citizen",
                    _nav_link("nav.my_applications", paths.MY_APPLICATIONS)),
            rx.cond((AppState.user_role != "citizen") & (AppState.user_role != "admin"),
                    _nav_link("nav.staff", "/staff")),
            _nav_link("nav.account", "/account"),
            rx.cond(AppState.user_role == "admin",
                    _nav_link("nav.admin_users", "/admin/users")),
            rx.el.li(_sign_out_form(), class_name="cc-nav__item cc-nav__item--end"),
        ),
        rx.fragment(
            _nav_link("nav.register", "/register"),
            rx.el.li(link(t("nav.sign_in"), href="/login", class_name="cc-nav__link"),
                     class_name="cc-nav__item cc-nav__item--end"),
        ),
    )


def header() -> rx.Component:
    """Site name, who is signed in, language switch and the main navigation."""
    return rx.el.header(
        rx.el.div(
            rx.el.div(_brand(), _header_tools(), class_name="cc-header__top cc-width"),
            class_name="cc-header__band",
        ),
        rx.el.nav(
            rx.el.ul(
                _nav_link("nav.home", "/"),
                _nav_link("nav.services", "/services"),
                _nav_link("nav.track", "/track"),
                _nav_link("nav.open", "/open"),
                _account_links(),
                class_name="cc-nav__list cc-width",
            ),
            aria_label=t("nav.label"),
            class_name="cc-nav",
        ),
        class_name="cc-header",
    )


class DocumentForm(BaseHTML):
    """A form the browser itself submits, as a page navigation. (``rx.el.form`` always
    prevents that and sends its fields over the websocket instead.)"""

    tag = "form"
    action: Var[str]
    method: Var[str]


def _sign_out_form() -> rx.Component:
    """Sign out: a plain form POST with this session's token (web/routes.py ``signout``),
    not a link, so that another site cannot sign the user out by pointing at an address."""
    return DocumentForm.create(
        rx.el.input(type="hidden", name="token", value=AppState.signout_token),
        rx.el.button(t("nav.sign_out"), type="submit", class_name="cc-nav__link"),
        method="post",
        action="/auth/signout",
        class_name="cc-nav__form",
    )


def footer() -> rx.Component:
    """Links to the notes, privacy and misuse pages; who runs the site."""
    return rx.el.footer(
        rx.el.div(
            rx.el.h2(t("footer.links"), class_name="cc-visually-hidden"),
            rx.el.ul(
                rx.el.li(link(t("nav.services"), href="/services")),
                rx.el.li(link(t("nav.open"), href="/open")),
                rx.el.li(link(t("consult.title"), href="/consult")),
                rx.el.li(link(t("faq.title"), href="/faq")),
                rx.el.li(link(t("complaints.title"), href="/complaints")),
                rx.el.li(link(t("ratings.title"), href="/ratings")),
                rx.el.li(link(t("nav.notes"), href="/notes-for-users")),
                rx.el.li(link(t("nav.privacy"), href="/privacy")),
                rx.el.li(link(t("nav.report_misuse"), href="/report-misuse")),
                class_name="cc-footer__links",
            ),
            rx.el.p(t("footer.about")),
            rx.el.p(tf("footer.hotline", hotline=SERVICE_HOTLINE)),
            rx.el.p("© ", t("site.org")),
            class_name="cc-width",
        ),
        class_name="cc-footer",
    )


def _remember_language() -> rx.Component:
    """After a switch, the browser fetches ``/lang/<code>``, whose answer sets the cookie
    that new tabs and reloads read (no script: an image)."""
    return rx.cond(AppState.lang_chosen != "",
                   rx.el.img(src="/lang/" + AppState.lang_chosen, alt="", width="1",
                             height="1", aria_hidden="true", class_name="cc-visually-hidden"))


def page_frame(*children: rx.Component) -> rx.Component:
    """Wrap a page's content in the site frame."""
    return rx.el.div(
        rx.el.a(t("nav.skip"), href="#main", class_name="cc-skip-link"),
        _remember_language(),
        header(),
        rx.el.main(
            rx.el.div(
                rx.cond(AppState.system_error,
                        rx.el.div(t("common.error_generic"), role="alert",
                                  class_name="cc-notice cc-notice--warning")),
                rx.cond(AppState.busy,
                        rx.el.div(t("common.busy"), role="alert",
                                  class_name="cc-notice cc-notice--warning")),
                *children, class_name="cc-width"),
            id="main",
            tab_index=-1,
            class_name="cc-main",
        ),
        footer(),
        lang=html_lang(),
        data_ready=rx.cond(rx.State.is_hydrated, "1", "0"),
        class_name="cc-page",
    )
