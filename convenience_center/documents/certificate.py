"""The electronic certificate (电子证照): one A4 page, to download, print or show.

The page is laid out in three parts: the head (platform, title, certificate number) at the top,
the issuer (QR code to check the certificate; issuing office and date under a drawn, clearly
labelled "electronic seal" mark, ``seal_mark.py``) at the bottom, and between them the facts
(``certificate_facts.py``). Whatever the lengths of the texts, the certificate stays on one
page and inside its border: a long title, office name or list of facts is set smaller (and
laid out again) to fit the room left for it, down to ``MIN_SCALE`` of its size; only beyond
that is text cut short with "…" (the facts: long values first, then the last facts). The
office name around the seal mark is set smaller, or cut short, to fit its arc; it is printed
in full beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.graphics import renderPDF
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer, Table, TableStyle

from convenience_center.documents import labels as L
from convenience_center.documents.certificate_facts import fitted_facts
from convenience_center.documents.certificate_stamp import WORDS as STAMP_WORDS
from convenience_center.documents.certificate_stamp import (
    CertificateEnding,
    draw_stamp,
    ending_sentence,
)
from convenience_center.documents.certificate_style import (
    ACCENT,
    HEIGHT,
    MARGINS,
    WIDTH,
    cert_styles,
    fit,
    height_of,
    plain,
    scaled,
)
from convenience_center.documents.layout import PAGE_HEIGHT, PAGE_WIDTH, build_pdf, styles
from convenience_center.documents.qr import qr_image
from convenience_center.documents.seal_mark import SEAL_SIZE, seal_mark
from convenience_center.domain.services.base import Text
from convenience_center.i18n import translate

__all__ = ["MARGINS", "CertificateDocument", "certificate_pdf"]

# The border: a heavy outer rule and a thin inner one.
BORDER_INSET = 12 * mm
BORDER_GAP = 4.5
SLACK = 6.0      # kept free, so that rounding never pushes the last part onto a second page
MIN_GAP = 18.0   # above and below the facts

QR_SIZE = 27 * mm
QR_COLUMN = QR_SIZE + 14
QR_GAP = 20.0
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
    cs = cert_styles(s.lang)
    title = doc.title.get(s.lang)
    title_height = cs["title"].leading * TITLE_LINES + 1
    head: list[Flowable] = [
        s.para(translate("site.name", s.lang), cs["platform"]),
        Spacer(1, 16),
        *fit(lambda k, text: [plain(text, scaled(cs["title"], k), s.lang)], title, WIDTH,
              title_height),
        Spacer(1, 8),
        s.para(L.CERTIFICATE_KIND.get(s.lang), cs["kind"]),
        Spacer(1, 10),
        s.para(L.fmt(L.CERTIFICATE_NUMBER, s.lang, number=doc.cert_no), cs["number"]),
        Spacer(1, 12),
        HRFlowable(width="24%", thickness=0.8, color=ACCENT, spaceBefore=0, spaceAfter=0),
    ]
    foot = _issuer_row(doc, s.lang, cs)
    room = HEIGHT - height_of(head) - height_of([foot]) - SLACK
    facts = _facts(doc, s.lang, room - 2 * MIN_GAP)
    free = max(room - height_of([facts]), 2 * MIN_GAP)
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


def _validity(doc: CertificateDocument, lang: str) -> str:
    start = L.long_date(doc.valid_from, lang)
    if doc.valid_until is None:
        return L.fmt(L.VALID_NO_EXPIRY, lang, start=start)
    return L.fmt(L.VALID_BETWEEN, lang, start=start, end=L.long_date(doc.valid_until, lang))


def _facts(doc: CertificateDocument, lang: str, room: float) -> Flowable:
    """Holder, the service's facts, the validity (and how the certificate ended, if it
    did), fitted to ``room``; holder and validity always stay."""
    first = [(L.HOLDER.get(lang), doc.holder_name),
             (L.HOLDER_ID.get(lang), doc.holder_id_masked)]
    details = [(label.get(lang), value or "—") for label, value in doc.details]
    last = [(L.VALIDITY.get(lang), _validity(doc, lang))]
    if doc.ended is not None:
        last.append((L.STATUS_NOW.get(lang), ending_sentence(doc.ended, lang)))
    return fitted_facts(first, details, last, lang, room)


def _issuer_row(doc: CertificateDocument, lang: str, cs: dict[str, ParagraphStyle]) -> Table:
    """The QR code with its caption on the left; office, date and seal mark on the right."""

    def qr(scale: float, url: str) -> list[Flowable]:
        return [qr_image(doc.verify_url, QR_SIZE), Spacer(1, 3),
                plain(L.SCAN_TO_VERIFY.get(lang), scaled(cs["caption"], scale), lang),
                Spacer(1, 2), plain(url, scaled(cs["url"], scale), lang)]

    issuer_width = WIDTH - QR_COLUMN - QR_GAP
    issuer = _Issuer(doc, lang, cs, issuer_width)
    return Table([[fit(qr, doc.verify_url, QR_COLUMN, QR_SIZE + 48), "", issuer]],
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
                plain(L.ISSUED_BY.get(lang), scaled(cs["issuer_label"], scale), lang),
                plain(office, scaled(cs["issuer"], scale), lang),
                Spacer(1, 6 * scale),
                plain(L.ISSUED_ON.get(lang), scaled(cs["issuer_label"], scale), lang),
                plain(L.long_date(doc.issued_on, lang), scaled(cs["issuer"], scale), lang),
            ]

        self._lines = fit(lines, self._office, self._text_width, MAX_ISSUER_HEIGHT)

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
