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


def register_page(route: str, render: Callable[[], rx.Component], *,
                  title: Text | str | rx.Var, on_load: Any = None,
                  identifies: bool = False) -> None:
    """Add a page built in code (e.g. one per service definition).

    ``AppState.start`` (language, who is signed in) runs first on every page, unless the page's
    own ``on_load`` does that itself (``identifies``): each event on a navigation costs a
    round of the state machinery, so a page should need one.
    """
    events = [] if identifies and on_load is not None else [AppState.start]
    if on_load is not None:
        events.extend(on_load if isinstance(on_load, list) else [on_load])
    name = (rx.cond(IS_EN, title.en, title.zh) if isinstance(title, Text) else
            title if isinstance(title, rx.Var) else t(title))  # a Var: a title of the state

    def framed() -> rx.Component:
        return page_frame(render())

    # Reflex gathers a page's compiled components into a module named after the module of
    # the function it is given: named after the page's own module, each page family gets a
    # JavaScript chunk of its own (named after this one, every page carried all 116 pages).
    framed.__name__ = render.__name__
    framed.__qualname__ = render.__qualname__
    framed.__module__ = render.__module__
    REGISTRY.append(PageSpec(route, _title(name), framed, events))


def page(route: str, title_key: str | rx.Var, *, on_load: Any = None, identifies: bool = False
         ) -> Callable[[Callable[[], rx.Component]], Callable[[], rx.Component]]:
    """Register ``fn`` as the page at ``route``: framed, titled, and loading the header state."""

    def decorate(fn: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        register_page(route, fn, title=title_key, on_load=on_load, identifies=identifies)
        return fn

    return decorate


def title_for(key: str) -> Any:
    """The document title of a page named by a message key."""
    return _title(t(key))
