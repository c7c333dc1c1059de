"""The staff dashboard's view data, both ways: the service's typed dashboard
(``services.staff_cases.Dashboard``, ``FilterOptions``) as the bilingual dicts
``StaffDashboardState`` sends, and its filter form as the queue's ``staff_queues.Filters``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from convenience_center.domain.cases import status_texts
from convenience_center.services import staff_queues
from convenience_center.services.common import local_time_text
from convenience_center.services.staff_cases import Dashboard, Due, FilterOptions, QueueRow
from convenience_center.state.case_view import both, names_view


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def due_view(due: Due) -> dict[str, Any]:
    """``due``, ``due_state``, ``closed`` and ``overdue`` of the Due column."""
    return {"due": _iso(due.due_date), "due_state": due.state, "closed": _iso(due.closed_on),
            "overdue": due.overdue}


def queue_row_view(row: QueueRow) -> dict[str, Any]:
    """One line of a queue."""
    case = row.case
    return {**names_view(case.service_code, case.matter_code, staff=True),
            "case_no": case.case_no, "applicant": case.applicant_name, "status": case.status,
            **status_texts(case.status, case.service_code, case.matter_code, staff=True),
            **both(row.office, "office"), "submitted": local_time_text(case.submitted_at),
            **due_view(row.due)}


def dashboard_view(board: Dashboard) -> dict[str, Any]:
    """``counts`` as shown (capped), ``rows``, and ``next_cursor`` (a list, or ``None`` on the
    last page)."""
    return {"counts": {k: staff_queues.count_text(v) for k, v in board.counts.items()},
            "rows": [queue_row_view(r) for r in board.rows],
            "next_cursor": list(board.next_cursor) if board.next_cursor else None}


def filter_options_view(options: FilterOptions) -> dict[str, list[dict[str, str]]]:
    """``services`` and ``offices`` to choose from, each ``value``, ``zh``, ``en``."""
    return {kind: [{"value": o.value, "zh": o.label.zh, "en": o.label.en} for o in choices]
            for kind, choices in (("services", options.services),
                                  ("offices", options.offices))}


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def queue_filters(form: dict[str, str]) -> staff_queues.Filters:
    """The filters the officer chose (``StaffDashboardState.filters``), for the queue."""
    return staff_queues.Filters(service=form.get("service", ""), office=form.get("office", ""),
                                status=form.get("status", ""),
                                date_from=_date(form.get("date_from")),
                                date_to=_date(form.get("date_to")),
                                search=form.get("search", ""), sort=form.get("sort", "newest"))
