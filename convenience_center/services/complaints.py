"""Complaints and suggestions (投诉建议): a tracking number, an accountable handler, a reply
within the time limit, the citizen's verdict on the reply, reopening when unsatisfied.

A complaint about a member of staff is never shown to that person's own account: not in
lists, not by address, not by handler call.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, or_, select

from convenience_center.domain.errors import (
    FieldError,
    NotAllowed,
    NotFound,
    Refused,
    ValidationFailed,
)
from convenience_center.domain.participation import (
    COMPLAINT_KINDS,
    COMPLAINT_REPLY_DAYS,
    MAX_SUBJECT,
    MAX_TEXT,
    ComplaintStatus,
    tracking_number,
)
from convenience_center.domain.working_days import add_working_days
from convenience_center.models import (
    Attachment,
    Case,
    Complaint,
    FeedbackEvent,
    Office,
    User,
    utcnow,
)
from convenience_center.models.lengths import clip, max_length
from convenience_center.services import audit, mail
from convenience_center.services.attachments import (
    WrittenFiles,
    check_upload,
    display_name,
    kept_if_committed,
)
from convenience_center.services.audit import Actor
from convenience_center.services.common import (
    CurrentUser,
    china_today,
    local_time_text,
    public_link,
)
from convenience_center.services.counters import next_number
from convenience_center.services.jurisdiction import covers

STAFF_ROLES = ("province", "city", "county", "township")
MAX_FILES_AT_SUBMISSION = 3
MAX_FILES = 5


class ComplaintRefused(ValidationFailed):
    """Refused input, with the parameters of its messages (the name of a refused file)."""

    def __init__(self, errors: list[FieldError], params: dict[str, str]) -> None:
        super().__init__(errors)
        self.params = params


@dataclass(frozen=True)
class CheckedFile:
    """An uploaded file that passed the checks, not stored yet."""

    data: bytes
    content_type: str
    name: str


def _check_files(files: Sequence[tuple[str, bytes]]
                 ) -> tuple[list[CheckedFile], FieldError | None, dict[str, str]]:
    """The files sent with a complaint, checked like an application's documents: the good
    ones, else the first problem (naming the refused file)."""
    if len(files) > MAX_FILES_AT_SUBMISSION:
        return [], FieldError("files", "complaints.too_many_files"), {
            "limit": str(MAX_FILES_AT_SUBMISSION)}
    checked = []
    for filename, data in files:
        try:
            content_type, name = check_upload(filename, data)
        except Refused as refusal:
            return [], FieldError("files", "complaints.file_refused." + refusal.code), {
                "name": display_name(filename)[:100], **refusal.params}
        checked.append(CheckedFile(data, content_type, name))
    return checked, None, {}


def _store(db: Session, complaint: Complaint, user_id: int, checked: Sequence[CheckedFile],
           written: WrittenFiles) -> None:
    """Store the complaint's files and their rows; a file that finds no room (a full disk)
    refuses the complaint at its files field, naming the file, with nothing of it kept (the
    files stored before it are removed as the caller's block ends)."""
    for good in checked:
        try:
            stored = written.store(good.data, os.path.splitext(good.name)[1].lower())
        except Refused as refusal:
            db.rollback()
            raise ComplaintRefused(
                [FieldError("files", "complaints.file_refused." + refusal.code)],
                {"name": good.name, **refusal.params}) from refusal
        db.add(Attachment(public_id=secrets.token_hex(12), complaint_id=complaint.id,
                          owner_id=user_id, material_code="complaint", display_name=good.name,
                          stored_path=stored, content_type=good.content_type,
                          size=len(good.data), sha256=hashlib.sha256(good.data).hexdigest()))


def _text(value: str, limit: int) -> str:
    return (value or "").strip()[:limit]


def _event(db: Session, complaint: Complaint, actor_id: int | None, action: str, zh: str,
           en: str, now: datetime, note: str | None = None) -> None:
    assert complaint.id is not None
    db.add(FeedbackEvent(subject_type="complaint", subject_id=complaint.id, at=now,
                         actor_id=actor_id, action=action,
                         message_zh=clip(FeedbackEvent, "message_zh", zh),
                         message_en=clip(FeedbackEvent, "message_en", en), note=note))


def submit(db: Session, *, user_id: int, kind: str, office_code: str, about_person: str,
           case_no: str, subject: str, body: str, files: Sequence[tuple[str, bytes]] = (),
           ip: str | None = None, now: datetime | None = None) -> Complaint:
    """File a complaint or a suggestion, with up to three documents (name, bytes): all of it
    or, if anything is refused (a file on a full disk too), nothing: no row, no file."""
    user = db.get(User, user_id)
    if user is None or user.role != "citizen":
        raise NotAllowed("complain")
    errors: list[FieldError] = []
    if kind not in COMPLAINT_KINDS:
        errors.append(FieldError("kind", "participation.kind_required"))
    office = db.get(Office, office_code) if office_code else None
    case = None
    if kind == "case":
        case = db.exec(select(Case).where(Case.case_no == case_no.strip(),
                                          Case.applicant_id == user_id)).first()
        if case is None:
            errors.append(FieldError("case_no", "participation.case_unknown"))
        else:
            office = db.get(Office, case.office_code)
    if office is None and kind != "case":  # a case brings its own office
        errors.append(FieldError("office", "participation.office_required"))
    if kind == "personnel" and not _text(about_person, max_length(Complaint, "about_person")):
        errors.append(FieldError("about_person", "participation.person_required"))
    if not _text(subject, MAX_SUBJECT):
        errors.append(FieldError("subject", "participation.subject_required"))
    if not _text(body, MAX_TEXT):
        errors.append(FieldError("body", "participation.body_required"))
    checked, file_error, params = _check_files(files)
    if file_error is not None:
        errors.append(file_error)
    if errors:
        raise ComplaintRefused(errors, params)
    assert office is not None
    now = now or utcnow()
    today = china_today(now)
    number = tracking_number("TS", f"{today:%Y%m%d}",
                             next_number(db, scope="TS", key=f"{today:%Y%m%d}"))
    person = (_text(about_person, max_length(Complaint, "about_person"))
              if kind == "personnel" else None)
    complaint = Complaint(
        tracking_no=number, user_id=user_id, kind=kind, office_code=office.code,
        about_person=person, about_user_id=_staff_named(db, person, office.code),
        case_no=case.case_no if case else None, subject=_text(subject, MAX_SUBJECT),
        body=_text(body, MAX_TEXT), lang=user.lang, created_at=now,
        due_date=add_working_days(today, COMPLAINT_REPLY_DAYS))
    db.add(complaint)
    db.flush()
    with kept_if_committed() as written:
        _store(db, complaint, user_id, checked, written)
        _event(db, complaint, user_id, "submit", f"已提交至{office.name_zh}。",
               f"Sent to {office.name_en}.", now)
        audit.record(db, actor=Actor(user.id, user.username, user.role, None, ip),
                     action="complaint.submit", target_type="complaint", target_id=number)
        db.commit()
    return complaint


def _staff_named(db: Session, name: str | None, office_code: str) -> int | None:
    """The staff account the complaint is about, when exactly one officer of the office (or
    of the offices below it) has that name."""
    if not name:
        return None
    from convenience_center.services.staff_queues import code_range

    low, high = code_range(office_code)
    matches = db.exec(select(User.id).where(User.real_name == name,
                                            col(User.role).in_(STAFF_ROLES),
                                            col(User.office_code) >= low,
                                            col(User.office_code) < high)).all()
    return matches[0] if len(matches) == 1 else None


def _own(db: Session, user_id: int, tracking_no: str) -> Complaint:
    complaint = db.exec(select(Complaint).where(Complaint.tracking_no == tracking_no,
                                                Complaint.user_id == user_id)).first()
    if complaint is None:
        raise NotFound(tracking_no)
    return complaint


def _for_staff(db: Session, user: CurrentUser, complaint_id: int, ip: str | None) -> Complaint:
    complaint = db.get(Complaint, complaint_id)
    if complaint is None or not user.is_staff or not user.office_code \
            or complaint.about_user_id == user.id \
            or not covers(db, staff_office=user.office_code, case_office=complaint.office_code):
        audit.log_refusal(db, user=user, ip=ip, attempted=f"complaint {complaint_id}")
        raise NotAllowed("complaint")
    return complaint


def add_attachment(db: Session, *, user_id: int, tracking_no: str, filename: str,
                   data: bytes) -> Attachment:
    """Attach a document to one's own open complaint (same checks as applications)."""
    complaint = _own(db, user_id, tracking_no)
    if complaint.status == ComplaintStatus.CLOSED:
        raise NotFound(tracking_no)
    content_type, name = check_upload(filename, data)
    count = len(db.exec(select(Attachment.id).where(Attachment.complaint_id == complaint.id,
                                                     col(Attachment.deleted_at).is_(None))).all())
    if count >= MAX_FILES:
        raise Refused("upload.too_many_for_material", limit=str(MAX_FILES))
    with kept_if_committed() as written:  # the file goes if its row does not commit
        attachment = Attachment(
            public_id=secrets.token_hex(12), complaint_id=complaint.id, owner_id=user_id,
            material_code="complaint", display_name=name,
            stored_path=written.store(data, os.path.splitext(name)[1].lower()),
            content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest())
        db.add(attachment)
        db.commit()
    return attachment


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


def _view(db: Session, complaint: Complaint, *, staff: bool) -> ComplaintView:
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


def mine(db: Session, *, user_id: int) -> list[ComplaintView]:
    """The citizen's complaints and suggestions, newest first."""
    rows = db.exec(select(Complaint).where(Complaint.user_id == user_id)
                   .order_by(col(Complaint.id).desc()).limit(100)).all()
    return [_view(db, c, staff=False) for c in rows]


def for_staff(db: Session, *, user: CurrentUser, status: str = "") -> list[ComplaintView]:
    """Complaints to the officer's office and below, except those about the officer."""
    if not user.is_staff or not user.office_code:
        raise NotAllowed("complaints")
    from convenience_center.services.staff_queues import code_range

    low, high = code_range(user.office_code)
    statement = select(Complaint).where(
        col(Complaint.office_code) >= low, col(Complaint.office_code) < high,
        or_(col(Complaint.about_user_id).is_(None), col(Complaint.about_user_id) != user.id))
    if status:
        statement = statement.where(Complaint.status == status)
    rows = db.exec(statement.order_by(col(Complaint.id).desc()).limit(200)).all()
    return [_view(db, c, staff=True) for c in rows]


def handlers(db: Session, *, user: CurrentUser, complaint_id: int,
             ip: str | None = None) -> list[tuple[int, str]]:
    """Officers who may be made accountable for a complaint (not the person complained of)."""
    complaint = _for_staff(db, user, complaint_id, ip)
    from convenience_center.services.staff_queues import code_range

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
    _event(db, complaint, user.id, "assign", "已指定承办人，正在处理。",
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
    body = _text(text, MAX_TEXT)
    if not body:
        raise ValidationFailed.single("reply", "participation.reply_required")
    now = now or utcnow()
    complaint.reply, complaint.replied_at, complaint.status = body, now, ComplaintStatus.REPLIED
    complaint.satisfaction = None
    complaint.version += 1
    db.add(complaint)
    _event(db, complaint, user.id, "reply", "已答复：" + body, "Replied: " + body, now)
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


def judge_reply(db: Session, *, user_id: int, tracking_no: str, satisfied: bool,
                comment: str = "", now: datetime | None = None) -> Complaint:
    """The citizen says whether the reply satisfies them: closed, or reopened."""
    complaint = _own(db, user_id, tracking_no)
    if complaint.status != ComplaintStatus.REPLIED:
        raise ValidationFailed.single("satisfaction", "participation.not_replied")
    now = now or utcnow()
    note = _text(comment, 1000)
    if satisfied:
        complaint.status, complaint.satisfaction = ComplaintStatus.CLOSED, "satisfied"
        _event(db, complaint, user_id, "satisfied", "申请人对答复满意，已办结。",
               "The citizen is satisfied with the reply; closed.", now)
    else:
        complaint.status, complaint.satisfaction = ComplaintStatus.REOPENED, "unsatisfied"
        complaint.reopened += 1
        complaint.due_date = reopened_due_date(complaint, now)
        due = complaint.due_date.isoformat()
        _event(db, complaint, user_id, "reopen",
               f"申请人对答复不满意，已重新办理，须在 {due} 前再次答复。"
               + (f"意见：{note}" if note else ""),
               f"The citizen is not satisfied with the reply; reopened, to be answered again "
               f"by {due}." + (f" Comment: {note}" if note else ""), now)
    complaint.version += 1
    db.add(complaint)
    db.commit()
    return complaint


def reopened_due_date(complaint: Complaint, now: datetime) -> date:
    """The new reply deadline of a reopened complaint: a full time limit again, counted from
    the day it is reopened (never earlier than the deadline it had)."""
    fresh = add_working_days(china_today(now), COMPLAINT_REPLY_DAYS)
    return max(fresh, complaint.due_date) if complaint.due_date else fresh


def view_own(db: Session, *, user_id: int, tracking_no: str) -> ComplaintView:
    """One of the citizen's complaints."""
    return _view(db, _own(db, user_id, tracking_no), staff=False)


def view_for_staff(db: Session, *, user: CurrentUser, complaint_id: int,
                   ip: str | None = None) -> ComplaintView:
    """One complaint for a handling officer."""
    return _view(db, _for_staff(db, user, complaint_id, ip), staff=True)


def office_of(db: Session, *, complaint_id: int) -> str:
    """The office code of a complaint (for live updates)."""
    complaint = db.get(Complaint, complaint_id)
    return complaint.office_code if complaint else ""


def handler_of(db: Session, *, complaint_id: int) -> int | None:
    """The user id of the accountable handler, if any (the reply form is theirs alone)."""
    complaint = db.get(Complaint, complaint_id)
    return complaint.handler_id if complaint else None
