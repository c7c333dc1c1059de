"""``/open`` and ``/open/<pub_no>``: openness of government affairs (政务公开)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from convenience_center.components.bilingual import bi, bi_pair
from convenience_center.components.forms import form, submit_button, text_field
from convenience_center.components.i18n import IS_EN, t, tf
from convenience_center.components.links import file_link, link
from convenience_center.components.vars import Row
from convenience_center.domain.participation import PUBLICATION_CATEGORIES
from convenience_center.pages import page
from convenience_center.state.open_affairs import OpenItemState, OpenListState


def item_line(p: Row) -> rx.Component:
    """One publication in a list."""
    return rx.el.li(
        link(bi_pair(p["title_zh"], p["title_en"]), href="/open/" + p["pub_no"].to(str),
             class_name="cc-item__link"),
        rx.el.p(bi_pair(p["category_zh"], p["category_en"]), " · ",
                bi_pair(p["office_zh"], p["office_en"]), " · ", p["published"],
                class_name="cc-meta"),
        class_name="cc-item",
    )


@page("/open", "open.title", on_load=OpenListState.load)
def open_list() -> rx.Component:
    """Notices, policy documents and interpretations."""
    s = OpenListState
    return rx.el.div(
        rx.el.h1(t("open.title")),
        rx.el.p(t("open.lead"), class_name="cc-lead"),
        form(
            rx.el.div(
                rx.el.div(
                    rx.el.label(t("open.category"), html_for="f-category", class_name="cc-label"),
                    rx.el.select(
                        rx.el.option(t("open.all_categories"), value=""),
                        *[rx.el.option(bi(label), value=key)
                          for key, label in PUBLICATION_CATEGORIES.items()],
                        id="f-category", name="category", default_value=s.category,
                        class_name="cc-select"),
                    class_name="cc-field",
                ),
                text_field(s, "q", "open.search", input_type="search", max_length=100),
                class_name="cc-inline-fields",
            ),
            submit_button("common.search", secondary=True),
            on_submit=s.search, role="search",
        ),
        rx.cond(s.items.length() > 0,
                rx.el.ul(rx.foreach(s.items, item_line), class_name="cc-plain-list"),
                rx.el.p(t("open.none"), role="status")),
    )


def _markdown(body: Var) -> rx.Component:
    """An officer's Markdown without its raw HTML: a ``<form>`` or ``<style>`` written into a
    notice stays out of the page (react-markdown drops HTML unless rehype-raw is on)."""
    return rx.markdown(body, use_raw=False)


@page("/open/[pub_no]", "open.title", on_load=OpenItemState.load)
def open_item() -> rx.Component:
    """One publication, in the reader's language."""
    s = OpenItemState
    p = s.item
    return rx.el.article(
        rx.el.p(link(t("open.title"), href="/open"), class_name="cc-breadcrumb"),
        rx.cond(
            p.contains("pub_no"),
            rx.fragment(
                rx.el.h1(bi_pair(p["title_zh"], p["title_en"])),
                rx.el.p(bi_pair(p["category_zh"], p["category_en"]), " · ",
                        bi_pair(p["office_zh"], p["office_en"]), " · ", p["published"], " · ",
                        p["pub_no"], class_name="cc-meta"),
                rx.el.div(rx.cond(IS_EN, _markdown(p["body_en"].to(str)),
                                  _markdown(p["body_zh"].to(str))), class_name="cc-doc"),
                rx.cond(p["files"].to(list).length() > 0, rx.fragment(
                    rx.el.h2(t("open.files")),
                    rx.el.ul(rx.foreach(p["files"].to(list[dict[str, str]]), lambda f: rx.el.li(
                        file_link(f["name"], href="/files/" + f["id"].to(str)))),
                        class_name="cc-plain-list"))),
            ),
            rx.cond(s.checked, rx.cond(
                s.withdrawn.contains("pub_no"),
                rx.el.div(
                    rx.el.h1(tf("open.withdrawn_title", number=s.withdrawn["pub_no"])),
                    rx.el.p(tf("open.withdrawn_on", date=s.withdrawn["withdrawn"]),
                            class_name="cc-strong"),
                    rx.el.p(tf("open.withdrawn_reason", reason=s.withdrawn["reason"]),
                            class_name="cc-quote"),
                    role="status", class_name="cc-notice cc-notice--warning"),
                rx.el.p(t("open.not_found"), role="alert",
                        class_name="cc-notice cc-notice--warning")),
                rx.el.p(t("common.loading"), class_name="cc-meta")),
        ),
        class_name="cc-narrow",
    )
