"""Table rows that become stacked cards on phones.

Each cell carries its column's name (``data-label``); under 640 px the stylesheet shows every
row as a card of "name: value" lines (``assets/styles.css``, "Tables on phones"), so no column
is squeezed or pushed off the screen. No JavaScript: the names are in the page in both
languages, like every other text.
"""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx
from reflex.vars.base import Var


def cell(label: Var | str, *children: rx.Component | Var | str,
         header: bool = False) -> rx.Component:
    """One cell, named after its column (``header``: the row's header cell)."""
    content = rx.el.span(*children, class_name="cc-cell")
    if header:
        return rx.el.th(content, scope="row", custom_attrs={"data-label": label})
    return rx.el.td(content, custom_attrs={"data-label": label})


def row(labels: Sequence[Var | str], *cells: rx.Component | Var | str,
        header_first: bool = False) -> rx.Component:
    """A row whose cells are named by ``labels`` in order (as many as there are cells)."""
    if len(labels) != len(cells):
        raise ValueError(f"{len(cells)} cells for {len(labels)} column names")
    return rx.el.tr(*[cell(label, content, header=header_first and index == 0)
                      for index, (label, content) in enumerate(zip(labels, cells,
                                                                   strict=True))])


def head(labels: Sequence[Var | str]) -> rx.Component:
    """The table's header row."""
    return rx.el.thead(rx.el.tr(*[rx.el.th(label, scope="col") for label in labels]))
