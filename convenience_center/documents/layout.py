"""Page geometry, paragraph styles and the page furniture (footer, page numbers) shared by the
printable documents."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from convenience_center.documents.fonts import (
    body_font,
    cjk_font_of,
    has_cjk,
    heading_font,
    markup,
)
from convenience_center.documents.labels import PAGE_OF, fmt
from convenience_center.domain.services.base import Text
from convenience_center.i18n import translate

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 16 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_PADDING = 6  # reportlab's frames keep this much inside the margins
CONTENT_LEFT = MARGIN_X + FRAME_PADDING
CONTENT_RIGHT = PAGE_WIDTH - CONTENT_LEFT
FRAME_WIDTH = CONTENT_RIGHT - CONTENT_LEFT
GRID_COLOR = colors.black
SHADE = colors.HexColor("#e6e6e6")
LIGHT_SHADE = colors.HexColor("#f4f4f4")
GREY_TEXT = colors.HexColor("#555555")
CELL_PADDING = 3


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one document language."""

    lang: str
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle
    hint: ParagraphStyle
    center: ParagraphStyle
    right: ParagraphStyle
    big: ParagraphStyle

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of plain ``text``; Chinese wraps between any two characters."""
        style = style or self.body
        if self.lang != "en" or has_cjk(text):
            style = _cjk_variant(style)
        return Paragraph(markup(text, self.lang), style)


@functools.cache
def _cjk_variant(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")


@functools.cache
def styles(lang: str) -> Styles:
    """The styles for documents in ``lang`` (``en`` or Chinese)."""
    body, head = body_font(lang), heading_font(lang)
    size = 9.5 if lang != "en" else 9

    def style(name: str, **kw: Any) -> ParagraphStyle:
        kw.setdefault("fontName", body)
        kw.setdefault("fontSize", size)
        kw.setdefault("leading", kw["fontSize"] * 1.35)
        return ParagraphStyle(f"{lang}-{name}", **kw)

    return Styles(
        lang=lang,
        title=style("title", fontName=head, fontSize=17, alignment=TA_CENTER, spaceAfter=4),
        subtitle=style("subtitle", fontSize=11, alignment=TA_CENTER, spaceAfter=6),
        heading=style("heading", fontName=head, fontSize=11),
        body=style("body"),
        label=style("label", alignment=TA_LEFT),
        small=style("small", fontSize=7.5),
        hint=style("hint", fontSize=7.5, textColor=GREY_TEXT),
        center=style("center", alignment=TA_CENTER),
        right=style("right", alignment=TA_RIGHT),
        big=style("big", fontName=head, fontSize=18, leading=22),
    )


def section_table(rows: list[list[Any]], col_widths: Sequence[float],
                  commands: list[tuple[Any, ...]], *, min_heights: Sequence[float] | None = None,
                  repeat_rows: int = 1, grid: bool = True) -> Table:
    """A table (ruled unless ``grid`` is false) whose first ``repeat_rows`` rows (a shaded
    heading) repeat on each page."""
    base: list[tuple[Any, ...]] = [
        ("GRID" if grid else "BOX", (0, 0), (-1, -1), 0.5, GRID_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING + 1),
    ]
    if repeat_rows:
        base.append(("BACKGROUND", (0, 0), (-1, repeat_rows - 1), SHADE))
    return Table(rows, colWidths=list(col_widths), style=TableStyle(base + commands),
                 repeatRows=repeat_rows, minRowHeights=list(min_heights) if min_heights else None,
                 spaceBefore=6, hAlign="LEFT")


MAX_PIECE_HEIGHT = 160.0  # a long value is printed in pieces of at most this height


def pieces(paragraph: Paragraph, width: float) -> list[Flowable]:
    """``paragraph`` cut into pieces at most ``MAX_PIECE_HEIGHT`` tall."""
    found: list[Flowable] = []
    rest: Flowable = paragraph
    while rest.wrap(width, PAGE_HEIGHT)[1] > MAX_PIECE_HEIGHT:
        parts = rest.split(width, MAX_PIECE_HEIGHT)
        if len(parts) < 2:
            break
        found.append(parts[0])
        rest = parts[1]
    return [*found, rest]


def headed_table(heading: Text, columns: Sequence[Text], rows: Sequence[Sequence[str]],
                 widths: Sequence[float], s: Styles, *, empty: Text | None = None) -> Table:
    """A table under a heading, with column captions, that may run over several pages (heading
    and captions repeat). The last column holds the long values: a long value is cut into
    pieces, one table row each, so that no row is taller than a page."""
    n = len(widths)
    data: list[list[Any]] = [[s.para(heading.get(s.lang), s.heading)] + [""] * (n - 1),
                             [s.para(c.get(s.lang), s.small) for c in columns]]
    commands: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 1), (-1, 1), LIGHT_SHADE),
        ("LINEBELOW", (0, 0), (-1, 1), 0.5, GRID_COLOR),
        ("LINEAFTER", (0, 1), (-2, -1), 0.5, GRID_COLOR),
    ]
    if not rows and empty is not None:
        data.append([s.para(empty.get(s.lang))] + [""] * (n - 1))
        commands.append(("SPAN", (0, 2), (-1, 2)))
    value_width = widths[-1] - 2 * CELL_PADDING
    for row in rows:
        *firsts, value = row
        for index, piece in enumerate(pieces(s.para(value or "—"), value_width)):
            data.append([s.para(text, s.label) if index == 0 else "" for text in firsts] +
                        [piece])
        commands.append(("LINEBELOW", (0, len(data) - 1), (-1, len(data) - 1), 0.5, GRID_COLOR))
    commands.append(("VALIGN", (0, 2), (-1, -1), "TOP"))
    return section_table(data, widths, commands, repeat_rows=2, grid=False)


Decorate = Callable[[Canvas, int, int], None]


class _NumberedCanvas(Canvas):
    """A canvas that knows the page count when it draws each page's furniture."""

    def __init__(self, *args: Any, decorate: Decorate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        # Canvas's own start of a new page (what its showPage does after drawing one).
        self._startPage()  # pyright: ignore[reportAttributeAccessIssue]

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(self, self.getPageNumber(), total)
            super().showPage()
        super().save()


def _draw(canvas: Canvas, x: float, y: float, text: str, size: float, lang: str,
          align: str = "left", *, width: float = FRAME_WIDTH) -> None:
    """One line of page furniture, shortened with "…" to ``width`` (the content area's)."""
    font = cjk_font_of(text) if has_cjk(text) else body_font(lang)
    text = shorten(text, font, size, width)
    canvas.setFont(font, size)
    {"left": canvas.drawString, "right": canvas.drawRightString,
     "center": canvas.drawCentredString}[align](x, y, text)


def shorten(text: str, font: str, size: float, width: float) -> str:
    """``text``, cut and ended with "…" if it is wider than ``width`` in ``font``."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _furniture(lang: str, running_title: str, note: str) -> Decorate:
    platform = translate("site.name", lang)

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setStrokeColor(GREY_TEXT)
        canvas.setFillColor(GREY_TEXT)
        canvas.setLineWidth(0.4)
        y = MARGIN_BOTTOM - 9 * mm
        canvas.line(CONTENT_LEFT, y + 9, CONTENT_RIGHT, y + 9)
        right = fmt(PAGE_OF, lang, page=str(page), pages=str(pages))
        if note:
            right = f"{note} · {right}"
        right_font = cjk_font_of(right) if has_cjk(right) else body_font(lang)
        gap = stringWidth(right, right_font, 8) + 12  # the platform name stops short of it
        _draw(canvas, CONTENT_LEFT, y, platform, 7.5, lang, width=FRAME_WIDTH - gap)
        _draw(canvas, CONTENT_RIGHT, y, right, 8, lang, "right")
        if page > 1:
            top = PAGE_HEIGHT - MARGIN_TOP + 4 * mm
            _draw(canvas, CONTENT_LEFT, top, running_title, 7.5, lang)
            canvas.line(CONTENT_LEFT, top - 3, CONTENT_RIGHT, top - 3)
        canvas.restoreState()

    return decorate


@dataclass(frozen=True)
class Margins:
    """The distances of the frame of the story from the edges of the page."""

    left: float = MARGIN_X
    right: float = MARGIN_X
    top: float = MARGIN_TOP
    bottom: float = MARGIN_BOTTOM


def build_pdf(story: list[Flowable], *, lang: str, title: str, running_title: str = "",
              subject: str = "", footer_note: str = "", decorate: Decorate | None = None,
              margins: Margins | None = None) -> bytes:
    """Lay ``story`` out on A4 pages and return the PDF. Each page gets the footer (platform,
    ``footer_note``, page x of n) and, from page 2, the running title; or, if given, what
    ``decorate`` draws instead."""
    buffer = io.BytesIO()
    platform = translate("site.name", lang)
    margins = margins or Margins()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=margins.left, rightMargin=margins.right,
        topMargin=margins.top, bottomMargin=margins.bottom, title=title, author=platform,
        creator=platform, subject=subject, lang="en" if lang == "en" else "zh-CN")
    doc.build(story, canvasmaker=functools.partial(
        _NumberedCanvas, decorate=decorate or _furniture(lang, running_title, footer_note)))
    return buffer.getvalue()
