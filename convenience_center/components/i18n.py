"""Translated text in components: both languages are compiled in, the browser picks one.

``t("login.title")`` compiles to ``lang === "en" ? "Sign in" : "登录"``: no round trip to the
server when the language changes, and the prerendered page already shows real text.
"""

from __future__ import annotations

from string import Formatter

import reflex as rx
from reflex.vars import StringVar, Var

from convenience_center.i18n import EN, EN_ONE, ZH
from convenience_center.state.base import AppState

IS_EN = AppState.lang == "en"


def as_text(var: Var) -> StringVar:
    """A var holding text (``rx.cond`` is typed as giving a ``Var``): the same script, as a
    string var."""
    return var if isinstance(var, StringVar) else var.to(str)


def t(key: str) -> StringVar:
    """The message ``key`` in the current language."""
    if key not in EN or key not in ZH:
        raise KeyError(f"message {key!r} is missing from a catalogue")
    return as_text(rx.cond(IS_EN, EN[key], ZH[key]))


def _format(template: str, params: dict[str, Var | str]) -> StringVar:
    parts: list[StringVar] = []
    for literal, field, _spec, _conversion in Formatter().parse(template):
        if literal:
            parts.append(as_text(Var.create(literal)))
        if field is not None:
            value = params[field]
            parts.append(value.to(str) if isinstance(value, Var)
                         else as_text(Var.create(str(value))))
    if not parts:
        return as_text(Var.create(""))
    result = parts[0]
    for part in parts[1:]:
        result = result + part
    return result


def tf(key: str, **params: Var | str) -> StringVar:
    """The message ``key`` with ``{placeholders}`` filled from vars or strings."""
    t(key)  # existence check
    return as_text(rx.cond(IS_EN, _format(EN[key], params), _format(ZH[key], params)))


def tc(key: str, count: int | Var, **params: Var | str) -> StringVar:
    """A message that holds ``count``, in the form for that count (English "1 copy",
    "2 copies"; Chinese has one form). ``{count}`` is filled with the count unless ``params``
    fill the placeholders themselves."""
    t(key)  # existence check
    params = {"count": count if isinstance(count, Var) else str(count), **params}
    one = EN_ONE.get(key, EN[key])
    if isinstance(count, Var):
        english = rx.cond(count.to(int) == 1, _format(one, params), _format(EN[key], params))
    else:
        english = _format(one if count == 1 else EN[key], params)
    return as_text(rx.cond(IS_EN, english, _format(ZH[key], params)))


def colon() -> StringVar:
    """The colon between a label and its value: full-width in Chinese, ": " in English."""
    return as_text(rx.cond(IS_EN, ": ", "："))


def html_lang() -> StringVar:
    """The BCP 47 tag of the current language for ``lang`` attributes."""
    return as_text(rx.cond(IS_EN, "en", "zh-CN"))
