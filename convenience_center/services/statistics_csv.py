"""The officers' statistics (``services.statistics``) as one tidy CSV table for spreadsheets."""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlmodel import Session

from convenience_center.services.common import CurrentUser
from convenience_center.services.statistics import Report, report
from convenience_center.services.statistics_times import ProcessingTime

CSV_COLUMNS = ("office_code", "date_from", "date_to", "dimension", "key", "label_zh",
               "label_en", "measure", "value")


def _text_cell(value: str) -> str:
    """Office names are typed by administrators: keep spreadsheets from running them as
    formulas (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _number(value: float | int | None) -> str:
    return "" if value is None else str(value)


def report_csv(data: Report) -> str:
    """The report as one tidy CSV table, UTF-8 with a byte order mark (Excel then reads the
    Chinese labels correctly). One observation per line:

    ``office_code, date_from, date_to, dimension, key, label_zh, label_en, measure, value``

    - ``dimension`` ``total`` (key ``all``): measures ``cases``, ``decided``, ``average_days``,
      ``p95_days``, ``decided_with_due_date``, ``decided_late``, ``overdue_rate`` (a share
      between 0 and 1), ``open_past_due``;
    - ``service``: ``cases``, ``decided``, ``average_days``, ``p95_days`` per service code;
    - ``office``: ``cases`` per office code one level below; ``month``: ``cases`` per
      ``YYYY-MM``; ``status``: ``cases`` per status code;
    - ``rating_service``: ``ratings``, ``average_rating`` (1-5) and ``satisfied_share`` (rated
      "basically satisfied" or better, 0 to 1) per service, of the ratings given in the period.

    ``date_from``/``date_to`` are ISO dates or empty (open period); an undefined value (no
    decided case) is an empty cell. Lines end with CRLF (RFC 4180).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    scope = [data.office_code, data.date_from.isoformat() if data.date_from else "",
             data.date_to.isoformat() if data.date_to else ""]

    def row(dimension: str, key: str, zh: str, en: str, measure: str,
            value: float | int | None) -> None:
        writer.writerow([*scope, dimension, key, _text_cell(zh), _text_cell(en), measure,
                         _number(value)])

    p, o = data.processing, data.overdue
    for measure, value in (("cases", data.total), ("decided", p.decided),
                           ("average_days", p.average_days), ("p95_days", p.p95_days),
                           ("decided_with_due_date", o.decided), ("decided_late", o.decided_late),
                           ("overdue_rate", o.rate), ("open_past_due", o.open_past_due)):
        row("total", "all", "全部", "All", measure, value)
    times = {s.key: s.processing for s in data.processing_by_service}
    for r in data.by_service:
        spent = times.get(r.key, ProcessingTime(0, None, None))
        for measure, value in (("cases", r.cases), ("decided", spent.decided),
                               ("average_days", spent.average_days),
                               ("p95_days", spent.p95_days)):
            row("service", r.key, r.label_zh, r.label_en, measure, value)
    for dimension, rows in (("office", data.by_office), ("month", data.by_month),
                            ("status", data.by_status)):
        for r in rows:
            row(dimension, r.key, r.label_zh, r.label_en, "cases", r.cases)
    for rating in data.ratings_by_service:
        for measure, value in (("ratings", rating.count), ("average_rating", rating.average),
                               ("satisfied_share", rating.satisfied_share)):
            row("rating_service", rating.key, rating.name_zh, rating.name_en, measure, value)
    return "\ufeff" + buffer.getvalue()


def as_csv(db: Session, *, user: CurrentUser, today: date, date_from: date | None = None,
           date_to: date | None = None) -> str:
    """The officer's statistics for the period as CSV text (see :func:`report_csv`)."""
    return report_csv(report(db, user=user, today=today, date_from=date_from, date_to=date_to))
