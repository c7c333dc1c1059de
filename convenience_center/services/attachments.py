"""Documents uploaded with an application: attached to a draft's materials, removed, listed,
and read by those who may (the file checks and storage are ``services.private_files``).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from convenience_center.domain.cases import DraftStatus
from convenience_center.domain.errors import NotFound, Refused
from convenience_center.domain.wizard import needed_materials
from convenience_center.models import (
    ApplicationDraft,
    Attachment,
    Case,
    Complaint,
    Publication,
    utcnow,
)
from convenience_center.services.drafts import draft_matter, open_draft
from convenience_center.services.jurisdiction import covers
from convenience_center.services.private_files import check_upload, kept_if_committed
from convenience_center.settings import get_settings

MAX_FILES_PER_MATERIAL = 5
MAX_FILES_PER_DRAFT = 40


def add_attachment(db: Session, *, user_id: int, public_id: str, material_code: str,
                   filename: str, data: bytes) -> Attachment:
    """Attach a document to one of the draft's materials."""
    draft = open_draft(db, user_id=user_id, public_id=public_id)
    _service, matter = draft_matter(draft)
    materials = {m.code: m for m in needed_materials(matter, draft.answers) if m.upload}
    if material_code not in materials:
        raise Refused("upload.unknown_material")
    content_type, name = check_upload(filename, data)
    assert draft.id is not None
    current = db.exec(select(Attachment.material_code).where(
        Attachment.draft_id == draft.id, col(Attachment.deleted_at).is_(None))).all()
    if len(current) >= MAX_FILES_PER_DRAFT:
        raise Refused("upload.too_many")
    if sum(1 for code in current if code == material_code) >= MAX_FILES_PER_MATERIAL:
        raise Refused("upload.too_many_for_material", limit=str(MAX_FILES_PER_MATERIAL))
    extension = os.path.splitext(name)[1].lower()
    with kept_if_committed() as written:  # the file goes if its row does not commit
        attachment = Attachment(public_id=secrets.token_hex(12), draft_id=draft.id,
                                owner_id=user_id, material_code=material_code,
                                display_name=name, stored_path=written.store(data, extension),
                                content_type=content_type, size=len(data),
                                sha256=hashlib.sha256(data).hexdigest())
        db.add(attachment)
        draft.updated_at = utcnow()
        db.add(draft)
        db.commit()
    return attachment


def remove_attachment(db: Session, *, user_id: int, public_id: str,
                      attachment_id: str) -> None:
    """Remove a document from a draft (only while it is a draft)."""
    draft = open_draft(db, user_id=user_id, public_id=public_id)
    attachment = db.exec(select(Attachment).where(Attachment.public_id == attachment_id,
                                                  Attachment.draft_id == draft.id,
                                                  col(Attachment.case_id).is_(None),
                                                  col(Attachment.deleted_at).is_(None))).first()
    if attachment is None:  # documents already part of a case stay on file
        raise NotFound(attachment_id)
    _discard(attachment)
    db.add(attachment)
    db.commit()


def _discard(attachment: Attachment) -> None:
    attachment.deleted_at = utcnow()
    path = get_settings().private_dir / attachment.stored_path
    path.unlink(missing_ok=True)


def discard_draft_files(db: Session, *, draft_id: int) -> None:
    """Remove every document of a deleted draft (the caller commits)."""
    for attachment in db.exec(select(Attachment).where(Attachment.draft_id == draft_id,
                                                       col(Attachment.deleted_at).is_(None))):
        _discard(attachment)
        db.add(attachment)


def delete_draft(db: Session, *, user_id: int, public_id: str) -> None:
    """Delete a draft and its documents (here rather than in ``applications``, which this
    module builds on: the documents are this module's)."""
    draft = open_draft(db, user_id=user_id, public_id=public_id)
    draft.status = DraftStatus.DELETED
    draft.updated_at = utcnow()
    db.add(draft)
    assert draft.id is not None
    discard_draft_files(db, draft_id=draft.id)
    db.commit()


@dataclass(frozen=True)
class AttachmentView:
    """A document as lists show it (no storage path)."""

    public_id: str
    material_code: str
    name: str
    size: int
    content_type: str


def draft_attachments(db: Session, *, user_id: int, public_id: str) -> list[AttachmentView]:
    """The documents of the user's draft."""
    return attachments_of_draft(db, draft=open_draft(db, user_id=user_id, public_id=public_id))


def attachments_of_draft(db: Session, *, draft: ApplicationDraft) -> list[AttachmentView]:
    """The documents of a draft already opened for its owner."""
    return _views(db, Attachment.draft_id == draft.id)


def case_attachments(db: Session, *, case_id: int) -> list[AttachmentView]:
    """The documents of a case (the caller has checked who may see them)."""
    return _views(db, Attachment.case_id == case_id)


def _views(db: Session, condition: ColumnElement[bool] | bool) -> list[AttachmentView]:
    rows = db.exec(select(Attachment).where(condition, col(Attachment.deleted_at).is_(None))
                   .order_by(col(Attachment.id))).all()
    return [AttachmentView(a.public_id, a.material_code, a.display_name, a.size,
                           a.content_type) for a in rows]


@dataclass(frozen=True)
class StoredFile:
    """A document to send to an authorised reader."""

    path: Path
    name: str
    content_type: str


STAFF_ROLES = frozenset({"province", "city", "county", "township"})


class FileRefused(NotFound):
    """The file exists but this user may not read it (answered as "not found", and logged)."""


def readable_file(db: Session, *, attachment_id: str, user_id: int | None, role: str,
                  office_code: str | None) -> StoredFile:
    """The file of an attachment, if this user may read it. Anyone else: ``NotFound``.

    - the person who uploaded it;
    - for a case: staff whose jurisdiction covers the case's office;
    - for a complaint: staff whose jurisdiction covers it, except the person complained of;
    - for a publication: everyone once it is published, its office's staff before.

    Anyone else gets :class:`FileRefused` (a ``NotFound``), for the caller to log.
    """
    attachment = db.exec(select(Attachment).where(Attachment.public_id == attachment_id,
                                                  col(Attachment.deleted_at).is_(None))).first()
    if attachment is None:
        raise NotFound(attachment_id)
    staff = role in STAFF_ROLES and office_code is not None
    allowed = user_id is not None and attachment.owner_id == user_id
    if not allowed and attachment.case_id is not None and staff:
        case = db.get(Case, attachment.case_id)
        allowed = case is not None and covers(db, staff_office=office_code or "",
                                              case_office=case.office_code)
    if not allowed and attachment.complaint_id is not None and staff:
        complaint = db.get(Complaint, attachment.complaint_id)
        allowed = complaint is not None and complaint.about_user_id != user_id and covers(
            db, staff_office=office_code or "", case_office=complaint.office_code)
    if not allowed and attachment.publication_id is not None:
        publication = db.get(Publication, attachment.publication_id)
        allowed = publication is not None and (
            publication.status == "published" or (staff and publication.office_code ==
                                                  office_code))
    if not allowed:
        raise FileRefused(attachment_id)
    return StoredFile(get_settings().private_dir / attachment.stored_path,
                      attachment.display_name, attachment.content_type)
