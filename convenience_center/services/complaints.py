"""Complaints and suggestions (投诉建议): a tracking number, an accountable handler, a reply
within the time limit, the citizen's verdict on the reply, reopening when unsatisfied.

This module is the author's side: sending a complaint with its files, adding documents,
the author's list and verdict. The handling offices' side is services/complaint_handling.py;
what both see of a complaint, services/complaint_records.py.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

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
    Office,
    User,
    utcnow,
)
from convenience_center.models.lengths import max_length
from convenience_center.services import audit
from convenience_center.services.audit import Actor
from convenience_center.services.common import (
    china_today,
)
from convenience_center.services.complaint_records import (
    ComplaintView,
    add_event,
    clean_text,
    view_of,
)
from convenience_center.services.counters import next_number
from convenience_center.services.private_files import (
    WrittenFiles,
    check_upload,
    display_name,
    kept_if_committed,
)
from convenience_center.services.staff_queues import code_range

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
    if kind == "personnel" and not clean_text(about_person, max_length(Complaint, "about_person")):
        errors.append(FieldError("about_person", "participation.person_required"))
    if not clean_text(subject, MAX_SUBJECT):
        errors.append(FieldError("subject", "participation.subject_required"))
    if not clean_text(body, MAX_TEXT):
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
    person = (clean_text(about_person, max_length(Complaint, "about_person"))
              if kind == "personnel" else None)
    complaint = Complaint(
        tracking_no=number, user_id=user_id, kind=kind, office_code=office.code,
        about_person=person, about_user_id=_staff_named(db, person, office.code),
        case_no=case.case_no if case else None, subject=clean_text(subject, MAX_SUBJECT),
        body=clean_text(body, MAX_TEXT), lang=user.lang, created_at=now,
        due_date=add_working_days(today, COMPLAINT_REPLY_DAYS))
    db.add(complaint)
    db.flush()
    with kept_if_committed() as written:
        _store(db, complaint, user_id, checked, written)
        add_event(db, complaint, user_id, "submit", f"已提交至{office.name_zh}。",
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


def mine(db: Session, *, user_id: int) -> list[ComplaintView]:
    """The citizen's complaints and suggestions, newest first."""
    rows = db.exec(select(Complaint).where(Complaint.user_id == user_id)
                   .order_by(col(Complaint.id).desc()).limit(100)).all()
    return [view_of(db, c, staff=False) for c in rows]


def judge_reply(db: Session, *, user_id: int, tracking_no: str, satisfied: bool,
                comment: str = "", now: datetime | None = None) -> Complaint:
    """The citizen says whether the reply satisfies them: closed, or reopened."""
    complaint = _own(db, user_id, tracking_no)
    if complaint.status != ComplaintStatus.REPLIED:
        raise ValidationFailed.single("satisfaction", "participation.not_replied")
    now = now or utcnow()
    note = clean_text(comment, 1000)
    if satisfied:
        complaint.status, complaint.satisfaction = ComplaintStatus.CLOSED, "satisfied"
        add_event(db, complaint, user_id, "satisfied", "申请人对答复满意，已办结。",
               "The citizen is satisfied with the reply; closed.", now)
    else:
        complaint.status, complaint.satisfaction = ComplaintStatus.REOPENED, "unsatisfied"
        complaint.reopened += 1
        complaint.due_date = reopened_due_date(complaint, now)
        due = complaint.due_date.isoformat()
        add_event(db, complaint, user_id, "reopen",
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
    return view_of(db, _own(db, user_id, tracking_no), staff=False)
