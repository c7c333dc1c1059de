"""A complaint's record: how its author and its handlers see it, and its history (the events
both sides add to it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from convenience_center.models import Attachment, Complaint, FeedbackEvent, Office, User
from convenience_center.models.lengths import clip
from convenience_center.services.common import local_time_text


def clean_text(value: str, limit: int) -> str:
    """Free text as kept: stripped and cut to ``limit``."""
    return (value or "").strip()[:limit]


def add_event(db: Session, complaint: Complaint, actor_id: int | None, action: str, zh: str,
              en: str, now: datetime, note: str | None = None) -> None:
    """A line of the complaint's history, in both languages (``note``: for staff only)."""
    assert complaint.id is not None
    db.add(FeedbackEvent(subject_type="complaint", subject_id=complaint.id, at=now,
                         actor_id=actor_id, action=action,
                         message_zh=clip(FeedbackEvent, "message_zh", zh),
                         message_en=clip(FeedbackEvent, "message_en", en), note=note))


@dataclass(frozen=True)
class ComplaintView:
    """A complaint as its author or a handling officer sees it."""

    id: int
    tracking_no: str
    kind: str
    subject: str
    body: str
    status: str
    office_zh: str
    office_en: str
    about_person: str
    case_no: str
    handler: str
    due: str
    reply: str
    satisfaction: str
    reopened: int
    created: str
    files: list[tuple[str, str]]
    events: list[tuple[str, str, str, str]]  # at, zh, en, note (staff only)


def view_of(db: Session, complaint: Complaint, *, staff: bool) -> ComplaintView:
    office = db.get(Office, complaint.office_code)
    handler = db.get(User, complaint.handler_id) if complaint.handler_id else None
    files = db.exec(select(Attachment).where(Attachment.complaint_id == complaint.id,
                                             col(Attachment.deleted_at).is_(None))).all()
    events = db.exec(select(FeedbackEvent).where(
        FeedbackEvent.subject_type == "complaint", FeedbackEvent.subject_id == complaint.id)
        .order_by(col(FeedbackEvent.id))).all()
    return ComplaintView(
        id=complaint.id or 0, tracking_no=complaint.tracking_no, kind=complaint.kind,
        subject=complaint.subject, body=complaint.body, status=complaint.status,
        office_zh=office.name_zh if office else "", office_en=office.name_en if office else "",
        about_person=complaint.about_person or "", case_no=complaint.case_no or "",
        handler=handler.real_name if handler and staff else "",
        due=complaint.due_date.isoformat() if complaint.due_date else "",
        reply=complaint.reply or "", satisfaction=complaint.satisfaction or "",
        reopened=complaint.reopened, created=local_time_text(complaint.created_at),
        files=[(f.public_id, f.display_name) for f in files],
        events=[(local_time_text(e.at), e.message_zh, e.message_en,
                 (e.note or "") if staff else "") for e in events])
