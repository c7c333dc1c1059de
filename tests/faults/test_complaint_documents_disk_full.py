"""Drill: the disk is full while a citizen adds a document to a complaint already sent (issue
11, fault drills; the same full disk, ``tests/faults/disk.py``, as
``test_uploads_disk_full.py``).

In Chromium, on ``/complaints``, the citizen opens "Add a document" for their complaint,
chooses a PDF larger than the room left on its labelled file input and clicks Upload. The
panel says, at its file field, that there is no room to store files; nothing is left in the
files directory and no row of any table changed. Once room is made, the SAME file chosen
again uploads: Chromium fires no change event for a file an input already holds, so the
panel's file field is keyed by ``ComplaintsState.attach_generation`` (a new input after each
upload) as the new complaint's is. Without the key, the second choice is never seen: the page
shows no file chosen and nothing is uploaded.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import select

from convenience_center.models import Attachment, Complaint, User
from convenience_center.services import complaints
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import create_citizen, goto, signed_in, text
from tests.faults.disk import DOCUMENT_BYTES, files_in, full_disk, pdf_of, refused_cleanly
from tests.faults.rows import changed, row_counts


def complaint_of(app: RunningApp, username: str, subject: str) -> str:
    """A complaint the citizen sent earlier (through the services); its tracking number."""
    with app.db() as db:
        user_id = db.exec(select(User.id).where(User.username == username)).one()
        assert user_id is not None
        return complaints.submit(db, user_id=user_id, kind="office", office_code="410105001",
                                 about_person="", case_no="", subject=subject,
                                 body="窗口中午无人值守。").tracking_no


def documents_of(app: RunningApp, tracking_no: str) -> list[Attachment]:
    with app.db() as db:
        complaint_id = db.exec(select(Complaint.id).where(
            Complaint.tracking_no == tracking_no)).one()
        return list(db.exec(select(Attachment).where(
            Attachment.complaint_id == complaint_id)).all())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_document_refused_on_a_full_disk_can_be_chosen_again_and_uploads(
        browser: Browser, sqlite_app: RunningApp, tmp_path: Path, lang: str) -> None:
    app = sqlite_app
    person = create_citizen(app)
    tracking_no = complaint_of(app, person.username, f"窗口无人 {lang}")
    document = tmp_path / "补充照片.pdf"
    document.write_bytes(pdf_of(DOCUMENT_BYTES))
    page = browser.new_context(locale="en-US" if lang == "en" else "zh-CN",
                               viewport={"width": 1280, "height": 900}).new_page()
    signed_in(page, app, person, lang)
    goto(page, app, "/complaints")
    item = page.get_by_role("listitem").filter(has_text=tracking_no)
    item.get_by_role("button", name=text("complaints.add_document", lang)).click()
    file_input = item.get_by_label(text("complaints.file", lang))  # the panel's, in the item
    chosen = item.get_by_text(text("complaints.selected", lang) + document.name, exact=True)
    upload = item.get_by_role("button", name=text("complaints.upload", lang), exact=True)
    file_error = page.locator("#f-file-error")

    with full_disk(app) as disk:
        files, filler, before = disk.files, disk.filler, disk.before
        file_input.set_input_files(str(document))
        expect(chosen).to_be_visible()
        upload.click()
        expect(file_error).to_contain_text(text("upload.no_space", lang))
        expect(page.locator("#f-file")).to_have_class(re.compile(r"cc-field--error"))
        expect(chosen).to_have_count(0)  # the panel let go of the file it sent
        # no file left: not even a part
        refused_cleanly(disk)
        assert documents_of(app, tracking_no) == []

        filler.unlink()  # room is made: the same file, chosen again
        file_input.set_input_files(str(document))
        expect(chosen).to_be_visible()
        upload.click()
        expect(page.get_by_text(text("complaints.file_added", lang, name=document.name))
               ).to_be_visible()
        expect(item.get_by_role("link", name=document.name)).to_be_visible()
        expect(file_error).to_have_count(0)
        rows = documents_of(app, tracking_no)
        assert [r.display_name for r in rows] == [document.name]
        stored = files_in(files, besides=filler)
        assert stored == [files / rows[0].stored_path]
        assert stored[0].read_bytes() == document.read_bytes()
        assert rows[0].sha256 == hashlib.sha256(document.read_bytes()).hexdigest()
        assert changed(before, row_counts(app.db_url)) == {"attachment": 1}
    page.context.close()
    print(f"\nDisk-full drill, a complaint's added document ({lang}): {disk.left // 1024} KiB left "
          f"for a {DOCUMENT_BYTES // 1024} KiB PDF: refused at the file field, files 0 -> 0, "
          f"no table changed; after freeing room the same file chosen again: 1 file, 1 row")
