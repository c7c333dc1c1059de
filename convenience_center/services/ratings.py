"""Rating the service of a completed case (好差评), and the rectification of poor ratings.

One rating per case, by its applicant: five levels, four sub-scores, a comment. A rating of
"dissatisfied" or worse opens a rectification task for the office, due in 15 working days,
which is closed only with a recorded call back to the citizen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case as sql_case
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from convenience_center.domain.errors import FieldError, NotAllowed, NotFound, ValidationFailed
from convenience_center.domain.participation import (
    CALLBACK_OUTCOMES,
    RATEABLE_STATUSES,
    RECTIFICATION_DAYS,
    SUB_SCORES,
    level_of,
)
from convenience_center.domain.services import registry
from convenience_center.domain.working_days import add_working_days
from convenience_center.models import Case, Office, Rating, RectificationTask, User, utcnow
from convenience_center.services import audit
from convenience_center.services.audit import Actor
from convenience_center.services.common import CHINA_TZ, CurrentUser, china_today, local_time_text
from convenience_center.services.jurisdiction import covers
from convenience_center.services.staff_queues import code_range


def can_rate(db: Session, *, user_id: int, case: Case) -> bool:
    """Whether the applicant may still rate this case."""
    if case.applicant_id != user_id or case.status not in RATEABLE_STATUSES:
        return False
    return db.exec(select(Rating.id).where(Rating.case_id == case.id)).first() is None


def rate(db: Session, *, user_id: int, case_no: str, level: int, scores: dict[str, int],
         comment: str = "", ip: str | None = None, now: datetime | None = None) -> Rating:
    """Rate a completed case once; a poor rating opens a rectification task."""
    case = db.exec(select(Case).where(Case.case_no == case_no,
                                      Case.applicant_id == user_id)).first()
    if case is None:
        raise NotFound(case_no)
    if not can_rate(db, user_id=user_id, case=case):
        raise ValidationFailed.single("level", "rating.not_possible")
    errors: list[FieldError] = []
    chosen = level_of(level) if isinstance(level, int) else None
    if chosen is None:
        errors.append(FieldError("level", "rating.level_required"))
    for key in SUB_SCORES:
        value = scores.get(key)
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors.append(FieldError(key, "rating.score_required"))
    if errors:
        raise ValidationFailed(errors)
    assert chosen is not None and case.id is not None
    now = now or utcnow()
    rating = Rating(case_id=case.id, user_id=user_id, office_code=case.office_code,
                    service_code=case.service_code, level=chosen.value,
                    efficiency=scores["efficiency"], guide_accuracy=scores["guide_accuracy"],
                    convenience=scores["convenience"], ease_of_use=scores["ease_of_use"],
                    comment=(comment or "").strip()[:2000] or None, created_at=now)
    db.add(rating)
    try:
        db.flush()
    except IntegrityError:  # rated at the same moment in another tab
        db.rollback()
        raise ValidationFailed.single("level", "rating.not_possible") from None
    if chosen.poor:
        assert rating.id is not None
        db.add(RectificationTask(rating_id=rating.id, office_code=case.office_code,
                                 due_date=add_working_days(china_today(now),
                                                           RECTIFICATION_DAYS),
                                 created_at=now))
    user = db.get(User, user_id)
    audit.record(db, actor=Actor(user_id, user.username if user else None, "citizen", None, ip),
                 action="rating.submit", target_type="case", target_id=case_no,
                 detail={"level": chosen.value})
    db.commit()
    return rating


@dataclass(frozen=True)
class TaskView:
    """A rectification task as the office sees it."""

    id: int
    case_no: str
    service_code: str
    level: int
    comment: str
    scores: dict[str, int]
    applicant: str
    phone: str  # E.164, as the account keeps it
    due: str
    status: str
    measures: str
    callback: str  # the notes on the call
    closed_at: str
    called_at: str = ""  # when the call was made, as recorded
    outcome: str = ""  # a key of CALLBACK_OUTCOMES


def _tasks_query(user: CurrentUser) -> Select[RectificationTask, Rating, Case]:

    low, high = code_range(user.office_code or "")
    return select(RectificationTask, Rating, Case).join(
        Rating, col(Rating.id) == RectificationTask.rating_id).join(
        Case, col(Case.id) == Rating.case_id).where(
        col(RectificationTask.office_code) >= low, col(RectificationTask.office_code) < high)


def tasks(db: Session, *, user: CurrentUser, status: str = "open") -> list[TaskView]:
    """The rectification tasks of the officer's office and the offices below it."""
    if not user.is_staff or not user.office_code:
        raise NotAllowed("rectifications")
    statement = _tasks_query(user)
    if status:
        statement = statement.where(RectificationTask.status == status)
    rows = db.exec(statement.order_by(col(RectificationTask.due_date))).all()
    result = []
    for task, rating, case in rows:
        applicant = db.get(User, case.applicant_id)
        result.append(TaskView(
            id=task.id or 0, case_no=case.case_no, service_code=case.service_code,
            level=rating.level, comment=rating.comment or "",
            scores={k: getattr(rating, k) for k in SUB_SCORES},
            applicant=case.applicant_name,
            phone=(applicant.phone or "") if applicant else "",
            due=task.due_date.isoformat(), status=task.status, measures=task.measures or "",
            callback=task.callback_note or "",
            closed_at=local_time_text(task.closed_at) if task.closed_at else "",
            called_at=local_time_text(task.callback_at) if task.callback_at else "",
            outcome=task.callback_outcome or ""))
    return result


CLOCK_SKEW = timedelta(minutes=5)  # a call "now" on a clock a little ahead is not refused


def _call_time(text: str, *, after: datetime, now: datetime) -> tuple[datetime | None, str]:
    """The moment of a call given as ``2026-12-01T10:30`` in China time, or a message code."""
    raw = (text or "").strip()
    if not raw:
        return None, "rating.called_at_required"
    try:
        moment = datetime.fromisoformat(raw[:16]).replace(tzinfo=CHINA_TZ)
    except ValueError:
        return None, "rating.called_at_invalid"
    if moment > now + CLOCK_SKEW:
        return None, "rating.called_at_future"
    if moment < after.replace(second=0, microsecond=0):
        return None, "rating.called_at_before_rating"
    return moment, ""


def close_task(db: Session, *, user: CurrentUser, task_id: int, measures: str,
               called_at: str, outcome: str, callback_note: str, ip: str | None = None,
               now: datetime | None = None) -> None:
    """Close a task: what was done, and the call back to the citizen (when it was made, in
    China time, what came of it, and notes), all required."""
    task = db.get(RectificationTask, task_id)
    if task is None or not user.is_staff or not user.office_code or not covers(
            db, staff_office=user.office_code, case_office=task.office_code):
        audit.log_refusal(db, user=user, ip=ip, attempted=f"rectification {task_id}")
        raise NotAllowed("rectification")
    if task.status == "closed":
        return
    now = now or utcnow()
    rating = db.get(Rating, task.rating_id)
    moment, time_error = _call_time(called_at, after=rating.created_at if rating else
                                    task.created_at, now=now)
    errors = []
    if not (measures or "").strip():
        errors.append(FieldError("measures", "rating.measures_required"))
    if time_error:
        errors.append(FieldError("called_at", time_error))
    if outcome not in CALLBACK_OUTCOMES:
        errors.append(FieldError("outcome", "rating.outcome_required"))
    if not (callback_note or "").strip():
        errors.append(FieldError("callback", "rating.callback_required"))
    if errors:
        raise ValidationFailed(errors)
    task.measures, task.callback_note = measures.strip()[:2000], callback_note.strip()[:2000]
    task.callback_at, task.callback_outcome = moment, outcome
    task.closed_at, task.closed_by, task.status = now, user.id, "closed"
    db.add(task)
    audit.record(db, actor=Actor(user.id, user.username, user.role, user.office_code, ip),
                 action="rating.rectified", target_type="rectification", target_id=task_id,
                 detail={"outcome": outcome})
    db.commit()


@dataclass(frozen=True)
class RatingSummary:
    """Published ratings of one office or one service."""

    key: str
    name_zh: str
    name_en: str
    count: int
    average: float
    satisfied_share: float  # share of "basically satisfied" or better
    by_level: dict[int, int]


def published_summary(db: Session, *, by: str, offices: tuple[str, str] | None = None,
                      since: datetime | None = None,
                      until: datetime | None = None) -> list[RatingSummary]:
    """Ratings per office (``by="office"``) or per service (``by="service"``); optionally
    only of the offices in a code range and given in ``[since, until)``."""
    column = Rating.office_code if by == "office" else Rating.service_code
    statement = select(column, func.count(), func.avg(Rating.level),
                       *[func.sum(sql_case((col(Rating.level) == value, 1), else_=0))
                         for value in (5, 4, 3, 2, 1)])
    if offices is not None:
        statement = statement.where(col(Rating.office_code) >= offices[0],
                                    col(Rating.office_code) < offices[1])
    if since is not None:
        statement = statement.where(col(Rating.created_at) >= since)
    if until is not None:
        statement = statement.where(col(Rating.created_at) < until)
    rows = db.exec(statement.group_by(column).order_by(column)).all()
    services = registry()
    result = []
    for key, count, average, *levels in rows:
        if by == "office":
            office = db.get(Office, key)
            zh, en = (office.name_zh, office.name_en) if office else (key, key)
        else:
            definition = services.get(key)
            zh, en = (definition.name.zh, definition.name.en) if definition else (key, key)
        by_level = {value: int(n or 0) for value, n in zip((5, 4, 3, 2, 1), levels, strict=True)}
        satisfied = by_level[5] + by_level[4] + by_level[3]
        result.append(RatingSummary(key, zh, en, int(count), round(float(average or 0), 2),
                                    round(satisfied / count, 3) if count else 0.0, by_level))
    return result
