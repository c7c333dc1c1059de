"""Pages: one module per page or page family, registered with :func:`page`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from convenience_center.components.i18n import t
from convenience_center.components.layout import page_frame
from convenience_center.state.base import AppState


@dataclass
class PageSpec:
    """A page to add to the app."""

    route: str
    title_key: str
    render: Callable[[], rx.Component]
    on_load: list[Any] = field(default_factory=list)


REGISTRY: list[PageSpec] = []


def page(route: str, title_key: str, *, on_load: Any = None):  # type: ignore[no-untyped-def]
    """Register ``fn`` as the page at ``route``: framed, titled, and loading the header state."""

    def decorate(fn: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        events = [AppState.start]
        if on_load is not None:
            events.extend(on_load if isinstance(on_load, list) else [on_load])

        def render() -> rx.Component:
            return page_frame(fn())

        render.__name__ = fn.__name__
        REGISTRY.append(PageSpec(route, title_key, render, events))
        return fn

    return decorate


def title_for(key: str) -> Any:
    """The document title: page name and site name."""
    return t(key) + " - " + t("site.short_name")
