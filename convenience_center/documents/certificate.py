"""The electronic certificate (电子证照): one A4 page, to download, print or show.

The page is laid out in three parts: the head (platform, title, certificate number) at the top,
the issuer (QR code to check the certificate; issuing office and date under a drawn, clearly
labelled "electronic seal" mark) at the bottom, and between them the facts. Whatever the lengths
of the texts, the certificate stays on one page and inside its border: the title and the facts
are shrunk to fit the room left for them if they must be, and the office name around the seal
mark is set smaller, or cut short, to fit its arc (the office is printed in full beside it).
"""

from __future__ import annotations

import functools
import io
import math
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
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepInFrame,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from convenience_center.documents import labels as L
from convenience_center.documents.fonts import CJK_FONT, LATIN_FONT, has_cjk
from convenience_center.documents.layout import (
    FRAME_PADDING,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Margins,
    Styles,
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
SLACK = 6.0  # kept free, so that rounding never pushes the last part onto a second page

INK = colors.HexColor("#1f1f1f")
MUTED = colors.HexColor("#5b5b5b")
ACCENT = colors.HexColor("#8e2a27")         # border, title and rules: a dark, quiet red
RULE = colors.HexColor("#cdbfb0")
LABEL_SHADE = colors.HexColor("#f8f4ee")
SEAL_RED = colors.Color(0.80, 0.13, 0.13, alpha=0.85)

QR_SIZE = 27 * mm
QR_COLUMN = QR_SIZE + 14
SEAL_SIZE = 36 * mm
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


def certificate_pdf(doc: CertificateDocument, lang: str) -> bytes:
    """The one-page A4 electronic certificate ``doc`` in ``lang``."""
    s = styles("en" if lang == "en" else "zh")
    cs = _cert_styles(s.lang)
    title = doc.title.get(s.lang)
    head: list[Flowable] = [
        _para(translate("site.name", s.lang), cs["platform"], s),
        Spacer(1, 16),
        KeepInFrame(WIDTH, cs["title"].leading * TITLE_LINES + 2,
                    [_para(title, cs["title"], s)], mode="shrink", hAlign="CENTER"),
        Spacer(1, 8),
        _para(L.CERTIFICATE_KIND.get(s.lang), cs["kind"], s),
        Spacer(1, 10),
        _para(L.fmt(L.CERTIFICATE_NUMBER, s.lang, number=doc.cert_no), cs["number"], s),
        Spacer(1, 10),
        HRFlowable(width="100%", thickness=0.8, color=ACCENT, spaceBefore=0, spaceAfter=0),
    ]
    foot = _issuer_row(doc, s, cs)
    used = _height(head) + _height([foot])
    room = HEIGHT - used - SLACK
    gap_above = min(28.0, room * 0.08)
    facts = KeepInFrame(WIDTH, room - gap_above - 24, [_facts_table(doc, s, cs)], mode="shrink")
    facts_height = _height([facts])
    gap_below = max(room - gap_above - facts_height, 0)
    story = [*head, Spacer(1, gap_above), facts, Spacer(1, gap_below), foot]
    return build_pdf(story, lang=s.lang, title=f"{title} {doc.cert_no}",
                     subject=L.CERTIFICATE_KIND.get(s.lang).replace(" ", ""),
                     decorate=_border, margins=MARGINS)


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
        "value": style("value", s.body, fontSize=11 if en else 12, leading=16),
        "issuer_label": style("issuer-label", s.right, fontSize=8.5, textColor=MUTED),
        "issuer": style("issuer", s.right, fontSize=11.5 if en else 12.5, leading=16),
        "caption": style("caption", s.center, fontSize=8, textColor=INK),
        "url": style("url", s.center, fontSize=6.5, textColor=MUTED, leading=8),
    }


def _para(text: str, style: ParagraphStyle, s: Styles) -> Paragraph:
    return s.para(text, style)


def _height(flowables: list[Flowable]) -> float:
    """The height ``flowables`` take in the frame, one under the other."""
    canvas = Canvas(io.BytesIO(), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))  # to measure on
    total = 0.0
    for flowable in flowables:
        total += flowable.wrapOn(canvas, WIDTH, HEIGHT)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _validity(doc: CertificateDocument, lang: str) -> str:
    start = L.long_date(doc.valid_from, lang)
    if doc.valid_until is None:
        return L.fmt(L.VALID_NO_EXPIRY, lang, start=start)
    return L.fmt(L.VALID_BETWEEN, lang, start=start, end=L.long_date(doc.valid_until, lang))


def _facts_table(doc: CertificateDocument, s: Styles, cs: dict[str, ParagraphStyle]) -> Table:
    """Holder, the facts and the validity as label / value rows, ruled between rows only."""
    facts = [(L.HOLDER.get(s.lang), doc.holder_name),
             (L.HOLDER_ID.get(s.lang), doc.holder_id_masked),
             *((label.get(s.lang), value) for label, value in doc.details),
             (L.VALIDITY.get(s.lang), _validity(doc, s.lang))]
    rows = [[_para(label, cs["label"], s), _para(value or "—", cs["value"], s)]
            for label, value in facts]
    label_width = 118.0 if s.lang == "en" else 112.0
    return Table(rows, colWidths=[label_width, WIDTH - label_width], hAlign="CENTER",
                 style=TableStyle([
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("BACKGROUND", (0, 0), (0, -1), LABEL_SHADE),
                     ("LINEABOVE", (0, 0), (-1, 0), 0.9, ACCENT),
                     ("LINEBELOW", (0, -1), (-1, -1), 0.9, ACCENT),
                     ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
                     ("LEFTPADDING", (0, 0), (-1, -1), 10),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                     ("TOPPADDING", (0, 0), (-1, -1), 7),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                 ]))


def _issuer_row(doc: CertificateDocument, s: Styles, cs: dict[str, ParagraphStyle]) -> Table:
    """The QR code with its caption on the left; office, date and seal mark on the right."""
    qr: list[Flowable] = [qr_image(doc.verify_url, QR_SIZE), Spacer(1, 3),
                          _para(L.SCAN_TO_VERIFY.get(s.lang), cs["caption"], s), Spacer(1, 2),
                          _para(doc.verify_url, cs["url"], s)]
    qr_cell = KeepInFrame(QR_COLUMN, QR_SIZE + 48, qr, mode="shrink", hAlign="CENTER")
    issuer = _Issuer(doc, s, cs, WIDTH - QR_COLUMN - 20)
    return Table([[qr_cell, "", issuer]], colWidths=[QR_COLUMN, 20, WIDTH - QR_COLUMN - 20],
                 hAlign="CENTER", style=TableStyle([
                     ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                     ("TOPPADDING", (0, 0), (-1, -1), 0),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                 ]))


class _Issuer(Flowable):
    """Issuing office and date, right-aligned, with the seal mark drawn over their middle."""

    def __init__(self, doc: CertificateDocument, s: Styles, cs: dict[str, ParagraphStyle],
                 width: float) -> None:
        super().__init__()
        self.width = width
        self._office = doc.office_name.get(s.lang)
        self._lang = s.lang
        lines = [
            _para(L.ISSUED_BY.get(s.lang), cs["issuer_label"], s),
            _para(self._office, cs["issuer"], s),
            Spacer(1, 5),
            _para(L.ISSUED_ON.get(s.lang), cs["issuer_label"], s),
            _para(L.long_date(doc.issued_on, s.lang), cs["issuer"], s),
        ]
        self._text = KeepInFrame(width, MAX_ISSUER_HEIGHT, lines, mode="shrink", hAlign="RIGHT")
        # How wide the text is (the seal mark is centred on it).
        self._text_width = min(width, max(
            stringWidth(self._office, CJK_FONT if has_cjk(self._office) else LATIN_FONT,
                        cs["issuer"].fontSize),
            stringWidth(L.long_date(doc.issued_on, s.lang), LATIN_FONT, cs["issuer"].fontSize),
            90.0))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, text_height = self._text.wrapOn(self.canv, self.width, MAX_ISSUER_HEIGHT)
        self.height = max(SEAL_SIZE + 4, text_height + 8)
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        text_width, text_height = self._text.wrapOn(canvas, self.width, MAX_ISSUER_HEIGHT)
        self._text.drawOn(canvas, self.width - text_width, (self.height - text_height) / 2)
        centre_x = self.width - self._text_width / 2 - 4
        centre_x = min(max(centre_x, SEAL_SIZE / 2), self.width - SEAL_SIZE / 2)
        renderPDF.draw(seal_mark(self._office, self._lang), canvas, centre_x - SEAL_SIZE / 2,
                       (self.height - SEAL_SIZE) / 2)


def _char_font(char: str) -> str:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return CJK_FONT
    return LATIN_FONT


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
    # The office name along the upper arc, letters upright towards the ring.
    tracking = 0.12 if has_cjk(office) else 0.04
    span = math.radians(250)
    size_max, size_min = 9.5, 5.5
    chars = list(office.strip())

    def natural(chars: list[str], font_size: float) -> float:
        return sum(stringWidth(c, _char_font(c), font_size) * (1 + tracking) for c in chars)

    radius = outer - 4.5 - size_max * 0.78
    font_size = size_max
    if chars and natural(chars, size_max) > radius * span:
        font_size = max(size_min, size_max * radius * span / natural(chars, size_max))
        radius = outer - 4.5 - font_size * 0.78
        while len(chars) > 1 and natural(chars, font_size) > radius * span:
            chars = [*chars[:-2], "…"]
    total = natural(chars, font_size)
    angle = math.pi / 2 + total / radius / 2  # the start, left of the top
    for char in chars:
        advance = stringWidth(char, _char_font(char), font_size) * (1 + tracking)
        middle = angle - advance / radius / 2
        turn = middle - math.pi / 2
        cos, sin = math.cos(turn), math.sin(turn)
        x, y = centre + radius * math.cos(middle), centre + radius * math.sin(middle)
        drawing.add(Group(String(0, 0, char, fontName=_char_font(char), fontSize=font_size,
                                 fillColor=SEAL_RED, textAnchor="middle"),
                          transform=(cos, sin, -sin, cos, x, y)))
        angle -= advance / radius
    # The label across the middle, between two short rules.
    label = L.ELECTRONIC_SEAL.get(lang)
    label_font = CJK_FONT if has_cjk(label) else LATIN_FONT
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
