"""Following a case without signing in: case number plus the applicant's ID number.

The answer is the same for "no such case" and "wrong ID number", and the number of tries per
address is limited, so the page cannot be used to learn who applied for what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from sqlmodel import Session, col, select

from convenience_center.domain.cases import normalise_case_no
from convenience_center.domain.errors import InvalidValue, Refused
from convenience_center.domain.identity import parse_id_number
from convenience_center.models import Case, Office, User
from convenience_center.services import audit, security, throttle
from convenience_center.services.applications import TimelineEntry, timeline
from convenience_center.services.audit import Actor
from convenience_center.services.common import china_today

PER_MINUTE = 10
PER_HOUR = 60


class TooManyQueries(Refused):
    """This address asked too often; try later."""

    def __init__(self) -> None:
        super().__init__("track.too_many")


@dataclass(frozen=True)
class TrackedCase:
    """What the public progress query shows: nothing personal."""

    case_no: str
    service_code: str
    matter_code: str
    status: str
    office_zh: str
    office_en: str
    submitted_at: datetime
    promised_date: date
    promised_provisional: bool
    events: list[TimelineEntry]


def tracking_path(case_no: str) -> str:
    """The address of the tracking page with ``case_no`` filled in (the receipt's QR code):
    the case number alone shows nothing, the ID number is still asked for."""
    return f"/track?{urlencode({'case_no': case_no})}"


def track(db: Session, *, case_no: str, id_number: str, ip: str,
          now: datetime | None = None) -> TrackedCase | None:
    """The case if the number and the applicant's ID number match, else ``None``."""
    for scope, limit, window in (("track_minute", PER_MINUTE, timedelta(minutes=1)),
                                 ("track_hour", PER_HOUR, timedelta(hours=1))):
        if not throttle.allow(db, scope=scope, key=ip, limit=limit, window=window, now=now):
            db.commit()
            audit.record_now(db, actor=Actor(ip=ip), action="track.limited")
            raise TooManyQueries
    db.commit()
    try:
        fingerprint = security.fingerprint(
            parse_id_number(id_number, today=china_today(now)).number)
    except InvalidValue:
        security.fingerprint("0" * 18)  # same work either way
        return None
    row = db.exec(select(Case, User).join(User, col(User.id) == col(Case.applicant_id))
                  .where(Case.case_no == normalise_case_no(case_no))).first()
    if row is None or row[1].id_fingerprint != fingerprint:
        return None
    case, _user = row
    office = db.get(Office, case.office_code)
    assert case.id is not None and office is not None
    return TrackedCase(case.case_no, case.service_code, case.matter_code, case.status,
                       office.name_zh, office.name_en, case.submitted_at, case.promised_date,
                       case.promised_provisional, timeline(db, case_id=case.id))
