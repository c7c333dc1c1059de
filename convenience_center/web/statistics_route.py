"""``/staff/stats.csv``: the statistics of ``/staff/stats`` as a CSV download, for officers.

Authenticated by the HttpOnly session cookie, like the other documents. Anyone who is not an
officer gets 404 (signed-in non-officers are also recorded in the audit log). The period comes
from ``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (either may be empty: open-ended).
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from convenience_center import db
from convenience_center.services import audit, statistics_csv, statistics_scope
from convenience_center.services.common import china_today
from convenience_center.web.requests import client_ip, user_of


async def stats_csv(request: Request) -> Response:
    """The officer's statistics for the period, as ``text/csv`` (UTF-8 with BOM)."""
    try:
        date_from, date_to = statistics_scope.parse_period(
            request.query_params.get("from", "")[:20], request.query_params.get("to", "")[:20])
    except statistics_scope.InvalidPeriod:
        return PlainTextResponse("Bad request", status_code=400)
    today = china_today()

    def run() -> tuple[str, str] | None:
        user = user_of(request)
        if user is None:
            return None
        if not user.is_staff or not user.office_code:
            with db.session() as session:
                audit.log_refusal(session, user=user, ip=client_ip(request),
                                  attempted="/staff/stats.csv")
            return None
        with db.read_session() as session:
            return user.office_code, statistics_csv.as_csv(session, user=user, today=today,
                                                       date_from=date_from, date_to=date_to)

    result = await asyncio.to_thread(run)
    if result is None:
        return PlainTextResponse("Not found", status_code=404)
    office_code, text = result
    span = f"{date_from or 'start'}_{date_to or today}"
    filename = f"statistics-{office_code}-{span}.csv"
    return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f"attachment; filename=\"{filename}\"; "
                              f"filename*=UTF-8''{quote(filename)}",
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    })
