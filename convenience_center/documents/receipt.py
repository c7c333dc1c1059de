"""The acknowledgement of receipt (受理回执) given to the applicant when an application is filed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from convenience_center.documents import labels as L
from convenience_center.documents.layout import (
    CELL_PADDING,
    FRAME_WIDTH,
    GRID_COLOR,
    LIGHT_SHADE,
    PAGE_HEIGHT,
    Styles,
    build_pdf,
    section_table,
    styles,
)
from convenience_center.documents.qr import qr_image
from convenience_center.domain.services.base import Text
from convenience_center.domain.working_days import working_days_between
from convenience_center.i18n import translate

CHINA_TZ = ZoneInfo("Asia/Shanghai")
QR_SIZE = 32 * mm
LABEL_WIDTH = 110.0
MAX_PIECE_HEIGHT = 160.0  # a long answer is printed in pieces of at most this height


@dataclass(frozen=True)
class Receipt:
    """What the receipt shows; ``rows`` and ``materials`` are already in the receipt's language."""

    case_no: str
    service_name: Text
    matter_name: Text
    submitted_at: datetime  # aware
    promised_date: date
    promised_date_provisional: bool
    office_name: Text
    applicant_name_masked: str
    rows: list[tuple[str, str]]       # (question, answer)
    materials: list[tuple[str, str]]  # (document, file names or "—")
    track_url: str


def receipt_pdf(receipt: Receipt, lang: str) -> bytes:
    """The A4 receipt of ``receipt`` in ``lang`` (times in China Standard Time)."""
    if receipt.submitted_at.utcoffset() is None:
        raise ValueError("submitted_at must be timezone-aware")
    s = styles("en" if lang == "en" else "zh")
    title = L.RECEIPT_TITLE.get(s.lang)
    story: list[Flowable] = [
        s.para(translate("site.name", s.lang), s.center),
        Spacer(1, 4),
        s.para(title, s.title),
        _top(receipt, s),
        _facts(receipt, s),
        _two_columns(L.ANSWERS_HEADING, L.ANSWER_COLUMNS, receipt.rows, s),
        _two_columns(L.UPLOADS_HEADING, L.UPLOAD_COLUMNS, receipt.materials, s,
                     empty=L.NOTHING_UPLOADED),
        _next_steps(s),
    ]
    return build_pdf(story, lang=s.lang, title=f"{title} {receipt.case_no}",
                     running_title=f"{title} · {receipt.case_no}",
                     subject=receipt.matter_name.get(s.lang))


def _top(receipt: Receipt, s: Styles) -> Table:
    """Case number (large) and intro on the left; the QR code to follow the case on the right."""
    left = [s.para(L.CASE_NUMBER.get(s.lang), s.label), Spacer(1, 2),
            s.para(receipt.case_no, s.big), Spacer(1, 8), s.para(L.RECEIPT_INTRO.get(s.lang))]
    right = [qr_image(receipt.track_url, QR_SIZE),
             s.para(L.SCAN_TO_TRACK.get(s.lang), s.center),
             s.para(receipt.track_url, s.hint)]
    qr_width = QR_SIZE + 24
    return Table([[left, right]], colWidths=[FRAME_WIDTH - qr_width, qr_width],
                 hAlign="LEFT", style=TableStyle([
                     ("BOX", (0, 0), (0, 0), 1.2, "black"),
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("LEFTPADDING", (0, 0), (0, 0), 10),
                     ("LEFTPADDING", (1, 0), (1, 0), 12),
                     ("RIGHTPADDING", (1, 0), (1, 0), 0),
                 ]))


def _when(moment: datetime, lang: str) -> str:
    local = moment.astimezone(CHINA_TZ)
    if lang == "en":
        return f"{local:%Y-%m-%d %H:%M} {L.CHINA_TIME.en}"
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}{L.CHINA_TIME.zh}"


def _day(day: date, lang: str) -> str:
    return day.isoformat() if lang == "en" else f"{day.year}年{day.month}月{day.day}日"


def _facts(receipt: Receipt, s: Styles) -> Table:
    lang = s.lang
    submitted = receipt.submitted_at.astimezone(CHINA_TZ).date()
    days = working_days_between(submitted, receipt.promised_date)
    promised: list[Flowable] = [s.para(
        L.fmt(L.PROMISED_DAYS, lang, date=_day(receipt.promised_date, lang), days=str(days))
        if days else _day(receipt.promised_date, lang))]
    if receipt.promised_date_provisional:
        promised.append(s.para(L.PROVISIONAL.get(lang), s.hint))
    rows: list[list[Any]] = [
        [s.para(L.APPLIED_FOR.get(lang), s.label),
         s.para(f"{receipt.service_name.get(lang)}\n{receipt.matter_name.get(lang)}")],
        [s.para(L.APPLICANT.get(lang), s.label), s.para(receipt.applicant_name_masked)],
        [s.para(L.SUBMITTED_AT.get(lang), s.label), s.para(_when(receipt.submitted_at, lang))],
        [s.para(L.OFFICE.get(lang), s.label), s.para(receipt.office_name.get(lang))],
        [s.para(L.PROMISED.get(lang), s.label), promised],
    ]
    return section_table(rows, [LABEL_WIDTH, FRAME_WIDTH - LABEL_WIDTH],
                         [("BACKGROUND", (0, 0), (0, -1), LIGHT_SHADE)], repeat_rows=0)


def _two_columns(heading: Text, columns: tuple[Text, Text], rows: list[tuple[str, str]],
                 s: Styles, *, empty: Text | None = None) -> Table:
    """A headed two-column table that may run over several pages; a long value is cut into
    pieces, one table row each, so that no row is taller than a page."""
    data: list[list[Any]] = [[s.para(heading.get(s.lang), s.heading), ""],
                             [s.para(c.get(s.lang), s.small) for c in columns]]
    commands: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 1), (-1, 1), LIGHT_SHADE),
        ("LINEBELOW", (0, 0), (-1, 1), 0.5, GRID_COLOR),
        ("LINEAFTER", (0, 1), (0, -1), 0.5, GRID_COLOR),
    ]
    if not rows and empty is not None:
        data.append([s.para(empty.get(s.lang)), ""])
        commands.append(("SPAN", (0, 2), (-1, 2)))
    value_width = FRAME_WIDTH - LABEL_WIDTH - 2 * CELL_PADDING
    for label, value in rows:
        pieces = _pieces(s.para(value or "—"), value_width)
        for index, piece in enumerate(pieces):
            data.append([s.para(label, s.label) if index == 0 else "", piece])
        commands.append(("LINEBELOW", (0, len(data) - 1), (-1, len(data) - 1), 0.5, GRID_COLOR))
    commands.append(("VALIGN", (0, 2), (-1, -1), "TOP"))
    return section_table(data, [LABEL_WIDTH, FRAME_WIDTH - LABEL_WIDTH], commands,
                         repeat_rows=2, grid=False)


def _pieces(paragraph: Paragraph, width: float) -> list[Flowable]:
    """``paragraph`` cut into pieces at most ``MAX_PIECE_HEIGHT`` tall."""
    pieces: list[Flowable] = []
    rest: Flowable = paragraph
    while rest.wrap(width, PAGE_HEIGHT)[1] > MAX_PIECE_HEIGHT:
        parts = rest.split(width, MAX_PIECE_HEIGHT)
        if len(parts) < 2:
            break
        pieces.append(parts[0])
        rest = parts[1]
    return [*pieces, rest]


def _next_steps(s: Styles) -> Flowable:
    items = [[s.para(f"{n}.", s.body), s.para(text.get(s.lang))]
             for n, text in enumerate(L.NEXT_STEPS, start=1)]
    data: list[list[Any]] = [[s.para(L.NEXT_HEADING.get(s.lang), s.heading), ""], *items]
    return section_table(data, [18, FRAME_WIDTH - 18], [
        ("SPAN", (0, 0), (-1, 0)), ("LINEBELOW", (0, 0), (-1, 0), 0.5, GRID_COLOR),
        ("VALIGN", (0, 1), (-1, -1), "TOP")], grid=False)
