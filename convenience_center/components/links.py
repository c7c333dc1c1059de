"""Links inside the site, without any styling library.

Two kinds, because the site serves two kinds of address:

- ``link``: a page of the app. React Router's ``Link`` takes the click and shows the page
  without reloading (the ``data-discover`` attribute in the HTML shows it).
- ``file_link``: a file that a plain HTTP route serves (``convenience_center/web/``: blank
  forms, receipts, certificates, case summaries, uploaded files, the statistics CSV). The router
  knows no such page, so a routed click would show the "page not found" page and never ask the
  server. In Reflex 0.10 ``rx.el.a`` *is* React Router's ``Link`` as well, so a file link is the
  bare HTML ``<a>`` element, which the browser follows itself, with ``download`` so that the
  file is saved rather than replacing the page.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_components_core.el.elements.inline import A
from reflex_components_core.react_router.dom import ReactRouterLink


def link(*children: Any, href: str | rx.Var, **props: Any) -> rx.Component:
    """An ``<a>`` that navigates inside the app without reloading the page."""
    return ReactRouterLink.create(*children, to=href, **props)


def file_link(*children: Any, href: str | rx.Var, **props: Any) -> rx.Component:
    """A plain ``<a href download>`` to a file served over HTTP (never routed client-side).

    ``download`` may be given a file name; by default the server's ``Content-Disposition``
    names the file.
    """
    props.setdefault("download", "")
    return A.create(*children, href=href, **props)
