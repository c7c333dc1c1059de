"""Nothing personal is published, against a real database: the FAQ refuses the asker's
numbers, name and address, a notice refuses numbers and e-mail addresses (also in changes to
a published one), and a withdrawal needs a reason, which is audited and shown at the
item's address."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from convenience_center.domain.errors import ValidationFailed
from convenience_center.domain.personal_data import PersonalDataFound, PersonalDataKind
from convenience_center.models import AuditEntry, Publication, User
from convenience_center.services import inquiries, publications
from convenience_center.services.applications import submit
from convenience_center.services.offices import seed_offices
from convenience_center.services.personal_data import known_person
from tests.services.test_applications import complete_draft
from tests.services.test_participation import NOW, codes
from tests.services.test_workflow import officer


def answered_question(db: Session) -> tuple[int, int]:
    """A question of 李娜 (whose application gives 经八路 12 号 as her address), answered."""
    user_id, public_id, _ = complete_draft(db)
    submit(db, user_id=user_id, public_id=public_id, now=NOW)
    question = inquiries.ask(db, user_id=user_id, office_code="410105", service_code="",
                             subject="证件遗失",
                             question="我是李娜，电话13912345678，住经八路12号，证丢了怎么办？",
                             now=NOW)
    county = officer(db, "county", "410105")
    inquiries.answer(db, user=county, inquiry_id=question.id, text="李娜您好，请到窗口补办。",
                     now=NOW)
    return question.id, county.id


def test_the_faq_refuses_what_would_publish_the_asker(db: Session):
    question_id, _ = answered_question(db)
    county = officer(db, "county", "410105")
    stored = inquiries.view_for_staff(db, user=county, inquiry_id=question_id)

    with pytest.raises(PersonalDataFound) as refused:  # the question and answer as they are
        inquiries.publish_faq(db, user=county, inquiry_id=question_id,
                              question=stored.question, text=stored.answer)
    assert codes(refused) == {"faq_question": "personal_data.found",
                              "faq_answer": "personal_data.found"}
    assert [(f.kind, f.text) for f in refused.value.findings["faq_question"]] == [
        (PersonalDataKind.NAME, "李娜"), (PersonalDataKind.MOBILE, "13912345678"),
        (PersonalDataKind.ADDRESS, "经八路12号")]
    assert [f.text for f in refused.value.findings["faq_answer"]] == ["李娜"]
    assert inquiries.search_faq(db) == []

    inquiries.publish_faq(db, user=county, inquiry_id=question_id,
                          question="证件遗失后怎么办？", text="请到窗口补办。")
    assert [e.question for e in inquiries.search_faq(db)] == ["证件遗失后怎么办？"]


def test_what_is_known_about_the_asker_comes_from_their_account_and_applications(db: Session):
    user_id, _, person = complete_draft(db)
    known = known_person(db, user_id=user_id)
    assert known.names == (person.real_name,)
    assert known.addresses == ("郑州市金水区经八路 12 号",)  # the draft's three, once


def _publisher(db: Session):  # type: ignore[no-untyped-def]
    seed_offices(db)
    author = officer(db, "city", "410100")
    account = db.get(User, author.id)
    account.can_publish = True
    db.add(account)
    db.commit()
    return author


def test_a_notice_with_personal_data_is_not_published_nor_changed_once_public(db: Session):
    author = _publisher(db)
    item = publications.save(db, user=author, publication_id=None, category="notice",
                             title_zh="办公时间调整", title_en="Opening hours",
                             body_zh="联系人手机 13912345678。", body_en="Ask li.na@example.com")
    with pytest.raises(PersonalDataFound) as refused:
        publications.publish(db, user=author, publication_id=item.id)
    assert codes(refused) == {"body_zh": "personal_data.found",
                              "body_en": "personal_data.found"}
    assert db.get(Publication, item.id).status == "draft"

    publications.save(db, user=author, publication_id=item.id, category="notice",
                      title_zh="办公时间调整", title_en="Opening hours",
                      body_zh="请拨打服务热线 12320。", body_en="Call 12320.")
    publications.publish(db, user=author, publication_id=item.id)
    with pytest.raises(PersonalDataFound):  # a published item's changes are public at once
        publications.save(db, user=author, publication_id=item.id, category="notice",
                          title_zh="办公时间调整", title_en="Opening hours",
                          body_zh="身份证 410105199203150020 的群众请来领证。",
                          body_en="Call 12320.")
    assert publications.public_item(db, pub_no=item.pub_no).body_zh == "请拨打服务热线 12320。"


def test_a_withdrawal_needs_a_reason_which_is_audited_and_shown_at_the_address(db: Session):
    author = _publisher(db)
    item = publications.save(db, user=author, publication_id=None, category="notice",
                             title_zh="通知", title_en="Notice", body_zh="正文", body_en="Text")
    with pytest.raises(ValidationFailed) as failure:  # not published yet
        publications.withdraw(db, user=author, publication_id=item.id, reason="有误")
    assert codes(failure) == {"withdraw_reason": "open.not_published"}
    publications.publish(db, user=author, publication_id=item.id)
    with pytest.raises(ValidationFailed) as failure:
        publications.withdraw(db, user=author, publication_id=item.id, reason="  ")
    assert codes(failure) == {"withdraw_reason": "open.withdraw_reason_required"}
    with pytest.raises(PersonalDataFound):
        publications.withdraw(db, user=author, publication_id=item.id,
                              reason="应13912345678的要求撤下")
    assert publications.withdrawal(db, pub_no=item.pub_no) is None

    publications.withdraw(db, user=author, publication_id=item.id, reason="日期有误，将重新发布")
    ended = publications.withdrawal(db, pub_no=item.pub_no)
    assert ended is not None and ended.reason == "日期有误，将重新发布" and ended.withdrawn
    assert publications.public_item(db, pub_no=item.pub_no) is None
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "publication.withdraw")).one()
    assert "日期有误，将重新发布" in (entry.detail or "")
    dates = publications.office_item_dates(db, user=author)
    assert dates[item.id].withdrawn_reason == "日期有误，将重新发布"
