"""Read helpers added for the officers' participation pages: one question for an officer, the
office of a question, the accountable handler of a complaint, the editing dates of the
office's publications."""

from __future__ import annotations

import itertools

import pytest
from sqlmodel import Session, select

from convenience_center.domain.errors import NotAllowed
from convenience_center.models import AuditEntry, Publication, User
from convenience_center.services import complaint_handling as handling
from convenience_center.services import complaints, inquiries, publications
from convenience_center.services.admin_users import create_staff
from convenience_center.services.common import CurrentUser
from convenience_center.services.offices import seed_offices
from tests.factories import Person
from tests.services.helpers import current, register

TOWNSHIP = "410105001"  # Jingbalu Subdistrict, under Jinshui District (410105)
_names = itertools.cycle(["王芳", "李强", "赵敏", "孙伟", "周静", "吴磊"])


def officer(db: Session, role: str, office: str, *, can_publish: bool = False) -> CurrentUser:
    person = Person()
    user = create_staff(db, username=person.username, real_name=next(_names),
                        email=person.email, role=role, office_code=office,
                        password=person.password)
    if can_publish:
        user.can_publish = True
        db.add(user)
        db.commit()
    return current(user)


@pytest.fixture
def citizen(db: Session) -> User:
    seed_offices(db)
    db.commit()
    user, _ = register(db)
    return user


def refusals(db: Session) -> int:
    return len(db.exec(select(AuditEntry.id).where(
        AuditEntry.action == "permission.denied")).all())


def test_view_for_staff_shows_one_question_within_the_jurisdiction(db: Session,
                                                                    citizen: User):
    assert citizen.id is not None
    inquiry = inquiries.ask(db, user_id=citizen.id, office_code=TOWNSHIP, service_code="",
                            subject="再生育审批", question="需要哪些材料？")
    assert inquiry.id is not None
    county = officer(db, "county", "410105")

    view = inquiries.view_for_staff(db, user=county, inquiry_id=inquiry.id)

    assert (view.tracking_no, view.subject, view.status) == (inquiry.tracking_no,
                                                             "再生育审批", "open")
    assert view.question == "需要哪些材料？"
    inquiries.answer(db, user=county, inquiry_id=inquiry.id, text="身份证和户口簿。")
    assert inquiries.view_for_staff(db, user=county, inquiry_id=inquiry.id).answer == \
        "身份证和户口簿。"


def test_view_for_staff_refuses_and_logs_outside_the_jurisdiction(db: Session,
                                                                  citizen: User):
    assert citizen.id is not None
    inquiry = inquiries.ask(db, user_id=citizen.id, office_code=TOWNSHIP, service_code="",
                            subject="咨询", question="问题")
    assert inquiry.id is not None
    elsewhere = officer(db, "county", "410102")  # Zhongyuan District
    before = refusals(db)

    with pytest.raises(NotAllowed):
        inquiries.view_for_staff(db, user=elsewhere, inquiry_id=inquiry.id)
    with pytest.raises(NotAllowed):
        inquiries.view_for_staff(db, user=current(citizen), inquiry_id=inquiry.id)
    with pytest.raises(NotAllowed):
        inquiries.view_for_staff(db, user=officer(db, "county", "410105"), inquiry_id=999_999)
    assert refusals(db) == before + 3


def test_office_of_a_question(db: Session, citizen: User):
    assert citizen.id is not None
    inquiry = inquiries.ask(db, user_id=citizen.id, office_code=TOWNSHIP, service_code="",
                            subject="咨询", question="问题")
    assert inquiry.id is not None
    assert inquiries.office_of(db, inquiry_id=inquiry.id) == TOWNSHIP
    assert inquiries.office_of(db, inquiry_id=999_999) == ""


def test_handler_of_a_complaint_follows_assignment(db: Session, citizen: User):
    assert citizen.id is not None
    complaint = complaints.submit(db, user_id=citizen.id, kind="office", office_code="410105",
                                  about_person="", case_no="", subject="态度", body="排队太久")
    assert complaint.id is not None
    chief = officer(db, "county", "410105")
    first, second = officer(db, "county", "410105"), officer(db, "county", "410105")
    assert handling.handler_of(db, complaint_id=complaint.id) is None

    handling.assign(db, user=chief, complaint_id=complaint.id, handler_id=first.id)
    assert handling.handler_of(db, complaint_id=complaint.id) == first.id
    handling.assign(db, user=chief, complaint_id=complaint.id, handler_id=second.id)
    assert handling.handler_of(db, complaint_id=complaint.id) == second.id
    assert handling.handler_of(db, complaint_id=999_999) is None


def test_office_item_dates_of_the_publishers_office(db: Session):
    seed_offices(db)
    db.commit()
    author = officer(db, "county", "410105", can_publish=True)
    other = officer(db, "county", "410102", can_publish=True)
    mine = publications.save(db, user=author, publication_id=None, category="notice",
                             title_zh="通知", title_en="Notice", body_zh="正文", body_en="Text")
    theirs = publications.save(db, user=other, publication_id=None, category="policy",
                               title_zh="文件", title_en="Document", body_zh="正文",
                               body_en="Text")
    publications.publish(db, user=author, publication_id=mine.id or 0)
    publications.withdraw(db, user=author, publication_id=mine.id or 0, reason="内容已过时")

    dates = publications.office_item_dates(db, user=author)

    assert set(dates) == {mine.id}
    assert theirs.id not in dates
    entry = dates[mine.id or 0]
    assert len(entry.created) == len("2026-11-26 19:30") and entry.updated and entry.withdrawn
    stored = db.exec(select(Publication).where(Publication.id == mine.id)).one()
    assert stored.withdrawn_at is not None


def test_office_item_dates_need_the_publishing_right(db: Session):
    seed_offices(db)
    db.commit()
    plain = officer(db, "county", "410105")
    before = refusals(db)
    with pytest.raises(NotAllowed):
        publications.office_item_dates(db, user=plain)
    assert refusals(db) == before + 1
