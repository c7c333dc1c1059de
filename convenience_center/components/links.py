"""Links inside the site: client-side navigation (React Router) without any styling library."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink


def link(*children: Any, href: str | rx.Var, **props: Any) -> rx.Component:
    """An ``<a>`` that navigates inside the app without reloading the page."""
    return ReactRouterLink.create(*children, to=href, **props)
