"""Uploads: checked by size and content on the server, stored privately."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from convenience_center.domain.errors import NotFound, Refused
from convenience_center.services import (
    admin_users,
    attachments,
    complaints,
    private_files,
    publications,
)
from convenience_center.services.offices import seed_offices
from convenience_center.settings import get_settings
from tests.services.helpers import current, make_admin, register
from tests.services.test_applications import PDF, complete_draft
from tests.services.test_workflow import officer

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
       b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05"
       b"\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 40 + b"\xff\xd9"


@pytest.fixture
def draft(db: Session) -> tuple[int, str]:
    user_id, public_id, _ = complete_draft(db)
    return user_id, public_id


def upload(db: Session, draft: tuple[int, str], name: str, data: bytes,
           material: str = "id_cards"):  # type: ignore[no-untyped-def]
    return attachments.add_attachment(db, user_id=draft[0], public_id=draft[1],
                                      material_code=material, filename=name, data=data)


def refused(db: Session, draft: tuple[int, str], name: str, data: bytes) -> str:
    with pytest.raises(Refused) as info:
        upload(db, draft, name, data)
    return info.value.code


def test_pdf_jpeg_and_png_are_accepted_and_stored_privately(db: Session, draft):
    for name, data, kind in (("身份证.pdf", PDF, "application/pdf"),
                             ("photo.JPG", JPEG, "image/jpeg"), ("scan.png", PNG, "image/png")):
        attachment = upload(db, draft, name, data, material="hukou_book")
        assert attachment.content_type == kind and attachment.display_name == name
        path = get_settings().private_dir / attachment.stored_path
        assert path.read_bytes() == data
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert name not in attachment.stored_path


def test_the_size_limit_is_enforced_on_the_server(db: Session, draft):
    head, tail = b"%PDF-1.4\n", b"\n%%EOF\n"

    def pdf_of(size: int) -> bytes:
        return head + b" " * (size - len(head) - len(tail)) + tail

    exactly, one_more = pdf_of(private_files.MAX_BYTES), pdf_of(private_files.MAX_BYTES + 1)
    assert len(exactly) == private_files.MAX_BYTES
    assert upload(db, draft, "big.pdf", exactly).size == private_files.MAX_BYTES
    assert refused(db, draft, "big.pdf", one_more) == "upload.too_large"


def test_empty_renamed_and_disguised_files_are_refused(db: Session, draft):
    assert refused(db, draft, "empty.pdf", b"") == "upload.empty"
    assert refused(db, draft, "a.pdf.exe", PDF) == "upload.name_mismatch"
    assert refused(db, draft, "program.pdf", b"MZ\x90\x00" + b"\x00" * 60) == "upload.wrong_type"
    assert refused(db, draft, "image.pdf", PNG) == "upload.name_mismatch"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert refused(db, draft, "drawing.svg", svg) == "upload.wrong_type"
    assert refused(db, draft, "drawing.png", svg) == "upload.wrong_type"


def test_path_names_are_only_names(db: Session, draft):
    attachment = upload(db, draft, "../../etc/passwd.pdf", PDF)
    assert attachment.display_name == "passwd.pdf"
    resolved = (get_settings().private_dir / attachment.stored_path).resolve()
    assert resolved.is_relative_to(get_settings().private_dir.resolve())
    windows = upload(db, draft, "..\\..\\windows\\evil.pdf", PDF)
    assert windows.display_name == "evil.pdf"


def test_at_most_five_files_per_document(db: Session, draft):
    for i in range(attachments.MAX_FILES_PER_MATERIAL - 1):  # complete_draft uploaded one
        upload(db, draft, f"page{i}.pdf", PDF)
    assert refused(db, draft, "page9.pdf", PDF) == "upload.too_many_for_material"


def test_only_materials_of_the_application_take_files(db: Session, draft):
    with pytest.raises(Refused) as info:
        upload(db, draft, "x.pdf", PDF, material="something-else")
    assert info.value.code == "upload.unknown_material"


def test_only_the_owner_reads_a_draft_file(db: Session, draft):
    attachment = upload(db, draft, "mine.pdf", PDF)
    mine = attachments.readable_file(db, attachment_id=attachment.public_id, user_id=draft[0],
                                     role="citizen", office_code=None)
    assert mine.path.read_bytes() == PDF
    stranger, _ = register(db)
    with pytest.raises(NotFound):
        attachments.readable_file(db, attachment_id=attachment.public_id, user_id=stranger.id,
                                  role="citizen", office_code=None)
    with pytest.raises(NotFound):  # staff see case files only, not drafts
        attachments.readable_file(db, attachment_id=attachment.public_id, user_id=stranger.id,
                                  role="county", office_code="410105")


@pytest.mark.parametrize(("failure", "refusal"), [(errno.ENOSPC, "upload.no_space"),
                                                  (errno.EDQUOT, "upload.no_space"),
                                                  (errno.EIO, None)])
def test_a_write_that_fails_leaves_no_file_and_no_row(db: Session, draft,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      failure: int, refusal: str | None):
    """The bytes are written, then flushing them to disk fails (a full disk or quota is
    refused with its message, anything else is raised as it is); the drill on a real full
    filesystem is tests/faults/test_uploads_disk_full.py."""
    folder = get_settings().private_dir / "attachments"
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    rows = attachments.draft_attachments(db, user_id=draft[0], public_id=draft[1])

    def fail(_fd: int) -> None:
        raise OSError(failure, os.strerror(failure))

    monkeypatch.setattr(private_files.os, "fsync", fail)
    if refusal is None:
        with pytest.raises(OSError) as raised:
            upload(db, draft, "scan.pdf", PDF)
        assert raised.value.errno == failure and not isinstance(raised.value, Refused)
    else:
        assert refused(db, draft, "scan.pdf", PDF) == refusal
    db.rollback()
    assert sorted(p for p in folder.rglob("*") if p.is_file()) == files
    assert attachments.draft_attachments(db, user_id=draft[0], public_id=draft[1]) == rows


def refuse_attachment_rows(db: Session) -> None:
    """Make the database itself refuse every new attachment row (a real constraint: a CHECK
    no row meets on PostgreSQL, a trigger on SQLite), so that the commit after the file is
    written fails as a real database would."""
    if db.get_bind().dialect.name == "postgresql":
        statement = ("ALTER TABLE attachment ADD CONSTRAINT the_test_refuses_rows "
                     "CHECK (size < 0) NOT VALID")
    else:
        statement = ("CREATE TRIGGER the_test_refuses_rows BEFORE INSERT ON attachment "
                     "BEGIN SELECT RAISE(ABORT, 'the test refuses attachment rows'); END")
    db.exec(text(statement))  # type: ignore[call-overload]
    db.commit()


def stored_files() -> list[Path]:
    return sorted(p for p in get_settings().private_dir.rglob("*") if p.is_file())


def test_a_document_whose_row_is_not_committed_leaves_no_file(db: Session, draft):
    files = stored_files()
    rows = attachments.draft_attachments(db, user_id=draft[0], public_id=draft[1])
    refuse_attachment_rows(db)
    with pytest.raises(IntegrityError):
        upload(db, draft, "scan.pdf", PDF)
    db.rollback()
    assert stored_files() == files
    assert attachments.draft_attachments(db, user_id=draft[0], public_id=draft[1]) == rows


def test_a_complaints_document_whose_row_is_not_committed_leaves_no_file(db: Session):
    seed_offices(db)
    author, _ = register(db)
    assert author.id is not None
    complaint = complaints.submit(db, user_id=author.id, kind="office", office_code="410105",
                                  about_person="", case_no="", subject="窗口排队太久",
                                  body="等了两小时")
    files = stored_files()
    refuse_attachment_rows(db)
    for documents in ([], [("小票.pdf", PDF)]):  # sent with a new complaint, or added after
        with pytest.raises(IntegrityError):
            if documents:
                complaints.submit(db, user_id=author.id, kind="office", office_code="410105",
                                  about_person="", case_no="", subject="又排队",
                                  body="又等了两小时", files=documents)
            else:
                complaints.add_attachment(db, user_id=author.id,
                                          tracking_no=complaint.tracking_no,
                                          filename="小票.pdf", data=PDF)
        db.rollback()
        assert stored_files() == files
    assert [v.files for v in complaints.mine(db, user_id=author.id)] == [[]]


def test_a_publications_document_whose_row_is_not_committed_leaves_no_file(db: Session):
    seed_offices(db)
    author = officer(db, "city", "410100")
    admin_users.set_publishing(db, actor=current(make_admin(db)), ip=None, user_id=author.id,
                               allowed=True)
    item = publications.save(db, user=author, publication_id=None, category="notice",
                             title_zh="关于调整办公时间的通知", title_en="Opening hours",
                             body_zh="自12月1日起……", body_en="From 1 December ...")
    assert item.id is not None
    files = stored_files()
    refuse_attachment_rows(db)
    with pytest.raises(IntegrityError):
        publications.add_attachment(db, user=author, publication_id=item.id,
                                    filename="通知.pdf", data=PDF)
    db.rollback()
    assert stored_files() == files
