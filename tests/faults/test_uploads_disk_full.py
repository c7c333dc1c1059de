"""Drill: the disk is full while a citizen uploads a document (issue 11, fault drills).

The app's private files directory (``<data dir>/private``, where uploaded documents are
stored) becomes a filesystem of its own: a small tmpfs mounted there by the drill (it runs as
root, as ``make test`` does; without the right to mount it fails and says so), then filled
until less room is left than the document needs (``full_disk``, ``tests/faults/disk.py``).
In Chromium, a citizen on the documents page of a draft chooses the document, sets the file
on the labelled file input and clicks Upload, in Chinese and in English. Then:

- the page says, next to the file field and in the error summary, that the file was not
  uploaded because there is no room to store files, naming it;
- nothing is left in the files directory, not even part of the file, and there is no
  attachment row (no row of any table changed); the app logged a warning, no error;
- once room is made, the same file uploads: one attachment row, one file of the same bytes.

And the same for a complaint sent with two documents (the first fits in the room left, the
second does not): it is refused at its files field, naming the second file; neither file is
kept (not the first, not part of the second), no complaint or attachment row, no row of any
table changed; the subject and the text typed are still there, and once room is made the
same files chosen again on the same file input send it: one complaint, two files.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import col, select

from convenience_center.domain.wizard import required_uploads
from convenience_center.models import ApplicationDraft, Attachment, Complaint
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import create_citizen, goto, signed_in, text
from tests.e2e.wizard_helpers import ONE_CHILD, draft_through
from tests.faults.disk import (
    DOCUMENT_BYTES,
    FILESYSTEM_BYTES,
    files_in,
    full_disk,
    pdf_of,
    refused_cleanly,
)
from tests.faults.rows import changed, row_counts

RECEIPT_BYTES = 16 * 1024  # fits in the room left


def attachments_of(app: RunningApp, draft: str) -> list[Attachment]:
    with app.db() as db:
        draft_id = db.exec(select(ApplicationDraft.id).where(
            ApplicationDraft.public_id == draft)).one()
        return list(db.exec(select(Attachment).where(
            Attachment.draft_id == draft_id, col(Attachment.deleted_at).is_(None))).all())


def upload(page: Page, path: Path, lang: str) -> None:
    """Set the file on the file input named by its label, wait until the page shows it
    chosen (the drop zone takes it a moment later), and click Upload."""
    page.get_by_label(text("apply.documents_file", lang)).set_input_files(str(path))
    expect(page.get_by_text(text("apply.documents_selected", lang) + path.name)).to_be_visible()
    page.get_by_role("button", name=text("apply.documents_upload", lang), exact=True).click()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_full_disk_refuses_the_upload_clearly_and_leaves_nothing_behind(
        browser: Browser, sqlite_app: RunningApp, tmp_path: Path, lang: str) -> None:
    app = sqlite_app
    person, draft, matter, answers = draft_through(
        app, "one-child-resident", "apply", steps=len(ONE_CHILD.steps), office="410105001")
    material = required_uploads(matter, answers)[0]
    document = tmp_path / f"{material.code}.pdf"
    document.write_bytes(pdf_of(DOCUMENT_BYTES))
    page = browser.new_context(locale="en-US" if lang == "en" else "zh-CN",
                               viewport={"width": 1280, "height": 900}).new_page()
    signed_in(page, app, person, lang)
    goto(page, app, f"/applications/{draft}/documents")
    page.get_by_label(text("apply.documents_which", lang), exact=True).select_option(
        material.code)
    file_error = page.locator("#f-file-error")
    refused = text("apply.documents_refused", lang, name=document.name,
                   reason=text("upload.no_space", lang))

    with full_disk(app) as disk:
        files, filler, before = disk.files, disk.filler, disk.before
        upload(page, document, lang)
        expect(file_error).to_have_text(re.compile(re.escape(refused)))
        expect(page.locator("#f-file")).to_have_class(re.compile(r"cc-field--error"))
        expect(page.get_by_role("alert")).to_contain_text(refused)
        # no file left: not even a part
        refused_cleanly(disk)
        assert attachments_of(app, draft) == []

        filler.unlink()  # room is made: the same file, again
        upload(page, document, lang)
        expect(page.get_by_text(text("apply.documents_uploaded", lang, name=document.name))
               ).to_be_visible()
        expect(file_error).to_have_count(0)
        stored = files_in(files, besides=filler)
        rows = attachments_of(app, draft)
        assert [r.display_name for r in rows] == [document.name]
        assert stored == [files / rows[0].stored_path]
        assert stored[0].read_bytes() == document.read_bytes()
        assert rows[0].sha256 == hashlib.sha256(document.read_bytes()).hexdigest()
        added = changed(before, row_counts(app.db_url))
        assert added == {"attachment": 1}, added
    page.context.close()
    print(f"\nDisk-full drill ({lang}): {FILESYSTEM_BYTES // 1024} KiB tmpfs on the files "
          f"directory, {disk.left // 1024} KiB left for a {DOCUMENT_BYTES // 1024} KiB PDF. At the "
          f"file field: {refused}. Files 0 -> 0, attachment rows 0 -> 0, no table changed; "
          f"after freeing room the same file uploaded: 1 file, 1 row")


def send_complaint(page: Page, paths: list[Path], lang: str) -> None:
    """Choose the documents on the complaint's labelled file input, see them chosen, send."""
    page.get_by_label(text("complaints.files", lang)).set_input_files([str(p) for p in paths])
    for path in paths:
        expect(page.get_by_text(text("complaints.selected", lang) + path.name, exact=True)
               ).to_be_visible()
    page.get_by_role("button", name=text("complaints.submit", lang), exact=True).click()


def complaint_about(app: RunningApp, subject: str) -> tuple[list[Complaint], list[Attachment]]:
    with app.db() as db:
        found = list(db.exec(select(Complaint).where(Complaint.subject == subject)).all())
        files = list(db.exec(select(Attachment).where(
            col(Attachment.complaint_id).in_([c.id for c in found]))
            .order_by(col(Attachment.id))).all())
        return found, files


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_complaint_with_files_on_a_full_disk_is_refused_whole_and_keeps_the_typing(
        browser: Browser, sqlite_app: RunningApp, tmp_path: Path, lang: str) -> None:
    app = sqlite_app
    person = create_citizen(app)
    receipt, photo = tmp_path / "排队小票.pdf", tmp_path / "窗口照片.pdf"
    receipt.write_bytes(pdf_of(RECEIPT_BYTES))
    photo.write_bytes(pdf_of(DOCUMENT_BYTES))
    subject_text, body_text = f"窗口中午无人 {lang}", "12月1日中午12点到窗口，无人值守。"
    page = browser.new_context(locale="en-US" if lang == "en" else "zh-CN",
                               viewport={"width": 1280, "height": 900}).new_page()
    signed_in(page, app, person, lang)
    goto(page, app, "/complaints")
    page.get_by_label(text("complaints.office", lang), exact=True).select_option("410105001")
    subject = page.get_by_label(text("complaints.subject", lang), exact=True)
    body = page.get_by_label(text("complaints.body", lang), exact=True)
    subject.fill(subject_text)
    body.fill(body_text)
    files_error = page.locator("#f-files-error")
    refused = text("complaints.file_refused.upload.no_space", lang, name=photo.name)

    with full_disk(app) as disk:
        files, filler, before = disk.files, disk.filler, disk.before
        send_complaint(page, [receipt, photo], lang)
        expect(files_error).to_contain_text(refused)
        expect(page.get_by_role("alert")).to_contain_text(refused)
        expect(subject).to_have_value(subject_text)
        expect(body).to_have_value(body_text)
        # no file left: not the first, not part of the second
        refused_cleanly(disk)
        assert complaint_about(app, subject_text) == ([], [])

        filler.unlink()  # room is made: the same files, chosen again on the same input
        send_complaint(page, [receipt, photo], lang)
        expect(page.get_by_text(re.compile(re.escape(
            text("participation.complained", lang, number="TS").split("TS")[0])))
        ).to_be_visible()
        expect(files_error).to_have_count(0)
        found, rows = complaint_about(app, subject_text)
        assert len(found) == 1 and found[0].body == body_text
        assert [r.display_name for r in rows] == [receipt.name, photo.name]
        stored = files_in(files, besides=filler)
        assert sorted(stored) == sorted(files / r.stored_path for r in rows)
        assert [(files / r.stored_path).read_bytes() for r in rows] == [
            receipt.read_bytes(), photo.read_bytes()]
        added = changed(before, row_counts(app.db_url))
        assert added["complaint"] == 1 and added["attachment"] == 2, added
    page.context.close()
    print(f"\nDisk-full drill, complaint ({lang}): {disk.left // 1024} KiB left for "
          f"{RECEIPT_BYTES // 1024} + {DOCUMENT_BYTES // 1024} KiB of PDFs. At the files field: "
          f"{refused} Files 0 -> 0, complaint and attachment rows 0 -> 0, no table changed, "
          f"subject and text kept; after freeing room the same files sent it: 1 complaint, "
          f"2 files")
