"""Policy questions (咨询): asked by citizens, answered by the office they go to, and, edited
so that nothing identifies the asker, published to the public FAQ."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, or_, select

from convenience_center.domain.errors import FieldError, NotAllowed, ValidationFailed
from convenience_center.domain.participation import (
    INQUIRY_REPLY_DAYS,
    MAX_SUBJECT,
    MAX_TEXT,
    tracking_number,
)
from convenience_center.domain.personal_data import refuse_personal_data
from convenience_center.domain.services import get_service
from convenience_center.domain.working_days import add_working_days
from convenience_center.models import FeedbackEvent, Inquiry, Office, User, utcnow
from convenience_center.services import audit, mail
from convenience_center.services.audit import Actor
from convenience_center.services.common import (
    CHINA_TZ,
    CurrentUser,
    china_today,
    local_time_text,
    public_link,
)
from convenience_center.services.counters import next_number
from convenience_center.services.jurisdiction import covers
from convenience_center.services.personal_data import known_person, public_numbers
from convenience_center.services.staff_queues import code_range


def _text(value: str, limit: int) -> str:
    return (value or "").strip()[:limit]


def ask(db: Session, *, user_id: int, office_code: str, service_code: str, subject: str,
        question: str, ip: str | None = None, now: datetime | None = None) -> Inquiry:
    """A citizen asks a question of an office."""
    user = db.get(User, user_id)
    if user is None or user.role != "citizen":
        raise NotAllowed("ask")
    errors: list[FieldError] = []
    office = db.get(Office, office_code) if office_code else None
    if office is None or office.level not in ("county", "city", "province", "township"):
        errors.append(FieldError("office", "participation.office_required"))
    if service_code and get_service(service_code) is None:
        errors.append(FieldError("service", "participation.service_unknown"))
    if not _text(subject, MAX_SUBJECT):
        errors.append(FieldError("subject", "participation.subject_required"))
    if not _text(question, MAX_TEXT):
        errors.append(FieldError("question", "participation.question_required"))
    elif len(question.strip()) > MAX_TEXT:
        errors.append(FieldError("question", "participation.too_long"))
    if errors:
        raise ValidationFailed(errors)
    now = now or utcnow()
    today = china_today(now)
    number = tracking_number("ZX", f"{today:%Y%m%d}",
                             next_number(db, scope="ZX", key=f"{today:%Y%m%d}"))
    assert office is not None
    inquiry = Inquiry(tracking_no=number, user_id=user_id, office_code=office.code,
                      service_code=service_code or None, subject=_text(subject, MAX_SUBJECT),
                      question=_text(question, MAX_TEXT), lang=user.lang, created_at=now,
                      due_date=add_working_days(today, INQUIRY_REPLY_DAYS))
    db.add(inquiry)
    db.flush()
    assert inquiry.id is not None
    db.add(FeedbackEvent(subject_type="inquiry", subject_id=inquiry.id, at=now, actor_id=user_id,
                         action="ask", message_zh=f"咨询已提交至{office.name_zh}。",
                         message_en=f"Question sent to {office.name_en}."))
    audit.record(db, actor=Actor(user.id, user.username, user.role, None, ip),
                 action="inquiry.ask", target_type="inquiry", target_id=number)
    db.commit()
    return inquiry


@dataclass(frozen=True)
class InquiryView:
    """A question as its asker or an officer sees it."""

    id: int
    tracking_no: str
    subject: str
    question: str
    status: str
    answer: str
    asked: str
    answered: str
    office_zh: str
    office_en: str
    faq_published: bool
    faq_question: str
    faq_answer: str


def _view(db: Session, inquiry: Inquiry) -> InquiryView:
    office = db.get(Office, inquiry.office_code)
    return InquiryView(
        id=inquiry.id or 0, tracking_no=inquiry.tracking_no, subject=inquiry.subject,
        question=inquiry.question, status=inquiry.status, answer=inquiry.answer or "",
        asked=local_time_text(inquiry.created_at),
        answered=local_time_text(inquiry.answered_at) if inquiry.answered_at else "",
        office_zh=office.name_zh if office else "", office_en=office.name_en if office else "",
        faq_published=inquiry.faq_published_at is not None,
        faq_question=inquiry.faq_question or "", faq_answer=inquiry.faq_answer or "")


def mine(db: Session, *, user_id: int) -> list[InquiryView]:
    """The citizen's own questions, newest first."""
    rows = db.exec(select(Inquiry).where(Inquiry.user_id == user_id)
                   .order_by(col(Inquiry.id).desc()).limit(100)).all()
    return [_view(db, i) for i in rows]


def for_staff(db: Session, *, user: CurrentUser, status: str = "open") -> list[InquiryView]:
    """Questions to the officer's office and the offices below it."""
    if not user.is_staff or not user.office_code:
        raise NotAllowed("inquiries")

    low, high = code_range(user.office_code)
    statement = select(Inquiry).where(col(Inquiry.office_code) >= low,
                                      col(Inquiry.office_code) < high)
    if status:
        statement = statement.where(Inquiry.status == status)
    rows = db.exec(statement.order_by(col(Inquiry.id).desc()).limit(200)).all()
    return [_view(db, i) for i in rows]


def _staff_inquiry(db: Session, user: CurrentUser, inquiry_id: int, ip: str | None) -> Inquiry:
    inquiry = db.get(Inquiry, inquiry_id)
    if inquiry is None or not user.is_staff or not user.office_code or not covers(
            db, staff_office=user.office_code, case_office=inquiry.office_code):
        audit.log_refusal(db, user=user, ip=ip, attempted=f"inquiry {inquiry_id}")
        raise NotAllowed("inquiry")
    return inquiry


def answer(db: Session, *, user: CurrentUser, inquiry_id: int, text: str,
           ip: str | None = None, now: datetime | None = None) -> int:
    """An officer answers; the asker is told by e-mail. Returns the asker's user id."""
    inquiry = _staff_inquiry(db, user, inquiry_id, ip)
    body = _text(text, MAX_TEXT)
    if not body:
        raise ValidationFailed.single("answer", "participation.answer_required")
    now = now or utcnow()
    inquiry.answer, inquiry.status = body, "answered"
    inquiry.answered_by, inquiry.answered_at = user.id, now
    inquiry.version += 1
    db.add(inquiry)
    db.add(FeedbackEvent(subject_type="inquiry", subject_id=inquiry_id, at=now,
                         actor_id=user.id, action="answer", message_zh="已答复。",
                         message_en="Answered."))
    audit.record(db, actor=Actor(user.id, user.username, user.role, user.office_code, ip),
                 action="inquiry.answer", target_type="inquiry", target_id=inquiry.tracking_no)
    asker = db.get(User, inquiry.user_id)
    if asker is not None:
        mail.enqueue(db, to=asker.email, template="inquiry_answered", lang=inquiry.lang,
                     name=asker.real_name, number=inquiry.tracking_no, subject=inquiry.subject,
                     answer=body, link=public_link("/consult"))
    db.commit()
    return inquiry.user_id


def publish_faq(db: Session, *, user: CurrentUser, inquiry_id: int, question: str,
                text: str, ip: str | None = None, now: datetime | None = None) -> None:
    """Publish an answered question to the FAQ, as edited by the officer.

    Refused with :class:`PersonalDataFound` while the question or the answer holds personal
    data: numbers, e-mail addresses, or the asker's name or address.
    """
    inquiry = _staff_inquiry(db, user, inquiry_id, ip)
    if inquiry.status != "answered":
        raise ValidationFailed.single("faq_question", "participation.answer_first")
    errors = []
    if not _text(question, MAX_TEXT):
        errors.append(FieldError("faq_question", "participation.question_required"))
    if not _text(text, MAX_TEXT):
        errors.append(FieldError("faq_answer", "participation.answer_required"))
    if errors:
        raise ValidationFailed(errors)
    published = {"faq_question": _text(question, MAX_TEXT), "faq_answer": _text(text, MAX_TEXT)}
    refuse_personal_data(published, today=china_today(now),
                         person=known_person(db, user_id=inquiry.user_id),
                         public_numbers=public_numbers())
    inquiry.faq_question, inquiry.faq_answer = published["faq_question"], published["faq_answer"]
    inquiry.faq_published_at = now or utcnow()
    db.add(inquiry)
    audit.record(db, actor=Actor(user.id, user.username, user.role, user.office_code, ip),
                 action="publication.faq", target_type="inquiry", target_id=inquiry.tracking_no)
    db.commit()


def withdraw_faq(db: Session, *, user: CurrentUser, inquiry_id: int,
                 ip: str | None = None) -> None:
    """Take a question off the public FAQ."""
    inquiry = _staff_inquiry(db, user, inquiry_id, ip)
    inquiry.faq_published_at = None
    db.add(inquiry)
    audit.record(db, actor=Actor(user.id, user.username, user.role, user.office_code, ip),
                 action="publication.faq_withdraw", target_type="inquiry",
                 target_id=inquiry.tracking_no)
    db.commit()


@dataclass(frozen=True)
class FaqEntry:
    """A published question and answer (anonymised)."""

    question: str
    answer: str
    office_zh: str
    office_en: str
    published: str


def search_faq(db: Session, *, query: str = "", limit: int = 50) -> list[FaqEntry]:
    """Published questions, newest first, whose question or answer contains the words."""
    statement = select(Inquiry).where(col(Inquiry.faq_published_at).is_not(None))
    for word in query.split()[:5]:
        pattern = f"%{word[:40]}%"
        statement = statement.where(or_(col(Inquiry.faq_question).like(pattern),
                                        col(Inquiry.faq_answer).like(pattern)))
    rows = db.exec(statement.order_by(col(Inquiry.faq_published_at).desc()).limit(limit)).all()
    result = []
    for inquiry in rows:
        office = db.get(Office, inquiry.office_code)
        assert inquiry.faq_published_at is not None
        result.append(FaqEntry(inquiry.faq_question or "", inquiry.faq_answer or "",
                               office.name_zh if office else "",
                               office.name_en if office else "",
                               inquiry.faq_published_at.astimezone(CHINA_TZ).date().isoformat()))
    return result


def view_for_staff(db: Session, *, user: CurrentUser, inquiry_id: int,
                   ip: str | None = None) -> InquiryView:
    """One question for an officer whose jurisdiction covers it (a refusal is logged)."""
    return _view(db, _staff_inquiry(db, user, inquiry_id, ip))


def office_of(db: Session, *, inquiry_id: int) -> str:
    """The office code of a question (for live updates)."""
    inquiry = db.get(Inquiry, inquiry_id)
    return inquiry.office_code if inquiry else ""
