"""The certificate's measures, colours and type, and setting a text to fit the room it has.

A text that is too long for its room is set smaller (and laid out again), down to
``MIN_SCALE`` of its size; only beyond that is it cut short with "…" (:func:`fit`).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from convenience_center.documents.fonts import has_cjk, markup
from convenience_center.documents.layout import (
    FRAME_PADDING,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Margins,
    styles,
)

MARGINS = Margins(left=26 * mm, right=26 * mm, top=27 * mm, bottom=23 * mm)
WIDTH = PAGE_WIDTH - MARGINS.left - MARGINS.right - 2 * FRAME_PADDING
HEIGHT = PAGE_HEIGHT - MARGINS.top - MARGINS.bottom - 2 * FRAME_PADDING
MIN_SCALE = 0.45  # texts are never set smaller than this times their normal size

INK = colors.HexColor("#1f1f1f")
MUTED = colors.HexColor("#5b5b5b")
ACCENT = colors.HexColor("#8e2a27")         # border, title and rules: a dark, quiet red
RULE = colors.HexColor("#cdbfb0")
LABEL_SHADE = colors.HexColor("#f8f4ee")


@functools.cache
def cert_styles(lang: str) -> dict[str, ParagraphStyle]:
    """The certificate's paragraph styles in ``lang``, by the part they set."""
    s = styles(lang)
    en = lang == "en"

    def style(name: str, parent: ParagraphStyle, **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", kw.get("fontSize", parent.fontSize) * 1.3)
        return ParagraphStyle(f"cert-{lang}-{name}", parent=parent, spaceBefore=0, spaceAfter=0,
                              textColor=kw.pop("textColor", INK), **kw)

    return {
        "platform": style("platform", s.center, fontSize=11 if en else 12.5, textColor=MUTED),
        "title": style("title", s.title, fontSize=22 if en else 30, textColor=ACCENT,
                       leading=27 if en else 38),
        "kind": style("kind", s.center, fontSize=9.5, textColor=MUTED),
        "number": style("number", s.center, fontSize=10.5),
        "label": style("label", s.body, fontSize=10 if en else 10.5, textColor=MUTED),
        "value": style("value", s.body, fontSize=11 if en else 12, leading=(11 if en else 12) *
                       1.35),
        "issuer_label": style("issuer-label", s.right, fontSize=8.5, textColor=MUTED),
        "issuer": style("issuer", s.right, fontSize=11.5 if en else 12.5, leading=16),
        "caption": style("caption", s.center, fontSize=8),
        "url": style("url", s.center, fontSize=6.5, textColor=MUTED, leading=8),
    }


def scaled(style: ParagraphStyle, scale: float) -> ParagraphStyle:
    """``style`` at ``scale`` times its size (made afresh for each try, so not cached)."""
    if scale == 1.0:
        return style
    return ParagraphStyle(f"{style.name}@{scale:.3f}", parent=style,
                          fontSize=style.fontSize * scale, leading=style.leading * scale)


def plain(text: str, style: ParagraphStyle, lang: str) -> Paragraph:
    """Like ``Styles.para``, for the scaled styles (whose Chinese variants are not cached)."""
    if lang != "en" or has_cjk(text):
        style = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
    return Paragraph(markup(text, lang), style)


def height_of(flowables: list[Flowable], width: float = WIDTH) -> float:
    """The height ``flowables`` take, one under the other, ``width`` wide."""
    canvas = Canvas(io.BytesIO(), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))  # to measure on
    total = 0.0
    for flowable in flowables:
        total += flowable.wrapOn(canvas, width, HEIGHT)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


Make = Callable[[float, str], list[Flowable]]


def fit(make: Make, text: str, width: float, height: float) -> list[Flowable]:
    """``make(scale, text)``, at the largest scale (down to ``MIN_SCALE``) at which it is at
    most ``height`` tall when laid out ``width`` wide; if even the smallest is too tall,
    ``text`` is cut short with "…" until it fits."""
    if height_of(flowables := make(1.0, text), width) <= height:
        return flowables
    low, high = MIN_SCALE, 1.0
    while high - low > 0.01:
        middle = (low + high) / 2
        if height_of(make(middle, text), width) <= height:
            low = middle
        else:
            high = middle
    while height_of(flowables := make(low, text), width) > height and len(text) > 1:
        text = text[:max(len(text) * 3 // 4, 1) - 1] + "…"
    return flowables
