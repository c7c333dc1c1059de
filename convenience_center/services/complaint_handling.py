"""Complaints as their handling offices work on them: the office's list, the officers who may
be made accountable, assigning, replying (the author is told by e-mail).

A complaint about a member of staff is never shown to that person's own account: not in
lists, not by address, not by handler call (:func:`_for_staff`).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, or_, select

from convenience_center.domain.errors import NotAllowed, ValidationFailed
from convenience_center.domain.participation import MAX_TEXT, ComplaintStatus
from convenience_center.models import Complaint, User, utcnow
from convenience_center.services import audit, mail
from convenience_center.services.audit import Actor
from convenience_center.services.common import CurrentUser, public_link
from convenience_center.services.complaint_records import (
    ComplaintView,
    add_event,
    clean_text,
    view_of,
)
from convenience_center.services.complaints import STAFF_ROLES
from convenience_center.services.jurisdiction import covers
from convenience_center.services.staff_queues import code_range


def _for_staff(db: Session, user: CurrentUser, complaint_id: int, ip: str | None) -> Complaint:
    complaint = db.get(Complaint, complaint_id)
    if complaint is None or not user.is_staff or not user.office_code \
            or complaint.about_user_id == user.id \
            or not covers(db, staff_office=user.office_code, case_office=complaint.office_code):
        audit.log_refusal(db, user=user, ip=ip, attempted=f"complaint {complaint_id}")
        raise NotAllowed("complaint")
    return complaint


def for_staff(db: Session, *, user: CurrentUser, status: str = "") -> list[ComplaintView]:
    """Complaints to the officer's office and below, except those about the officer."""
    if not user.is_staff or not user.office_code:
        raise NotAllowed("complaints")

    low, high = code_range(user.office_code)
    statement = select(Complaint).where(
        col(Complaint.office_code) >= low, col(Complaint.office_code) < high,
        or_(col(Complaint.about_user_id).is_(None), col(Complaint.about_user_id) != user.id))
    if status:
        statement = statement.where(Complaint.status == status)
    rows = db.exec(statement.order_by(col(Complaint.id).desc()).limit(200)).all()
    return [view_of(db, c, staff=True) for c in rows]


def handlers(db: Session, *, user: CurrentUser, complaint_id: int,
             ip: str | None = None) -> list[tuple[int, str]]:
    """Officers who may be made accountable for a complaint (not the person complained of)."""
    complaint = _for_staff(db, user, complaint_id, ip)

    low, high = code_range(user.office_code or "")
    officers = db.exec(select(User).where(col(User.role).in_(STAFF_ROLES),
                                          col(User.office_code) >= low,
                                          col(User.office_code) < high,
                                          User.status == "active")).all()
    return [(o.id or 0, o.real_name) for o in officers
            if o.id != complaint.about_user_id and o.office_code and
            covers(db, staff_office=o.office_code, case_office=complaint.office_code)]


def assign(db: Session, *, user: CurrentUser, complaint_id: int, handler_id: int,
           ip: str | None = None, now: datetime | None = None) -> int:
    """Make an officer accountable for the complaint (assign or reassign)."""
    complaint = _for_staff(db, user, complaint_id, ip)
    allowed = {officer for officer, _ in handlers(db, user=user, complaint_id=complaint_id)}
    if handler_id not in allowed:
        raise ValidationFailed.single("handler", "participation.handler_invalid")
    if complaint.status == ComplaintStatus.CLOSED:
        raise ValidationFailed.single("handler", "participation.closed")
    now = now or utcnow()
    handler = db.get(User, handler_id)
    assert handler is not None
    complaint.handler_id = handler_id
    if complaint.status in (ComplaintStatus.SUBMITTED, ComplaintStatus.REOPENED):
        complaint.status = ComplaintStatus.ASSIGNED
    complaint.version += 1
    db.add(complaint)
    add_event(db, complaint, user.id, "assign", "已指定承办人，正在处理。",
           "A handler has been assigned and is working on it.", now,
           note=f"承办人 / handler: {handler.real_name}")
    audit.record(db, actor=Actor(user.id, user.username, user.role, user.office_code, ip),
                 action="complaint.assign", target_type="complaint",
                 target_id=complaint.tracking_no, detail={"handler": handler.username})
    db.commit()
    return complaint.user_id


def reply(db: Session, *, user: CurrentUser, complaint_id: int, text: str,
          ip: str | None = None, now: datetime | None = None) -> int:
    """The accountable handler replies; the citizen is told by e-mail."""
    complaint = _for_staff(db, user, complaint_id, ip)
    if complaint.handler_id != user.id:
        audit.log_refusal(db, user=user, ip=ip, attempted=f"reply complaint {complaint_id}")
        raise NotAllowed("only the accountable handler replies")
    body = clean_text(text, MAX_TEXT)
    if not body:
        raise ValidationFailed.single("reply", "participation.reply_required")
    now = now or utcnow()
    complaint.reply, complaint.replied_at, complaint.status = body, now, ComplaintStatus.REPLIED
    complaint.satisfaction = None
    complaint.version += 1
    db.add(complaint)
    add_event(db, complaint, user.id, "reply", "已答复：" + body, "Replied: " + body, now)
    audit.record(db, actor=Actor(user.id, user.username, user.role, user.office_code, ip),
                 action="complaint.reply", target_type="complaint",
                 target_id=complaint.tracking_no)
    author = db.get(User, complaint.user_id)
    if author is not None:
        mail.enqueue(db, to=author.email, template="complaint_replied", lang=complaint.lang,
                     name=author.real_name, number=complaint.tracking_no,
                     subject=complaint.subject, reply=body, link=public_link("/complaints"))
    db.commit()
    return complaint.user_id


def view_for_staff(db: Session, *, user: CurrentUser, complaint_id: int,
                   ip: str | None = None) -> ComplaintView:
    """One complaint for a handling officer."""
    return view_of(db, _for_staff(db, user, complaint_id, ip), staff=True)


def office_of(db: Session, *, complaint_id: int) -> str:
    """The office code of a complaint (for live updates)."""
    complaint = db.get(Complaint, complaint_id)
    return complaint.office_code if complaint else ""


def handler_of(db: Session, *, complaint_id: int) -> int | None:
    """The user id of the accountable handler, if any (the reply form is theirs alone)."""
    complaint = db.get(Complaint, complaint_id)
    return complaint.handler_id if complaint else None
