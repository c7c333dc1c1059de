"""The types of the vars that pages render, for the type checker.

A row of a list state var reaches ``rx.foreach``'s function as an object var: typed so,
``row["name"]`` is a string var that can be compared and joined. ``rx.match`` is typed as
giving a component or a var; the two matches below say which one a page builds.
"""

from __future__ import annotations

from typing import Any, cast

import reflex as rx
from reflex.vars import ObjectVar, StringVar, Var

Row = ObjectVar[dict[str, str]]
# A row whose values are not all text (lists, flags, numbers).
Item = ObjectVar[dict[str, Any]]


def component_match(value: Any, *cases: Any) -> rx.Component:
    """``rx.match`` whose cases (and default) are all components."""
    return cast(rx.Component, rx.match(value, *cases))


def text_match(value: Any, *cases: Any) -> StringVar:
    """``rx.match`` whose cases (and default) are all text (the same script, as a string)."""
    match = rx.match(value, *cases)
    if not isinstance(match, Var):
        raise TypeError("text_match: a case is a component, not text")
    return match.to(str)
