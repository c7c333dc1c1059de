"""Complaints against a real database: documents go with the complaint when it is sent (or,
if one is refused, nothing is filed), townships can be written to, and a reopened complaint
has its new deadline said in its history."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from convenience_center.domain.errors import ValidationFailed
from convenience_center.models import Attachment, Complaint, FeedbackEvent
from convenience_center.services import complaint_handling as handling
from convenience_center.services import complaints, offices
from convenience_center.services.offices import seed_offices
from tests.factories import Person
from tests.services.helpers import register
from tests.services.test_applications import PDF
from tests.services.test_participation import NOW, codes
from tests.services.test_workflow import officer


def test_documents_are_sent_with_the_complaint_or_nothing_is(db: Session):
    seed_offices(db)
    author, _ = register(db, Person())
    before = db.exec(select(Complaint)).all()
    with pytest.raises(ValidationFailed) as failure:
        complaints.submit(db, user_id=author.id, kind="office", office_code="410105",
                          about_person="", case_no="", subject="窗口排队太久", body="等了两小时",
                          files=[("小票.pdf", PDF), ("照片.pdf", b"MZ not a pdf")])
    assert codes(failure) == {"files": "complaints.file_refused.upload.wrong_type"}
    assert failure.value.params["name"] == "照片.pdf"
    assert db.exec(select(Complaint)).all() == before
    assert db.exec(select(Attachment).where(Attachment.material_code == "complaint")).all() == []
    with pytest.raises(ValidationFailed) as failure:
        complaints.submit(db, user_id=author.id, kind="office", office_code="410105",
                          about_person="", case_no="", subject="窗口排队太久", body="等了两小时",
                          files=[(f"{n}.pdf", PDF) for n in range(4)])
    assert codes(failure) == {"files": "complaints.too_many_files"}

    complaint = complaints.submit(db, user_id=author.id, kind="office", office_code="410105",
                                  about_person="", case_no="", subject="窗口排队太久",
                                  body="等了两小时", files=[("小票.pdf", PDF)])
    [view] = complaints.mine(db, user_id=author.id)
    assert view.tracking_no == complaint.tracking_no
    assert [name for _, name in view.files] == ["小票.pdf"]


def test_a_township_can_be_chosen_and_its_officers_see_the_complaint(db: Session):
    seed_offices(db)
    author, _ = register(db, Person())
    choices = offices.addressable_offices(db, user_id=author.id)["choices"]
    township = next(c for c in choices if c["value"] == "410105001")
    assert township["zh"].endswith("经八路街道") and township["zh"].startswith("郑州市 金水区")
    values = [c["value"] for c in choices]
    assert values.index("410105") < values.index("410105001") < values.index("410106")
    complaint = complaints.submit(db, user_id=author.id, kind="office", office_code="410105001",
                                  about_person="", case_no="", subject="街道窗口", body="问题")
    assert complaint.office_code == "410105001"
    assert [v.tracking_no for v in handling.for_staff(
        db, user=officer(db, "township", "410105001"))] == [complaint.tracking_no]


def test_a_reopened_complaint_gets_a_new_deadline_and_is_told_it(db: Session):
    seed_offices(db)
    author, _ = register(db, Person())
    complaint = complaints.submit(db, user_id=author.id, kind="office", office_code="410105",
                                  about_person="", case_no="", subject="态度", body="经过",
                                  now=NOW)
    chief = officer(db, "county", "410105")
    handling.assign(db, user=chief, complaint_id=complaint.id, handler_id=chief.id, now=NOW)
    handling.reply(db, user=chief, complaint_id=complaint.id, text="已处理", now=NOW)
    later = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)  # two weeks later
    reopened = complaints.judge_reply(db, user_id=author.id, tracking_no=complaint.tracking_no,
                                      satisfied=False, now=later)
    assert str(reopened.due_date) == "2026-12-31"  # fifteen working days from the reopening
    event = db.exec(select(FeedbackEvent).where(FeedbackEvent.action == "reopen")).one()
    assert "2026-12-31" in event.message_zh and "2026-12-31" in event.message_en
