"""``/staff/stats``: statistics of the officer's jurisdiction over a period.

Only aggregate figures reach the browser: counts, days and rates with both languages' labels
side by side; no case, applicant or account data.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from convenience_center.i18n import in_both
from convenience_center.services import offices, statistics, statistics_counts, statistics_scope
from convenience_center.services.common import CurrentUser, china_today
from convenience_center.state.pools import call_service
from convenience_center.state.staff import StaffState

NO_VALUE = "—"


def _days(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:.1f}"


def _rows(rows: list[statistics_counts.CountRow]) -> list[dict[str, Any]]:
    return [{"key": r.key, "label_zh": r.label_zh, "label_en": r.label_en, "cases": r.cases}
            for r in rows]


def _view(report: statistics.Report) -> dict[str, Any]:
    """The report as plain, JSON-friendly values for the page."""
    p, o = report.processing, report.overdue
    times = {s.key: s.processing for s in report.processing_by_service}
    return {
        "figures": {
            "total": str(report.total), "decided": str(p.decided),
            "average_days": _days(p.average_days), "p95_days": _days(p.p95_days),
            "overdue_rate": NO_VALUE if o.rate is None else f"{o.rate * 100:.1f}%",
            "decided_late": str(o.decided_late), "decided_with_due": str(o.decided),
            "open_past_due": str(o.open_past_due),
        },
        "by_month": _rows(report.by_month),
        "by_service": [{
            **row, "decided": times[row["key"]].decided if row["key"] in times else 0,
            "average_days": _days(times[row["key"]].average_days) if row["key"] in times
            else NO_VALUE,
            "p95_days": _days(times[row["key"]].p95_days) if row["key"] in times else NO_VALUE,
        } for row in _rows(report.by_service)],
        "by_office": [{**row, "own": row["key"] == report.office_code}
                      for row in _rows(report.by_office)],
        "by_status": _rows(report.by_status),
        "ratings": [{"key": r.key, "label_zh": r.name_zh, "label_en": r.name_en,
                     "count": r.count, "average": f"{r.average:.2f}",
                     "satisfied": f"{r.satisfied_share * 100:.1f}%"}
                    for r in report.ratings_by_service],
    }


class StatisticsState(StaffState):
    """Figures, chart data and tables of the statistics page."""

    loaded: rx.Field[bool] = rx.field(False)
    period: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    problem: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    figures: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    by_month: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    by_service: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    by_office: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    by_status: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    ratings: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    csv_href: rx.Field[str] = rx.field("/staff/stats.csv")

    async def _refresh(self, user: CurrentUser, date_from: date | None,
                       date_to: date | None) -> None:
        report = await call_service(statistics.report, user=user, today=china_today(),
                                    date_from=date_from, date_to=date_to)
        view = _view(report)
        self.figures = view["figures"]
        self.by_month, self.by_service = view["by_month"], view["by_service"]
        self.by_office, self.by_status = view["by_office"], view["by_status"]
        self.ratings = view["ratings"]
        period = {"from": date_from.isoformat() if date_from else "",
                  "to": date_to.isoformat() if date_to else ""}
        self.period = {"date_from": period["from"], "date_to": period["to"]}
        self.csv_href = "/staff/stats.csv?" + urlencode(period)
        self.loaded = True

    @rx.event
    async def load(self):
        """Open the page (officers only): the period of the address, else the last 12 months."""
        self.loaded, self.problem = False, {}
        user = await self._officer()
        if user is None:
            if not self.signed_in:
                return self._login_redirect()
            return None
        self.office_zh, self.office_en = await call_service(offices.office_name,
                                                            code=user.office_code or "")
        query = self.router.url.query_parameters
        try:
            date_from, date_to = statistics_scope.parse_period(str(query.get("from", ""))[:20],
                                                               str(query.get("to", ""))[:20])
        except statistics_scope.InvalidPeriod:
            date_from = date_to = None
        if date_from is None and date_to is None:
            date_from, date_to = statistics_scope.default_period(china_today())
        await self._refresh(user, date_from, date_to)
        return None

    @rx.event
    async def apply_period(self, form: dict):
        """Show the figures of another period (both dates optional, first day not after last)."""
        self.problem = {}
        user = await self._officer()
        if user is None:
            return
        raw_from, raw_to = form.get("date_from", ""), form.get("date_to", "")
        try:
            date_from, date_to = statistics_scope.parse_period(
                raw_from[:20] if isinstance(raw_from, str) else "",
                raw_to[:20] if isinstance(raw_to, str) else "")
        except statistics_scope.InvalidPeriod as refusal:
            self.problem = in_both(refusal.code)
            return
        await self._refresh(user, date_from, date_to)
