"""Documents uploaded with an application.

Checked on the server whatever the browser claims: size (the browser's limit is a courtesy),
type by content (PDF, JPEG, PNG; the name must agree), and count. Stored under the private
data directory with generated names (the uploaded name is only shown, never used as a path),
and served only through an authorised endpoint.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from convenience_center.domain.cases import DraftStatus
from convenience_center.domain.errors import NotFound, Refused
from convenience_center.domain.text import without_invisible
from convenience_center.domain.wizard import needed_materials
from convenience_center.models import ApplicationDraft, Attachment, utcnow
from convenience_center.services.drafts import draft_matter, open_draft
from convenience_center.settings import get_settings

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_MATERIAL = 5
MAX_FILES_PER_DRAFT = 40
TYPES = {  # content type → extensions its name may have
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
# The disk (or the data directory's quota) is full: the upload is refused, not failed.
NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})

log = logging.getLogger("convenience_center.attachments")


def sniff(data: bytes) -> str | None:
    """The content type of ``data`` by its first bytes, among the accepted ones."""
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]:
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff") and data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return "image/png"
    return None


def display_name(raw: str) -> str:
    """A harmless name to show: the last path part, no control, reserved or invisible
    characters (a right-to-left override, U+202E, would show ``invoice<U+202E>gpj.pdf`` as
    "invoicefdp.jpg")."""
    name = without_invisible(unicodedata.normalize("NFKC", raw or ""))
    name = name.replace("\\", "/").split("/")[-1]
    name = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "", name).strip().lstrip(".")
    if len(name) > 100:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 100 - len(ext) - 1] + dot + ext) if dot else name[:100]
    return name or "file"


def check_upload(filename: str, data: bytes) -> tuple[str, str]:
    """``(content type, display name)`` of an acceptable file, else :class:`Refused`."""
    if not data:
        raise Refused("upload.empty")
    if len(data) > MAX_BYTES:
        raise Refused("upload.too_large", limit="10 MB")
    name = display_name(filename)
    extension = os.path.splitext(name)[1].lower()
    content_type = sniff(data)
    if content_type is None:
        raise Refused("upload.wrong_type")
    if extension not in TYPES[content_type]:
        raise Refused("upload.name_mismatch")
    return content_type, name


def store_file(data: bytes, extension: str) -> str:
    """Write the bytes under the private directory; returns the path relative to it.

    Written under a temporary name in the target's directory, flushed to disk, then renamed
    (and the rename flushed): a reader never sees half a file, and a write that fails leaves
    nothing behind. A full disk or quota is :class:`Refused` (``upload.no_space``), and
    logged, so that the page says so and an operator hears of it; ``tests/faults/
    test_uploads_disk_full.py`` drills it on a full filesystem."""
    now = utcnow()
    relative = Path("attachments") / f"{now:%Y}" / f"{now:%m}" / \
        f"{secrets.token_hex(16)}{extension}"
    target = get_settings().private_dir / relative
    temporary = target.with_suffix(".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
            _sync_directory(target.parent)
        except BaseException:
            temporary.unlink(missing_ok=True)
            target.unlink(missing_ok=True)
            raise
    except OSError as exc:
        if exc.errno not in NO_SPACE:
            raise
        log.warning("no space left for an uploaded file (%d bytes) in %s: %s", len(data),
                    target.parent, exc.strerror)
        raise Refused("upload.no_space") from exc
    return str(relative)


@dataclass
class WrittenFiles:
    """The files written for one transaction (see :func:`kept_if_committed`)."""

    paths: list[Path] = field(default_factory=list)

    def store(self, data: bytes, extension: str) -> str:
        """:func:`store_file`, remembered to be removed if the transaction does not commit."""
        relative = store_file(data, extension)
        self.paths.append(get_settings().private_dir / relative)
        return relative

    def discard(self) -> None:
        for path in self.paths:
            path.unlink(missing_ok=True)
        self.paths.clear()


@contextmanager
def kept_if_committed() -> Iterator[WrittenFiles]:
    """Files written inside are removed again when the block raises (a later file found no
    room, the commit failed): the rows and their files, all or none. The block ends with the
    commit."""
    written = WrittenFiles()
    try:
        yield written
    except BaseException:
        written.discard()
        raise


def _sync_directory(folder: Path) -> None:
    """Flush a directory's entries (a rename in it) to disk."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
    from convenience_center.models import Case, Complaint, Publication
    from convenience_center.services.jurisdiction import covers

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
