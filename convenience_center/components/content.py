"""Long documents (notes for users, privacy notice) rendered in the current language."""

from __future__ import annotations

import reflex as rx
from reflex.vars import StringVar

from convenience_center.components.i18n import IS_EN


def _render(sections: list[tuple[str, list[str]]], heading_level: str) -> rx.Component:
    heading = rx.el.h2 if heading_level == "h2" else rx.el.h3
    parts: list[rx.Component] = []
    for title, paragraphs in sections:
        if title:
            parts.append(heading(title, class_name="cc-doc__heading"))
        parts.extend(rx.el.p(text, class_name="cc-doc__para") for text in paragraphs)
    return rx.el.div(*parts, class_name="cc-doc")


def document(texts: dict[str, list[tuple[str, list[str]]]], *,
             heading_level: str = "h2") -> rx.Component:
    """Both language versions compiled in; the current language is shown."""
    return rx.cond(IS_EN, _render(texts["en"], heading_level), _render(texts["zh"], heading_level))


def handoff_refresh(url: StringVar) -> rx.Component:
    """Send the browser to ``url`` with a plain HTML refresh once ``url`` is set.

    Used after a password check to fetch the HttpOnly session cookie in a normal HTTP request;
    it needs no script and works under a CSP that forbids ``eval``.
    """
    return rx.cond(url != "", rx.el.meta(http_equiv="refresh", content="0;url=" + url))
