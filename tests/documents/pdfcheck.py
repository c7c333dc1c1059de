"""Reading generated PDFs back for the tests: text, page sizes, where text is drawn."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pypdf
from reportlab.pdfbase.pdfmetrics import stringWidth

from convenience_center.documents.fonts import register_fonts

A4 = (595.28, 841.89)


def squash(text: str) -> str:
    """``text`` without any whitespace (wrapping puts line breaks anywhere in Chinese)."""
    return re.sub(r"\s+", "", text)


def reader(data: bytes) -> pypdf.PdfReader:
    assert data.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> str:
    """All the text of the document, page after page."""
    return "\n".join(page.extract_text() for page in reader(data).pages)


@dataclass(frozen=True)
class Run:
    """A piece of text as drawn: page, left, baseline, right, font."""

    page: int
    x: float
    y: float
    right: float
    font: str
    text: str


def runs_of(data: bytes) -> list[Run]:
    """Every text run with its position, from the content streams (widths from the font
    metrics reportlab used to lay the text out)."""
    register_fonts()
    found: list[Run] = []
    for number, page in enumerate(reader(data).pages, start=1):

        def visit(text: str, cm: list[float], tm: list[float], font: dict | None,
                  size: float, number: int = number) -> None:
            text = text.strip()
            if not text or font is None:
                return
            name = str(font["/BaseFont"]).lstrip("/")
            # device position = text matrix x current transformation matrix
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = tm[0] * cm[0]
            width = stringWidth(text, name, size) * scale
            found.append(Run(number, x, y, x + width, name, text))

        page.extract_text(visitor_text=visit)
    return found
