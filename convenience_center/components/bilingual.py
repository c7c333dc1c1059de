"""Bilingual content from the service definitions, compiled into the page."""

from __future__ import annotations

import reflex as rx
from reflex.vars import StringVar, Var

from convenience_center.components.i18n import IS_EN, as_text
from convenience_center.domain.services.base import Text


def bi(text: Text) -> StringVar:
    """A definition's text in the current language (both compiled in)."""
    return as_text(rx.cond(IS_EN, text.en, text.zh))


def bi_pair(zh: Var | str, en: Var | str) -> StringVar:
    """The Chinese or English one of two values (e.g. two state vars)."""
    return as_text(rx.cond(IS_EN, en, zh))
