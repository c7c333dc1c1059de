"""The electronic certificate (电子证照): one A4 page, to download, print or show.

The page is laid out in three parts: the head (platform, title, certificate number) at the top,
the issuer (QR code to check the certificate; issuing office and date under a drawn, clearly
labelled "electronic seal" mark) at the bottom, and between them the facts. Whatever the lengths
of the texts, the certificate stays on one page and inside its border: a long title, office
name or list of facts is set smaller (and laid out again) to fit the room left for it, down to
``MIN_SCALE`` of its size; only beyond that is text cut short with "…" (the facts: long values
first, then the last facts). The office name around the seal mark is set smaller, or cut
short, to fit its arc; it is printed in full beside it.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer, Table, TableStyle

from convenience_center.documents import labels as L
from convenience_center.documents.certificate_stamp import WORDS as STAMP_WORDS
from convenience_center.documents.certificate_stamp import (
    CertificateEnding,
    draw_stamp,
    ending_sentence,
)
from convenience_center.documents.fonts import (
    LATIN_FONT,
    char_font,
    cjk_font_of,
    has_cjk,
    markup,
)
from convenience_center.documents.layout import (
    FRAME_PADDING,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Margins,
    build_pdf,
    styles,
)
from convenience_center.documents.qr import qr_image
from convenience_center.domain.services.base import Text
from convenience_center.i18n import translate

# The border: a heavy outer rule and a thin inner one.
BORDER_INSET = 12 * mm
BORDER_GAP = 4.5
MARGINS = Margins(left=26 * mm, right=26 * mm, top=27 * mm, bottom=23 * mm)
WIDTH = PAGE_WIDTH - MARGINS.left - MARGINS.right - 2 * FRAME_PADDING
HEIGHT = PAGE_HEIGHT - MARGINS.top - MARGINS.bottom - 2 * FRAME_PADDING
SLACK = 6.0      # kept free, so that rounding never pushes the last part onto a second page
MIN_GAP = 18.0   # above and below the facts
MIN_SCALE = 0.45  # texts are never set smaller than this times their normal size
SHORT_VALUE = 40  # a value cut short to make room keeps at least this many characters

INK = colors.HexColor("#1f1f1f")
MUTED = colors.HexColor("#5b5b5b")
ACCENT = colors.HexColor("#8e2a27")         # border, title and rules: a dark, quiet red
RULE = colors.HexColor("#cdbfb0")
LABEL_SHADE = colors.HexColor("#f8f4ee")
SEAL_RED = colors.Color(0.80, 0.13, 0.13, alpha=0.85)

QR_SIZE = 27 * mm
QR_COLUMN = QR_SIZE + 14
QR_GAP = 20.0
SEAL_SIZE = 34 * mm
SEAL_GAP = 12.0
TITLE_LINES = 2          # a longer title is shrunk to the height of two lines
MAX_ISSUER_HEIGHT = 96.0  # office name and date; a longer office name is shrunk


@dataclass(frozen=True)
class CertificateDocument:
    """What the certificate shows; ``details`` are (label, value) facts such as the child's
    name, values as they are."""

    cert_no: str
    title: Text
    holder_name: str
    holder_id_masked: str
    office_name: Text
    issued_on: date
    valid_from: date
    valid_until: date | None
    details: list[tuple[Text, str]]
    verify_url: str
    ended: CertificateEnding | None = None  # cancelled, replaced or expired: stamped so


def certificate_pdf(doc: CertificateDocument, lang: str) -> bytes:
    """The one-page A4 electronic certificate ``doc`` in ``lang``."""
    s = styles("en" if lang == "en" else "zh")
    cs = _cert_styles(s.lang)
    title = doc.title.get(s.lang)
    title_height = cs["title"].leading * TITLE_LINES + 1
    head: list[Flowable] = [
        s.para(translate("site.name", s.lang), cs["platform"]),
        Spacer(1, 16),
        *_fit(lambda k, text: [_plain(text, _scaled(cs["title"], k), s.lang)], title, WIDTH,
              title_height),
        Spacer(1, 8),
        s.para(L.CERTIFICATE_KIND.get(s.lang), cs["kind"]),
        Spacer(1, 10),
        s.para(L.fmt(L.CERTIFICATE_NUMBER, s.lang, number=doc.cert_no), cs["number"]),
        Spacer(1, 12),
        HRFlowable(width="24%", thickness=0.8, color=ACCENT, spaceBefore=0, spaceAfter=0),
    ]
    foot = _issuer_row(doc, s.lang, cs)
    room = HEIGHT - _height(head) - _height([foot]) - SLACK
    facts = _fitted_facts(doc, s.lang, room - 2 * MIN_GAP)
    free = max(room - _height([facts]), 2 * MIN_GAP)
    gap_above = max(MIN_GAP, min(free * 0.25, 64.0))  # the facts sit above the middle
    story = [*head, Spacer(1, gap_above), facts, Spacer(1, free - gap_above), foot]
    ended = doc.ended

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        _border(canvas, page, pages)
        if ended is not None:
            draw_stamp(canvas, ended, s.lang)

    stamp = f" ({STAMP_WORDS[ended.status].get(s.lang)})" if ended else ""
    return build_pdf(story, lang=s.lang, title=f"{title} {doc.cert_no}{stamp}",
                     subject=L.CERTIFICATE_KIND.get(s.lang).replace(" ", ""),
                     decorate=decorate, margins=MARGINS)


@functools.cache
def _cert_styles(lang: str) -> dict[str, ParagraphStyle]:
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


def _scaled(style: ParagraphStyle, scale: float) -> ParagraphStyle:
    """``style`` at ``scale`` times its size (made afresh for each try, so not cached)."""
    if scale == 1.0:
        return style
    return ParagraphStyle(f"{style.name}@{scale:.3f}", parent=style,
                          fontSize=style.fontSize * scale, leading=style.leading * scale)


def _plain(text: str, style: ParagraphStyle, lang: str) -> Paragraph:
    """Like ``Styles.para``, for the scaled styles (whose Chinese variants are not cached)."""
    if lang != "en" or has_cjk(text):
        style = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
    return Paragraph(markup(text, lang), style)


def _height(flowables: list[Flowable], width: float = WIDTH) -> float:
    """The height ``flowables`` take, one under the other, ``width`` wide."""
    canvas = Canvas(io.BytesIO(), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))  # to measure on
    total = 0.0
    for flowable in flowables:
        total += flowable.wrapOn(canvas, width, HEIGHT)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


Make = Callable[[float, str], list[Flowable]]


def _fit(make: Make, text: str, width: float, height: float) -> list[Flowable]:
    """``make(scale, text)``, at the largest scale (down to ``MIN_SCALE``) at which it is at
    most ``height`` tall when laid out ``width`` wide; if even the smallest is too tall,
    ``text`` is cut short with "…" until it fits."""
    if _height(flowables := make(1.0, text), width) <= height:
        return flowables
    low, high = MIN_SCALE, 1.0
    while high - low > 0.01:
        middle = (low + high) / 2
        if _height(make(middle, text), width) <= height:
            low = middle
        else:
            high = middle
    while _height(flowables := make(low, text), width) > height and len(text) > 1:
        text = text[:max(len(text) * 3 // 4, 1) - 1] + "…"
    return flowables


def _validity(doc: CertificateDocument, lang: str) -> str:
    start = L.long_date(doc.valid_from, lang)
    if doc.valid_until is None:
        return L.fmt(L.VALID_NO_EXPIRY, lang, start=start)
    return L.fmt(L.VALID_BETWEEN, lang, start=start, end=L.long_date(doc.valid_until, lang))


def _fitted_facts(doc: CertificateDocument, lang: str, room: float) -> Flowable:
    """The facts table, set smaller (and laid out again) if it is taller than ``room``. Should
    even the smallest size be too tall, the longest values are cut short with "…", and at
    last the last facts left out (a "…" row says so); holder and validity always stay. The
    full record is behind the QR code."""
    first = [(L.HOLDER.get(lang), doc.holder_name),
             (L.HOLDER_ID.get(lang), doc.holder_id_masked)]
    details = [(label.get(lang), value or "—") for label, value in doc.details]
    last = [(L.VALIDITY.get(lang), _validity(doc, lang))]
    if doc.ended is not None:
        last.append((L.STATUS_NOW.get(lang), ending_sentence(doc.ended, lang)))
    facts = [*first, *details, *last]
    table, = _fit(lambda k, _: [_facts_table(facts, lang, k)], "", WIDTH, room)
    if _height([table]) <= room:
        return table

    def cut(limit: int) -> list[tuple[str, str]]:
        return [(label, value if len(value) <= limit else value[:limit - 1] + "…")
                for label, value in facts]

    # The longest values cut to the most characters that fit (values of up to SHORT_VALUE
    # characters are never cut).
    low, high = SHORT_VALUE, max(len(value) for _, value in facts)
    while high - low > 1:
        middle = (low + high) // 2
        if _height([_facts_table(cut(middle), lang, MIN_SCALE)]) <= room:
            low = middle
        else:
            high = middle
    facts = cut(low)
    table = _facts_table(facts, lang, MIN_SCALE)
    if _height([table]) <= room:
        return table
    head, shown, tail = facts[:len(first)], facts[len(first):-len(last)], facts[-len(last):]

    def keeping(n: int) -> Table:
        return _facts_table([*head, *shown[:n], ("…", "…"), *tail], lang, MIN_SCALE)

    low, high = 0, len(shown)  # keeping(low) fits (three rows always do), keeping(high) not
    while high - low > 1:
        middle = (low + high) // 2
        if _height([keeping(middle)]) <= room:
            low = middle
        else:
            high = middle
    return keeping(low)


def _facts_table(facts: list[tuple[str, str]], lang: str, scale: float) -> Table:
    """Holder, the facts and the validity as label / value rows, ruled between rows only,
    at ``scale`` times the normal size."""
    cs = _cert_styles(lang)
    label, value = _scaled(cs["label"], scale), _scaled(cs["value"], scale)
    rows = [[_plain(name, label, lang), _plain(text, value, lang)] for name, text in facts]
    label_width = (118.0 if lang == "en" else 112.0) * max(scale, 0.6)
    pad = max(scale, 0.4)
    return Table(rows, colWidths=[label_width, WIDTH - label_width], hAlign="CENTER",
                 style=TableStyle([
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("BACKGROUND", (0, 0), (0, -1), LABEL_SHADE),
                     ("LINEABOVE", (0, 0), (-1, 0), 0.9, ACCENT),
                     ("LINEBELOW", (0, -1), (-1, -1), 0.9, ACCENT),
                     ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
                     ("LEFTPADDING", (0, 0), (-1, -1), 10 * pad),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 8 * pad),
                     ("TOPPADDING", (0, 0), (-1, -1), 7 * pad),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 8 * pad),
                 ]))


def _issuer_row(doc: CertificateDocument, lang: str, cs: dict[str, ParagraphStyle]) -> Table:
    """The QR code with its caption on the left; office, date and seal mark on the right."""

    def qr(scale: float, url: str) -> list[Flowable]:
        return [qr_image(doc.verify_url, QR_SIZE), Spacer(1, 3),
                _plain(L.SCAN_TO_VERIFY.get(lang), _scaled(cs["caption"], scale), lang),
                Spacer(1, 2), _plain(url, _scaled(cs["url"], scale), lang)]

    issuer_width = WIDTH - QR_COLUMN - QR_GAP
    issuer = _Issuer(doc, lang, cs, issuer_width)
    return Table([[_fit(qr, doc.verify_url, QR_COLUMN, QR_SIZE + 48), "", issuer]],
                 colWidths=[QR_COLUMN, QR_GAP, issuer_width], hAlign="CENTER",
                 style=TableStyle([
                     ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                     ("ALIGN", (0, 0), (0, 0), "CENTER"),
                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                     ("TOPPADDING", (0, 0), (-1, -1), 0),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                 ]))


class _Issuer(Flowable):
    """Issuing office and date, right-aligned, with the seal mark to their left."""

    def __init__(self, doc: CertificateDocument, lang: str, cs: dict[str, ParagraphStyle],
                 width: float) -> None:
        super().__init__()
        self.width = width
        self._office = doc.office_name.get(lang)
        self._lang = lang
        self._text_width = width - SEAL_SIZE - SEAL_GAP

        def lines(scale: float, office: str) -> list[Flowable]:
            return [
                _plain(L.ISSUED_BY.get(lang), _scaled(cs["issuer_label"], scale), lang),
                _plain(office, _scaled(cs["issuer"], scale), lang),
                Spacer(1, 6 * scale),
                _plain(L.ISSUED_ON.get(lang), _scaled(cs["issuer_label"], scale), lang),
                _plain(L.long_date(doc.issued_on, lang), _scaled(cs["issuer"], scale), lang),
            ]

        self._lines = _fit(lines, self._office, self._text_width, MAX_ISSUER_HEIGHT)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._text_height = sum(line.wrapOn(self.canv, self._text_width, HEIGHT)[1]
                                for line in self._lines)
        self.height = max(SEAL_SIZE, self._text_height)
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        x = self.width - self._text_width
        y = (self.height + self._text_height) / 2
        widest = 0.0
        for line in self._lines:
            _, height = line.wrapOn(canvas, self._text_width, HEIGHT)
            y -= height
            line.drawOn(canvas, x, y)
            if isinstance(line, Paragraph):
                widest = max([widest, *line.getActualLineWidths0()])
        left = self.width - min(widest, self._text_width) - SEAL_GAP - SEAL_SIZE
        renderPDF.draw(seal_mark(self._office, self._lang), canvas, max(left, 0.0),
                       (self.height - SEAL_SIZE) / 2)


def seal_mark(office: str, lang: str, size: float = SEAL_SIZE) -> Drawing:
    """A seal-like drawing: a red ring, ``office`` along its upper arc and "电子印章" /
    "Electronic seal" across the middle. No star, no emblem: it reads as a mark of the
    electronic issue, not as an imitation of the office's physical seal."""
    drawing = Drawing(size, size)
    centre = size / 2
    outer = size / 2 - 1.5
    drawing.add(Circle(centre, centre, outer, strokeColor=SEAL_RED, strokeWidth=2.2,
                       fillColor=None))
    drawing.add(Circle(centre, centre, outer - 3.2, strokeColor=SEAL_RED, strokeWidth=0.5,
                       fillColor=None))
    # The office name along the upper arc, letters upright towards the ring, spread evenly
    # over the arc (a long name is set smaller, and cut short below a legible size).
    cjk = has_cjk(office)
    tracking = 0.12 if cjk else 0.04
    span = math.radians(240 if cjk else 250)
    size_max, size_min = 10.0, 5.5
    chars = list(office.strip())

    def natural(chars: list[str], font_size: float) -> float:
        return sum(stringWidth(c, char_font(c), font_size) * (1 + tracking) for c in chars)

    def baseline(font_size: float) -> float:
        return outer - 5.0 - font_size * 0.8

    font_size = size_max
    if chars and natural(chars, size_max) > baseline(size_max) * span:
        font_size = max(size_min, size_max * baseline(size_max) * span /
                        natural(chars, size_max))
        while natural(chars, font_size) > baseline(font_size) * span and font_size > size_min:
            font_size = max(size_min, font_size - 0.25)
        while len(chars) > 1 and natural(chars, font_size) > baseline(font_size) * span:
            chars = [*chars[:-2], "…"]
    radius = baseline(font_size)
    total = natural(chars, font_size)
    # Short names are spread over (up to) the arc: extra room between letters, within limits.
    extra = 0.0
    if len(chars) > 1:
        extra = min(radius * span - total, font_size * (1.2 if cjk else 0.5) * (len(chars) - 1))
        extra = max(extra, 0.0) / (len(chars) - 1)
    total += extra * (len(chars) - 1)
    angle = math.pi / 2 + total / radius / 2  # the start, left of the top
    for char in chars:
        advance = stringWidth(char, char_font(char), font_size) * (1 + tracking)
        middle = angle - advance / radius / 2
        turn = middle - math.pi / 2
        cos, sin = math.cos(turn), math.sin(turn)
        x, y = centre + radius * math.cos(middle), centre + radius * math.sin(middle)
        drawing.add(Group(String(0, 0, char, fontName=char_font(char), fontSize=font_size,
                                 fillColor=SEAL_RED, textAnchor="middle"),
                          transform=(cos, sin, -sin, cos, x, y)))
        angle -= (advance + extra) / radius
    # The label across the middle, between two short rules.
    label = L.ELECTRONIC_SEAL.get(lang)
    label_font = cjk_font_of(label) if has_cjk(label) else LATIN_FONT
    label_size = 8.5 if has_cjk(label) else 6.5
    drawing.add(String(centre, centre - label_size * 0.35, label, fontName=label_font,
                       fontSize=label_size, fillColor=SEAL_RED, textAnchor="middle"))
    half = stringWidth(label, label_font, label_size) / 2 + 4
    for y in (centre + label_size * 0.9, centre - label_size * 0.9):
        drawing.add(Line(centre - half, y, centre + half, y, strokeColor=SEAL_RED,
                              strokeWidth=0.5))
    return drawing


def _border(canvas: Canvas, page: int, pages: int) -> None:
    """The double rule around the page."""
    if pages != 1:
        raise RuntimeError("the certificate must fit on one page")
    canvas.saveState()
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(2.4)
    canvas.rect(BORDER_INSET, BORDER_INSET, PAGE_WIDTH - 2 * BORDER_INSET,
                PAGE_HEIGHT - 2 * BORDER_INSET)
    inner = BORDER_INSET + BORDER_GAP
    canvas.setLineWidth(0.7)
    canvas.rect(inner, inner, PAGE_WIDTH - 2 * inner, PAGE_HEIGHT - 2 * inner)
    canvas.restoreState()
