"""The case summary (办件摘要) that staff print and file with the paper record of a case.

It is an internal document: the history includes the officers' internal comments, and every
page says so in its footer ("内部资料" / "For official use").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from convenience_center.documents import labels as L
from convenience_center.documents.layout import (
    FRAME_WIDTH,
    LIGHT_SHADE,
    Styles,
    build_pdf,
    headed_table,
    section_table,
    styles,
)
from convenience_center.domain.services.base import Text
from convenience_center.i18n import translate

LABEL_WIDTH = 110.0
TWO_COLUMNS = (LABEL_WIDTH, FRAME_WIDTH - LABEL_WIDTH)
EVENT_COLUMNS = (112.0, 76.0, FRAME_WIDTH - 188.0)


@dataclass(frozen=True)
class CaseSummary:
    """What the summary shows; ``rows``, ``documents`` and ``events`` are already in the
    summary's language."""

    case_no: str
    service_name: Text
    matter_name: Text
    status_label: str
    applicant_name: str
    applicant_id_masked: str
    office_name: Text
    submitted_at: datetime  # aware
    due_date: date | None
    rows: list[tuple[str, str]]             # (question, answer)
    documents: list[tuple[str, str]]        # (material, file name)
    events: list[tuple[str, str, str]]      # (time, status, message incl. internal comments)
    printed_by: str
    printed_at: datetime  # aware


def case_summary_pdf(summary: CaseSummary, lang: str) -> bytes:
    """The A4 case summary of ``summary`` in ``lang`` (times in China Standard Time)."""
    for name in ("submitted_at", "printed_at"):
        if getattr(summary, name).utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware")
    s = styles("en" if lang == "en" else "zh")
    title = L.SUMMARY_TITLE.get(s.lang)
    printed = L.fmt(L.PRINTED, s.lang, name=summary.printed_by,
                    time=L.china_time(summary.printed_at, s.lang))
    story: list[Flowable] = [
        s.para(translate("site.name", s.lang), s.center),
        Spacer(1, 4),
        s.para(title, s.title),
        s.para(f"{summary.service_name.get(s.lang)} · {summary.matter_name.get(s.lang)}",
               s.subtitle),
        s.para(printed, s.hint),
        _facts(summary, s),
        headed_table(L.SUMMARY_ANSWERS_HEADING, L.ANSWER_COLUMNS, summary.rows, TWO_COLUMNS, s),
        headed_table(L.SUMMARY_DOCUMENTS_HEADING, L.DOCUMENT_COLUMNS, summary.documents,
                     TWO_COLUMNS, s, empty=L.NOTHING_UPLOADED),
        headed_table(L.EVENTS_HEADING, L.EVENT_COLUMNS, summary.events, EVENT_COLUMNS, s,
                     empty=L.NO_EVENTS),
        _filed_by(s),
    ]
    return build_pdf(story, lang=s.lang, title=f"{title} {summary.case_no}",
                     running_title=f"{title} · {summary.case_no} · {summary.applicant_name}",
                     subject=summary.matter_name.get(s.lang),
                     footer_note=L.FOR_OFFICIAL_USE.get(s.lang))


def _facts(summary: CaseSummary, s: Styles) -> Table:
    lang = s.lang
    due = L.long_date(summary.due_date, lang) if summary.due_date else L.NO_DUE_DATE.get(lang)
    facts = [
        (L.CASE_NUMBER, summary.case_no),
        (L.STATUS, summary.status_label),
        (L.APPLIED_FOR, f"{summary.service_name.get(lang)}\n{summary.matter_name.get(lang)}"),
        (L.APPLICANT, summary.applicant_name),
        (L.ID_NUMBER, summary.applicant_id_masked),
        (L.OFFICE, summary.office_name.get(lang)),
        (L.SUBMITTED_AT, L.china_time(summary.submitted_at, lang)),
        (L.DUE_DATE, due),
    ]
    rows: list[list[Any]] = [[s.para(label.get(lang), s.label), s.para(value or "—")]
                             for label, value in facts]
    return section_table(rows, TWO_COLUMNS, [("BACKGROUND", (0, 0), (0, -1), LIGHT_SHADE)],
                         repeat_rows=0)


def _filed_by(s: Styles) -> Flowable:
    """A line for the officer who files the summary with the paper record."""
    date_line = L.DATE_LINE_ZH if s.lang != "en" else "_" * 16
    line = (L.FILED_BY.get(s.lang) + " " + "_" * 22 + "      " + L.DATE_LABEL.get(s.lang) +
            " " + date_line)
    table = section_table([[s.para(line, s.right)]], [FRAME_WIDTH], [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
    ], min_heights=[40], repeat_rows=0, grid=False)
    return KeepTogether([table])
