"""The acknowledgement of receipt (受理回执) given to the applicant when an application is filed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from convenience_center.documents import labels as L
from convenience_center.documents.layout import (
    FRAME_WIDTH,
    GRID_COLOR,
    LIGHT_SHADE,
    Styles,
    build_pdf,
    headed_table,
    section_table,
    styles,
)
from convenience_center.documents.qr import qr_image
from convenience_center.domain.services.base import Text
from convenience_center.domain.working_days import working_days_between
from convenience_center.i18n import translate

QR_SIZE = 32 * mm
LABEL_WIDTH = 110.0
COLUMNS = (LABEL_WIDTH, FRAME_WIDTH - LABEL_WIDTH)


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
        headed_table(L.ANSWERS_HEADING, L.ANSWER_COLUMNS, receipt.rows, COLUMNS, s),
        headed_table(L.UPLOADS_HEADING, L.UPLOAD_COLUMNS, receipt.materials, COLUMNS, s,
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


def _facts(receipt: Receipt, s: Styles) -> Table:
    lang = s.lang
    submitted = receipt.submitted_at.astimezone(L.CHINA_TZ).date()
    days = working_days_between(submitted, receipt.promised_date)
    promised: list[Flowable] = [s.para(
        L.fmt(L.PROMISED_DAYS, lang, date=L.long_date(receipt.promised_date, lang), days=str(days))
        if days else L.long_date(receipt.promised_date, lang))]
    if receipt.promised_date_provisional:
        promised.append(s.para(L.PROVISIONAL.get(lang), s.hint))
    rows: list[list[Any]] = [
        [s.para(L.APPLIED_FOR.get(lang), s.label),
         s.para(f"{receipt.service_name.get(lang)}\n{receipt.matter_name.get(lang)}")],
        [s.para(L.APPLICANT.get(lang), s.label), s.para(receipt.applicant_name_masked)],
        [s.para(L.SUBMITTED_AT.get(lang), s.label),
         s.para(L.china_time(receipt.submitted_at, lang))],
        [s.para(L.OFFICE.get(lang), s.label), s.para(receipt.office_name.get(lang))],
        [s.para(L.PROMISED.get(lang), s.label), promised],
    ]
    return section_table(rows, [LABEL_WIDTH, FRAME_WIDTH - LABEL_WIDTH],
                         [("BACKGROUND", (0, 0), (0, -1), LIGHT_SHADE)], repeat_rows=0)


def _next_steps(s: Styles) -> Flowable:
    items = [[s.para(f"{n}.", s.body), s.para(text.get(s.lang))]
             for n, text in enumerate(L.NEXT_STEPS, start=1)]
    data: list[list[Any]] = [[s.para(L.NEXT_HEADING.get(s.lang), s.heading), ""], *items]
    return section_table(data, [18, FRAME_WIDTH - 18], [
        ("SPAN", (0, 0), (-1, 0)), ("LINEBELOW", (0, 0), (-1, 0), 0.5, GRID_COLOR),
        ("VALIGN", (0, 1), (-1, -1), "TOP")], grid=False)
