"""The mark of a certificate that no longer holds: cancelled (已注销), replaced (已换发) or
expired (已过期).

Such a certificate is still downloadable -- the holder keeps the record -- but it must not
pass for a valid one: a red stamp is set across the middle of the page, over the facts, with
the word, the date and (when replaced) the new certificate's number, and the facts say the
same in words. Like the electronic seal mark, the stamp is drawn, not an image, so the words
can be searched and read by screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from convenience_center.documents import labels as L
from convenience_center.documents.fonts import CJK_FONT, LATIN_BOLD_FONT, LATIN_FONT, has_cjk
from convenience_center.documents.layout import PAGE_HEIGHT, PAGE_WIDTH
from convenience_center.domain.cases import CertificateStanding

STAMP_RED = colors.Color(0.78, 0.08, 0.08, alpha=0.78)
ANGLE = 12          # degrees, counter-clockwise: a stamp set by hand is rarely square
CENTRE_Y = 0.40     # of the page height: over the end of the facts, below them
WORD_SIZE = {"zh": 46.0, "en": 34.0}
LINE_SIZE = 11.0
PADDING = 12.0
MAX_WIDTH = PAGE_WIDTH * 0.62  # the stamp never reaches the border


@dataclass(frozen=True)
class CertificateEnding:
    """How a certificate ended: ``status`` cancelled / replaced / expired, on ``on`` (for
    expired: the last day it was valid), by the case ``by_case``, replaced by ``replaced_by``."""

    status: CertificateStanding
    on: date
    by_case: str | None = None
    replaced_by: str | None = None


WORDS = {CertificateStanding.CANCELLED: L.STAMP_CANCELLED,
         CertificateStanding.REPLACED: L.STAMP_REPLACED,
         CertificateStanding.EXPIRED: L.STAMP_EXPIRED}
SENTENCES = {CertificateStanding.CANCELLED: L.ENDED_CANCELLED,
             CertificateStanding.REPLACED: L.ENDED_REPLACED,
             CertificateStanding.EXPIRED: L.ENDED_EXPIRED}


def ending_sentence(ending: CertificateEnding, lang: str) -> str:
    """What the facts table says of the ending, in ``lang``."""
    return L.fmt(SENTENCES[ending.status], lang, date=L.long_date(ending.on, lang),
                 case=ending.by_case or "—", number=ending.replaced_by or "—")


def _stamp_lines(ending: CertificateEnding, lang: str) -> list[str]:
    lines = [L.fmt(L.STAMP_DATES[ending.status], lang, date=L.long_date(ending.on, lang))]
    if ending.status == CertificateStanding.REPLACED and ending.replaced_by:
        lines.append(L.fmt(L.STAMP_NEW_NUMBER, lang, number=ending.replaced_by))
    return lines


def _font(text: str, bold: bool = False) -> str:
    if has_cjk(text):
        return CJK_FONT
    return LATIN_BOLD_FONT if bold else LATIN_FONT


def draw_stamp(canvas: Canvas, ending: CertificateEnding, lang: str) -> None:
    """The stamp across the middle of the page: a double red frame around the word and the
    lines below it, turned by ``ANGLE``."""
    word = WORDS[ending.status].get(lang)
    lines = _stamp_lines(ending, lang)
    word_size = WORD_SIZE["en" if lang == "en" else "zh"]
    word_font = _font(word, bold=True)
    spacing = word_size * (0.25 if has_cjk(word) else 0.08)
    word_width = stringWidth(word, word_font, word_size) + spacing * (len(word) - 1)
    line_widths = [stringWidth(line, _font(line), LINE_SIZE) for line in lines]
    width = min(max([word_width, *line_widths]) + 2 * PADDING, MAX_WIDTH)
    height = word_size + len(lines) * LINE_SIZE * 1.5 + 2 * PADDING
    canvas.saveState()
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT * CENTRE_Y)
    canvas.rotate(ANGLE)
    canvas.setStrokeColor(STAMP_RED)
    canvas.setFillColor(STAMP_RED)
    canvas.setLineWidth(3)
    canvas.roundRect(-width / 2, -height / 2, width, height, 6)
    canvas.setLineWidth(0.8)
    canvas.roundRect(-width / 2 + 4, -height / 2 + 4, width - 8, height - 8, 4)
    top = height / 2 - PADDING - word_size * 0.82
    canvas.saveState()  # the letter spacing is for the word only
    text = canvas.beginText(-word_width / 2, top)
    text.setFont(word_font, word_size)
    text.setCharSpace(spacing)
    text.textOut(word)
    canvas.drawText(text)
    canvas.restoreState()
    y = top - LINE_SIZE * 1.6
    for line in lines:
        canvas.setFont(_font(line), LINE_SIZE)
        canvas.drawCentredString(0, y, line)
        y -= LINE_SIZE * 1.5
    canvas.restoreState()
