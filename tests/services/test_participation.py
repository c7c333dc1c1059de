"""Public participation against a real database: questions and the FAQ, complaints and
suggestions, ratings and their rectification, and government information disclosure."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from convenience_center.domain.errors import NotAllowed, NotFound, ValidationFailed
from convenience_center.models import AuditEntry, Case, FeedbackEvent, RectificationTask, User
from convenience_center.services import (
    admin_users,
    complaints,
    inquiries,
    publications,
    ratings,
)
from convenience_center.services import complaint_handling as handling
from convenience_center.services.offices import seed_offices
from tests.factories import Person
from tests.services.helpers import current, mails_to, make_admin, register
from tests.services.test_workflow import act, officer, submitted

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # Thursday 26 November, 10:00 in China
SCORES = {"efficiency": 2, "guide_accuracy": 3, "convenience": 2, "ease_of_use": 4}


def codes(failure: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {e.field: e.code for e in failure.value.errors}


def citizen(db: Session) -> User:
    seed_offices(db)
    user, _ = register(db, Person())
    return user


# --- questions and the FAQ ----------------------------------------------------------------


def test_a_question_is_answered_by_the_office_and_published_without_the_asker(db: Session):
    asker = citizen(db)
    with pytest.raises(ValidationFailed) as failure:
        inquiries.ask(db, user_id=asker.id, office_code="", service_code="no-such-service",
                      subject=" ", question="", now=NOW)
    assert codes(failure) == {"office": "participation.office_required",
                              "service": "participation.service_unknown",
                              "subject": "participation.subject_required",
                              "question": "participation.question_required"}
    inquiry = inquiries.ask(db, user_id=asker.id, office_code="410105",
                            service_code="one-child-resident", subject="独生子女证补办",
                            question="我的独生子女证丢了，怎么补办？我的电话是13800138000。",
                            now=NOW)
    assert inquiry.tracking_no == "ZX20261126-0001"
    assert inquiry.due_date == date(2026, 12, 3)  # five working days
    second = inquiries.ask(db, user_id=asker.id, office_code="410105", service_code="",
                           subject="另一个问题", question="……", now=NOW)
    assert second.tracking_no == "ZX20261126-0002"

    county = officer(db, "county", "410105")
    city = officer(db, "city", "410100")
    other = officer(db, "county", "410102")
    assert [v.tracking_no for v in inquiries.for_staff(db, user=county)] == [
        "ZX20261126-0002", "ZX20261126-0001"]
    assert len(inquiries.for_staff(db, user=city)) == 2  # the city sees the counties below
    assert inquiries.for_staff(db, user=other) == []
    with pytest.raises(NotAllowed):
        inquiries.answer(db, user=other, inquiry_id=inquiry.id, text="越权答复")
    with pytest.raises(NotAllowed):
        inquiries.for_staff(db, user=current(asker))
    with pytest.raises(ValidationFailed):
        inquiries.publish_faq(db, user=county, inquiry_id=inquiry.id, question="问", text="答")

    inquiries.answer(db, user=county, inquiry_id=inquiry.id,
                     text="请携带身份证到户籍所在地乡镇申请补办。", now=NOW)
    mine = inquiries.mine(db, user_id=asker.id)
    answered = next(v for v in mine if v.tracking_no == inquiry.tracking_no)
    assert answered.status == "answered" and answered.answer.startswith("请携带身份证")
    assert [m.template for m in mails_to(db, asker.email)].count("inquiry_answered") == 1

    assert inquiries.search_faq(db) == []
    inquiries.publish_faq(db, user=county, inquiry_id=inquiry.id,
                          question="独生子女证丢失后如何补办？",
                          text="请携带身份证到户籍所在地乡镇申请补办。", now=NOW)
    entries = inquiries.search_faq(db, query="补办")
    assert [e.question for e in entries] == ["独生子女证丢失后如何补办？"]
    assert "13800138000" not in entries[0].question + entries[0].answer
    assert inquiries.search_faq(db, query="护照") == []
    inquiries.withdraw_faq(db, user=county, inquiry_id=inquiry.id)
    assert inquiries.search_faq(db) == []
    refused = db.exec(select(AuditEntry).where(AuditEntry.action == "permission.denied")).all()
    assert refused, "the refused answer is in the audit log"


def test_a_citizen_only_sees_their_own_questions(db: Session):
    asker, other = citizen(db), citizen(db)
    inquiries.ask(db, user_id=asker.id, office_code="410105", service_code="",
                  subject="私人问题", question="内容", now=NOW)
    assert inquiries.mine(db, user_id=other.id) == []
    with pytest.raises(NotAllowed):  # a citizen is not staff
        inquiries.view_for_staff(db, user=current(other), inquiry_id=1)


# --- complaints ---------------------------------------------------------------------------


def test_a_complaint_is_assigned_replied_judged_unsatisfied_reopened_and_closed(db: Session):
    author = citizen(db)
    with pytest.raises(ValidationFailed) as failure:
        complaints.submit(db, user_id=author.id, kind="personnel", office_code="410105",
                          about_person="", case_no="", subject="", body="", now=NOW)
    assert codes(failure) == {"about_person": "participation.person_required",
                              "subject": "participation.subject_required",
                              "body": "participation.body_required"}
    complaint = complaints.submit(db, user_id=author.id, kind="office", office_code="410105",
                                  about_person="", case_no="", subject="窗口排队太久",
                                  body="上午排队两个小时。", now=NOW)
    assert complaint.tracking_no == "TS20261126-0001" and complaint.status == "submitted"
    assert complaint.due_date == date(2026, 12, 17)  # fifteen working days

    county = officer(db, "county", "410105")
    colleague = officer(db, "county", "410105")
    township = officer(db, "township", "410105001")
    assert {name for _, name in handling.handlers(db, user=county,
                                                    complaint_id=complaint.id)} == {"审核员"}
    with pytest.raises(ValidationFailed) as failure:  # a township cannot answer for a county
        handling.assign(db, user=county, complaint_id=complaint.id, handler_id=township.id)
    assert codes(failure) == {"handler": "participation.handler_invalid"}
    handling.assign(db, user=county, complaint_id=complaint.id, handler_id=colleague.id,
                      now=NOW)
    with pytest.raises(NotAllowed):  # only the accountable handler replies
        handling.reply(db, user=county, complaint_id=complaint.id, text="答复")
    with pytest.raises(ValidationFailed):
        complaints.judge_reply(db, user_id=author.id, tracking_no=complaint.tracking_no,
                               satisfied=True)
    handling.reply(db, user=colleague, complaint_id=complaint.id,
                     text="已增加一个窗口。", now=NOW)
    assert "complaint_replied" in [m.template for m in mails_to(db, author.email)]

    reopened = complaints.judge_reply(db, user_id=author.id, tracking_no=complaint.tracking_no,
                                      satisfied=False, comment="还是很慢",
                                      now=datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    assert (reopened.status, reopened.reopened) == ("reopened", 1)
    assert reopened.due_date == date(2026, 12, 22)  # a new time limit from the verdict
    handling.assign(db, user=county, complaint_id=complaint.id, handler_id=colleague.id)
    handling.reply(db, user=colleague, complaint_id=complaint.id, text="已再增加两个窗口。")
    closed = complaints.judge_reply(db, user_id=author.id, tracking_no=complaint.tracking_no,
                                    satisfied=True)
    assert (closed.status, closed.satisfaction) == ("closed", "satisfied")
    with pytest.raises(ValidationFailed):
        handling.assign(db, user=county, complaint_id=complaint.id, handler_id=colleague.id)

    own = complaints.view_own(db, user_id=author.id, tracking_no=complaint.tracking_no)
    assert own.handler == "" and all(note == "" for *_, note in own.events)
    staff_view = handling.view_for_staff(db, user=county, complaint_id=complaint.id)
    assert staff_view.handler == "审核员"
    assert any(note for *_, note in staff_view.events)
    assert [e.action for e in db.exec(select(FeedbackEvent).where(
        FeedbackEvent.subject_type == "complaint").order_by(FeedbackEvent.id)).all()] == [
        "submit", "assign", "reply", "reopen", "assign", "reply", "satisfied"]


def test_a_complaint_about_an_officer_is_hidden_from_that_officer(db: Session):
    author = citizen(db)
    accused = officer(db, "county", "410105")
    other = officer(db, "county", "410105")
    db.get(User, accused.id).real_name = "王五"
    db.commit()
    complaint = complaints.submit(db, user_id=author.id, kind="personnel", office_code="410105",
                                  about_person="王五", case_no="", subject="态度差",
                                  body="说话不耐烦。", now=NOW)
    assert complaint.about_user_id == accused.id
    assert handling.for_staff(db, user=accused) == []
    assert [c.tracking_no for c in handling.for_staff(db, user=other)] == [
        complaint.tracking_no]
    with pytest.raises(NotAllowed):
        handling.view_for_staff(db, user=accused, complaint_id=complaint.id)
    with pytest.raises(NotAllowed):
        handling.assign(db, user=accused, complaint_id=complaint.id, handler_id=accused.id)
    handler_ids = {i for i, _ in handling.handlers(db, user=other, complaint_id=complaint.id)}
    assert accused.id not in handler_ids and other.id in handler_ids


def test_a_complaint_about_a_case_must_name_one_of_ones_own_cases(db: Session):
    case, applicant_id = submitted(db)
    stranger = citizen(db)
    with pytest.raises(ValidationFailed) as failure:
        complaints.submit(db, user_id=stranger.id, kind="case", office_code="",
                          about_person="", case_no=case.case_no, subject="慢",
                          body="太慢了。", now=NOW)
    assert codes(failure) == {"case_no": "participation.case_unknown"}
    complaint = complaints.submit(db, user_id=applicant_id, kind="case", office_code="",
                                  about_person="", case_no=case.case_no, subject="慢",
                                  body="太慢了。", now=NOW)
    assert (complaint.case_no, complaint.office_code) == (case.case_no, case.office_code)
    with pytest.raises(NotFound):
        complaints.view_own(db, user_id=stranger.id, tracking_no=complaint.tracking_no)
    with pytest.raises(NotFound):
        complaints.add_attachment(db, user_id=stranger.id, tracking_no=complaint.tracking_no,
                                  filename="x.pdf", data=b"%PDF-1.4\n%%EOF\n")


# --- ratings and rectification ------------------------------------------------------------


def finished_case(db: Session, pending: tuple[Case, int] | None = None) -> tuple[Case, int]:
    case, applicant_id = pending or submitted(db)
    township = officer(db, "township", "410105001")
    county = officer(db, "county", "410105")
    for who, action in ((township, "accept"), (township, "forward"), (county, "approve"),
                        (county, "issue")):
        case = act(db, who, case, action)
    return case, applicant_id


def test_a_poor_rating_opens_a_rectification_task_closed_only_with_a_call_back(db: Session):
    case, applicant_id = submitted(db)
    with pytest.raises(ValidationFailed):  # not finished yet
        ratings.rate(db, user_id=applicant_id, case_no=case.case_no, level=4, scores=SCORES)
    case, applicant_id = finished_case(db, (case, applicant_id))
    stranger = citizen(db)
    with pytest.raises(NotFound):
        ratings.rate(db, user_id=stranger.id, case_no=case.case_no, level=1, scores=SCORES)
    with pytest.raises(ValidationFailed) as failure:
        ratings.rate(db, user_id=applicant_id, case_no=case.case_no, level=9,
                     scores={"efficiency": 6})
    assert codes(failure) == {"level": "rating.level_required",
                              "efficiency": "rating.score_required",
                              "guide_accuracy": "rating.score_required",
                              "convenience": "rating.score_required",
                              "ease_of_use": "rating.score_required"}
    ratings.rate(db, user_id=applicant_id, case_no=case.case_no, level=2, scores=SCORES,
                 comment="来回跑了三次", now=NOW)
    with pytest.raises(ValidationFailed):  # once per case
        ratings.rate(db, user_id=applicant_id, case_no=case.case_no, level=5, scores=SCORES)

    task = db.exec(select(RectificationTask)).one()
    assert task.due_date == date(2026, 12, 17) and task.office_code == case.office_code
    county = officer(db, "county", "410105")
    outsider = officer(db, "county", "410102")
    assert ratings.tasks(db, user=outsider) == []
    [view] = ratings.tasks(db, user=county)
    assert (view.case_no, view.level, view.comment) == (case.case_no, 2, "来回跑了三次")
    with pytest.raises(NotAllowed):
        ratings.close_task(db, user=outsider, task_id=task.id, measures="m",
                           called_at="2026-11-27T09:00", outcome="satisfied", callback_note="c")
    with pytest.raises(ValidationFailed) as failure:
        ratings.close_task(db, user=county, task_id=task.id, measures="已培训窗口人员",
                           called_at="2026-11-27T09:00", outcome="satisfied", callback_note=" ")
    assert codes(failure) == {"callback": "rating.callback_required"}
    ratings.close_task(db, user=county, task_id=task.id, measures="已培训窗口人员",
                       called_at="2026-11-27T09:00", outcome="satisfied",
                       callback_note="12月1日电话回访，群众表示认可。")
    assert ratings.tasks(db, user=county) == []
    [closed] = ratings.tasks(db, user=county, status="closed")
    assert closed.callback.startswith("12月1日") and closed.closed_at

    [by_office] = ratings.published_summary(db, by="office")
    assert (by_office.count, by_office.average, by_office.satisfied_share) == (1, 2.0, 0.0)
    [by_service] = ratings.published_summary(db, by="service")
    assert by_service.key == "one-child-resident" and by_service.by_level[2] == 1


def test_a_good_rating_opens_no_task(db: Session):
    case, applicant_id = finished_case(db)
    ratings.rate(db, user_id=applicant_id, case_no=case.case_no, level=5,
                 scores={k: 5 for k in SCORES}, now=NOW)
    assert db.exec(select(RectificationTask)).all() == []
    [summary] = ratings.published_summary(db, by="office")
    assert summary.satisfied_share == 1.0


# --- government information disclosure ----------------------------------------------------


def test_only_officers_with_the_right_publish_and_only_published_items_are_public(db: Session):
    seed_offices(db)
    admin = current(make_admin(db))
    author = officer(db, "city", "410100")
    draft_args = dict(publication_id=None, category="notice", title_zh="关于调整办公时间的通知",
                      title_en="Change of opening hours", body_zh="自12月1日起……",
                      body_en="From 1 December ...")
    with pytest.raises(NotAllowed):
        publications.save(db, user=author, **draft_args)
    with pytest.raises(NotAllowed):  # an officer cannot give themself the right
        admin_users.set_publishing(db, actor=author, ip=None, user_id=author.id, allowed=True)
    admin_users.set_publishing(db, actor=admin, ip=None, user_id=author.id, allowed=True)
    citizen_user = citizen(db)
    with pytest.raises(ValidationFailed):
        admin_users.set_publishing(db, actor=admin, ip=None, user_id=citizen_user.id,
                                   allowed=True)

    with pytest.raises(ValidationFailed) as failure:
        publications.save(db, user=author, publication_id=None, category="rumours",
                          title_zh="", title_en="x", body_zh="x", body_en="")
    assert codes(failure) == {"category": "open.category_required",
                              "title_zh": "open.field_required",
                              "body_en": "open.field_required"}
    item = publications.save(db, user=author, **draft_args)
    assert item.status == "draft" and item.pub_no.startswith("GK")
    assert publications.public_list(db) == []
    assert publications.public_item(db, pub_no=item.pub_no) is None
    publications.publish(db, user=author, publication_id=item.id)
    assert [p.pub_no for p in publications.public_list(db, query="办公时间")] == [item.pub_no]
    assert [p.pub_no for p in publications.public_list(db, query="opening hours")] == [
        item.pub_no]
    assert publications.public_list(db, category="policy") == []
    assert publications.public_item(db, pub_no=item.pub_no).body_zh == "自12月1日起……"
    assert publications.latest(db)[0].pub_no == item.pub_no

    other_city = officer(db, "city", "410200")
    admin_users.set_publishing(db, actor=admin, ip=None, user_id=other_city.id, allowed=True)
    with pytest.raises(NotAllowed):  # another office's item
        publications.withdraw(db, user=other_city, publication_id=item.id, reason="越权")
    publications.withdraw(db, user=author, publication_id=item.id, reason="办公时间已恢复")
    assert publications.public_list(db) == []
    assert not publications.published_file_visible(db, publication_id=item.id)
    admin_users.set_publishing(db, actor=admin, ip=None, user_id=author.id, allowed=False)
    with pytest.raises(NotAllowed):
        publications.publish(db, user=author, publication_id=item.id)
    logged = set(db.exec(select(AuditEntry.action)).all())
    assert {"publication.publish", "publication.withdraw", "admin.grant_publishing",
            "admin.revoke_publishing", "permission.denied"} <= logged


def test_the_operator_grants_publishing_from_the_command_line(db: Session):
    seed_offices(db)
    author = officer(db, "province", "410000")
    user = admin_users.set_publishing_by_operator(db, username=author.username, allowed=True)
    assert user.can_publish
    with pytest.raises(ValidationFailed):
        admin_users.set_publishing_by_operator(db, username="nobody", allowed=True)


def test_staff_statistics_show_the_ratings_of_the_jurisdiction(db: Session):
    from convenience_center.services import statistics, statistics_csv

    case, applicant_id = finished_case(db)
    ratings.rate(db, user_id=applicant_id, case_no=case.case_no, level=4,
                 scores={k: 4 for k in SCORES}, now=NOW)
    county = officer(db, "county", "410105")
    report = statistics.report(db, user=county, today=NOW.date(),
                               date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
    [summary] = report.ratings_by_service
    assert (summary.key, summary.count, summary.average) == ("one-child-resident", 1, 4.0)
    assert "rating_service,one-child-resident," in statistics_csv.report_csv(report)
    earlier = statistics.report(db, user=county, today=NOW.date(),
                                date_from=date(2026, 10, 1), date_to=date(2026, 10, 31))
    assert earlier.ratings_by_service == []
    elsewhere = statistics.report(db, user=officer(db, "county", "410102"), today=NOW.date())
    assert elsewhere.ratings_by_service == []
