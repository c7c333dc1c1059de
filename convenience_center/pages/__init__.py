"""Pages: one module per page or page family, registered with :func:`page`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from convenience_center.components.i18n import IS_EN, t
from convenience_center.components.layout import page_frame
from convenience_center.domain.services.base import Text
from convenience_center.state.base import AppState


@dataclass
class PageSpec:
    """A page to add to the app."""

    route: str
    title: Any
    render: Callable[[], rx.Component]
    on_load: list[Any] = field(default_factory=list)


REGISTRY: list[PageSpec] = []


def _title(name: Any) -> Any:
    return name + " - " + t("site.short_name")


def register_page(route: str, render: Callable[[], rx.Component], *, title: Text | str,
                  on_load: Any = None) -> None:
    """Add a page built in code (e.g. one per service definition)."""
    events = [AppState.start]
    if on_load is not None:
        events.extend(on_load if isinstance(on_load, list) else [on_load])
    name = rx.cond(IS_EN, title.en, title.zh) if isinstance(title, Text) else t(title)

    def framed() -> rx.Component:
        return page_frame(render())

    framed.__name__ = render.__name__
    REGISTRY.append(PageSpec(route, _title(name), framed, events))


def page(route: str, title_key: str, *, on_load: Any = None):  # type: ignore[no-untyped-def]
    """Register ``fn`` as the page at ``route``: framed, titled, and loading the header state."""

    def decorate(fn: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        register_page(route, fn, title=title_key, on_load=on_load)
        return fn

    return decorate


def title_for(key: str) -> Any:
    """The document title of a page named by a message key."""
    return _title(t(key))
