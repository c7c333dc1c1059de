"""Complaints in the browser: sent to a township with their documents (a refused document
named at its field, nothing filed, the input kept), and a reopening that says the new
deadline."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, expect
from sqlmodel import select

from convenience_center.domain.participation import COMPLAINT_REPLY_DAYS
from convenience_center.domain.working_days import add_working_days
from convenience_center.models import Attachment, Complaint, User
from convenience_center.services import complaint_handling as handling
from convenience_center.services import complaints
from convenience_center.services.admin_users import create_staff
from convenience_center.services.common import CHINA_TZ
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import create_citizen, goto, text
from tests.e2e.test_applying import PDF
from tests.e2e.test_participation import citizen_page, create_officer
from tests.e2e.test_shell import axe_violations
from tests.e2e.test_staff_workflow import officer_page
from tests.services.helpers import current


def test_a_complaint_goes_to_a_township_with_its_documents(browser: Browser, app: RunningApp,
                                                           tmp_path: Path):
    author = create_citizen(app)
    township = create_officer(app, "township", "410105001", "韩十七")
    page = citizen_page(browser, app, author, "/complaints")
    office = page.get_by_label(text("complaints.office"))
    office.select_option(label="郑州市 金水区 经八路街道")
    page.get_by_label(text("complaints.subject")).fill("街道窗口中午无人")
    page.get_by_label(text("complaints.body")).fill("12月1日中午12点到窗口，无人值守。")
    fake, receipt = tmp_path / "照片.pdf", tmp_path / "排队小票.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf at all")
    receipt.write_bytes(PDF)
    files = page.locator("#f-files input[type=file]")
    files.set_input_files([str(receipt), str(fake)])
    expect(page.get_by_text("照片.pdf")).to_be_visible()  # chosen before sending
    page.get_by_role("button", name=text("complaints.submit"), exact=True).click()
    expect(page.locator("#f-files-error")).to_contain_text(
        text("complaints.file_refused.upload.wrong_type", name="照片.pdf"))
    expect(page.get_by_label(text("complaints.subject"))).to_have_value("街道窗口中午无人")
    expect(office).to_have_value("410105001")
    with app.db() as db:
        assert db.exec(select(Complaint).where(Complaint.subject == "街道窗口中午无人")
                       ).first() is None
    assert axe_violations(page) == []

    files.set_input_files([str(receipt)])
    page.get_by_role("button", name=text("complaints.submit"), exact=True).click()
    expect(page.get_by_text(re.compile("您的投诉建议已提交，编号 TS"))).to_be_visible()
    with app.db() as db:
        complaint = db.exec(select(Complaint).where(Complaint.subject == "街道窗口中午无人")
                            ).one()
        names = db.exec(select(Attachment.display_name).where(
            Attachment.complaint_id == complaint.id)).all()
    assert complaint.office_code == "410105001" and names == ["排队小票.pdf"]
    item = page.get_by_role("listitem").filter(has_text=complaint.tracking_no)
    expect(item.get_by_role("link", name="排队小票.pdf")).to_be_visible()
    expect(item).to_contain_text("经八路街道")

    staff = officer_page(browser, app, township)
    goto(staff, app, "/staff/complaints")
    expect(staff.get_by_role("cell", name=complaint.tracking_no, exact=True)).to_be_visible()


def test_a_reopened_complaint_says_its_new_deadline(browser: Browser, app: RunningApp):
    author = create_citizen(app)
    with app.db() as db:
        user_id = db.exec(select(User.id).where(User.username == author.username)).one()
        complaint = complaints.submit(db, user_id=user_id, kind="office", office_code="410105",
                                      about_person="", case_no="", subject="答复不清楚",
                                      body="经过", now=datetime.now(CHINA_TZ) - timedelta(days=20))
        handler = create_staff(db, username=f"h{author.username}", real_name="承办人",
                               email=f"h{author.email}", role="county", office_code="410105",
                               password=author.password)
        handling.assign(db, user=current(handler), complaint_id=complaint.id,
                          handler_id=handler.id)
        handling.reply(db, user=current(handler), complaint_id=complaint.id, text="已处理。")
    old_due = complaint.due_date.isoformat()
    new_due = add_working_days(datetime.now(CHINA_TZ).date(), COMPLAINT_REPLY_DAYS).isoformat()
    page = citizen_page(browser, app, author, "/complaints", "en")
    item = page.get_by_role("listitem").filter(has_text=complaint.tracking_no)
    # The deadline as the list states it: the history's dates may be the old deadline's day
    # (submitted 20 days ago, 15 working days later can be today).
    due_by = text("complaints.due", "en")
    expect(item).to_contain_text(f"{due_by} {old_due}")
    item.get_by_label(text("complaints.unsatisfied", "en")).check()
    item.get_by_role("button", name=text("complaints.send_verdict", "en")).click()
    expect(page.get_by_text(text("participation.judged_unsatisfied", "en", due=new_due))
           ).to_be_visible()
    expect(item).to_contain_text(f"{due_by} {new_due}")
    expect(item).not_to_contain_text(f"{due_by} {old_due}")
    item.get_by_text(text("complaints.history", "en")).click()
    expect(item).to_contain_text(f"to be answered again by {new_due}")
