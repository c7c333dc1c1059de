"""Reading generated PDFs back for the tests: text, page sizes, where text is drawn."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pypdf
import segno
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from convenience_center.documents.fonts import CJK_FONT, register_fonts
from convenience_center.documents.layout import (
    CONTENT_LEFT,
    CONTENT_RIGHT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
)
from convenience_center.documents.qr import ERROR_LEVEL, PIXELS_PER_MODULE, QUIET_ZONE

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


def registered_name(base_font: str) -> str:
    """The registered name of a PDF font: an embedded subset is named ``ABCDEF+Name-3``
    (a six-letter tag, the font, the number of the subset)."""
    name = base_font.lstrip("/")
    subset = re.fullmatch(r"[A-Z]{6}\+(.+)-\d+", name)
    return subset.group(1) if subset else name


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
            name = registered_name(str(font["/BaseFont"]))
            # device position = text matrix x current transformation matrix
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = tm[0] * cm[0]
            width = stringWidth(text, name, size) * scale
            found.append(Run(number, x, y, x + width, name, text))

        page.extract_text(visitor_text=visit)
    return found


def assert_inside_content_area(data: bytes, *, left: float = CONTENT_LEFT,
                               right: float = CONTENT_RIGHT) -> list[Run]:
    """Check that no text is drawn outside the content area (between ``left`` and ``right``)
    or the bands of the footer and running header; return the runs."""
    runs = runs_of(data)
    assert runs
    for run in runs:
        # Chinese punctuation may hang one character into the cell padding and margin.
        hang = 10 if run.font == CJK_FONT else 0.5
        assert run.x >= left - 0.5, run
        assert run.right <= right + hang, run
        # Between the footer (below the bottom margin) and the running header (above the top).
        assert MARGIN_BOTTOM - 12 * mm <= run.y <= A4[1] - MARGIN_TOP + 6 * mm, run
    return runs


def read_qr(data: bytes, page: int = 0) -> tuple[list[list[bool]], float]:
    """The module matrix of the one image on the page (quiet zone included), and its printed
    width in points."""
    pdf_page = reader(data).pages[page]
    images = pdf_page.images
    assert len(images) == 1
    image = images[0].image.convert("L")
    drawn: list[float] = []

    def before(op: bytes, args: list, cm: list[float], tm: list[float]) -> None:
        if op == b"Do":
            drawn.append(cm[0])

    pdf_page.extract_text(visitor_operand_before=before)
    px = PIXELS_PER_MODULE
    assert image.width == image.height and image.width % px == 0  # whole pixels per module
    size = image.width // px
    modules = [[image.getpixel((c * px + px // 2, r * px + px // 2)) < 128 for c in range(size)]
               for r in range(size)]
    return modules, drawn[0]


def qr_matrix(data: str) -> list[list[bool]]:
    """The module matrix of the QR code of ``data``, as the documents make it."""
    code = segno.make_qr(data, error=ERROR_LEVEL)
    return [[bool(v) for v in row] for row in code.matrix_iter(scale=1, border=QUIET_ZONE)]
