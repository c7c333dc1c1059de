"""The drawn "electronic seal" mark of a certificate: a red ring, the issuing office along its
upper arc and "电子印章" / "Electronic seal" across the middle.

No star, no emblem: it reads as a mark of the electronic issue, not as an imitation of the
office's physical seal.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from convenience_center.documents import labels as L
from convenience_center.documents.fonts import LATIN_FONT, char_font, cjk_font_of, has_cjk

SEAL_RED = colors.Color(0.80, 0.13, 0.13, alpha=0.85)
SEAL_SIZE = 34 * mm
_SIZE_MAX, _SIZE_MIN = 10.0, 5.5  # of the letters of the office name


def seal_mark(office: str, lang: str, size: float = SEAL_SIZE) -> Drawing:
    """The seal mark ``size`` wide, with ``office`` along its arc and the label in ``lang``."""
    drawing = Drawing(size, size)
    centre = size / 2
    outer = size / 2 - 1.5
    drawing.add(Circle(centre, centre, outer, strokeColor=SEAL_RED, strokeWidth=2.2,
                       fillColor=None))
    drawing.add(Circle(centre, centre, outer - 3.2, strokeColor=SEAL_RED, strokeWidth=0.5,
                       fillColor=None))
    _office_on_arc(drawing, office, centre, outer)
    _label_across(drawing, L.ELECTRONIC_SEAL.get(lang), centre)
    return drawing


class _Arc:
    """The upper arc the office name follows, and how wide letters are set on it."""

    def __init__(self, office: str, outer: float) -> None:
        self.cjk = has_cjk(office)
        self.tracking = 0.12 if self.cjk else 0.04
        self.span = math.radians(240 if self.cjk else 250)
        self.outer = outer

    def natural(self, chars: list[str], font_size: float) -> float:
        """The length of ``chars`` set at ``font_size``, without extra spacing."""
        return sum(stringWidth(c, char_font(c), font_size) * (1 + self.tracking) for c in chars)

    def baseline(self, font_size: float) -> float:
        """The radius on which letters of ``font_size`` stand."""
        return self.outer - 5.0 - font_size * 0.8

    def fits(self, chars: list[str], font_size: float) -> bool:
        """Whether ``chars`` at ``font_size`` fit on the arc."""
        return self.natural(chars, font_size) <= self.baseline(font_size) * self.span


def _fitted_to_arc(arc: _Arc, chars: list[str]) -> tuple[list[str], float]:
    """The letters and their size: a long name is set smaller, and cut short with "…" below
    a legible size."""
    font_size = _SIZE_MAX
    if chars and not arc.fits(chars, _SIZE_MAX):
        font_size = max(_SIZE_MIN, _SIZE_MAX * arc.baseline(_SIZE_MAX) * arc.span /
                        arc.natural(chars, _SIZE_MAX))
        while not arc.fits(chars, font_size) and font_size > _SIZE_MIN:
            font_size = max(_SIZE_MIN, font_size - 0.25)
        while len(chars) > 1 and not arc.fits(chars, font_size):
            chars = [*chars[:-2], "…"]
    return chars, font_size


def _office_on_arc(drawing: Drawing, office: str, centre: float, outer: float) -> None:
    """The office name along the upper arc, letters upright towards the ring, spread evenly
    over the arc."""
    arc = _Arc(office, outer)
    chars, font_size = _fitted_to_arc(arc, list(office.strip()))
    radius = arc.baseline(font_size)
    total = arc.natural(chars, font_size)
    # Short names are spread over (up to) the arc: extra room between letters, within limits.
    extra = 0.0
    if len(chars) > 1:
        extra = min(radius * arc.span - total,
                    font_size * (1.2 if arc.cjk else 0.5) * (len(chars) - 1))
        extra = max(extra, 0.0) / (len(chars) - 1)
    total += extra * (len(chars) - 1)
    angle = math.pi / 2 + total / radius / 2  # the start, left of the top
    for char in chars:
        advance = stringWidth(char, char_font(char), font_size) * (1 + arc.tracking)
        middle = angle - advance / radius / 2
        turn = middle - math.pi / 2
        cos, sin = math.cos(turn), math.sin(turn)
        x, y = centre + radius * math.cos(middle), centre + radius * math.sin(middle)
        drawing.add(Group(String(0, 0, char, fontName=char_font(char), fontSize=font_size,
                                 fillColor=SEAL_RED, textAnchor="middle"),
                          transform=(cos, sin, -sin, cos, x, y)))
        angle -= (advance + extra) / radius


def _label_across(drawing: Drawing, label: str, centre: float) -> None:
    """The label across the middle, between two short rules."""
    label_font = cjk_font_of(label) if has_cjk(label) else LATIN_FONT
    label_size = 8.5 if has_cjk(label) else 6.5
    drawing.add(String(centre, centre - label_size * 0.35, label, fontName=label_font,
                       fontSize=label_size, fillColor=SEAL_RED, textAnchor="middle"))
    half = stringWidth(label, label_font, label_size) / 2 + 4
    for y in (centre + label_size * 0.9, centre - label_size * 0.9):
        drawing.add(Line(centre - half, y, centre + half, y, strokeColor=SEAL_RED,
                         strokeWidth=0.5))
