"""Public participation in two browsers: a question answered live and published to the FAQ, a
complaint handled by an accountable officer (and hidden from the officer it is about), judged
unsatisfied and reopened; a poor rating that becomes a rectification task; a notice published,
found and withdrawn."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from convenience_center.domain.participation import CALLBACK_OUTCOMES
from convenience_center.models import Complaint, Inquiry, Publication
from convenience_center.services import applications, workflow
from convenience_center.services.admin_users import create_staff
from convenience_center.services.common import CHINA_TZ
from tests.e2e.conftest import Inbox, RunningApp
from tests.e2e.helpers import create_admin, create_citizen, goto, signed_in, text, wait_ready
from tests.e2e.test_applying import PDF
from tests.e2e.test_shell import axe_violations
from tests.e2e.test_staff_workflow import officer_page
from tests.factories import Person, id_number
from tests.services.helpers import current
from tests.services.test_applications import complete_draft


def create_officer(app: RunningApp, role: str, office: str, name: str) -> Person:
    person = Person(real_name=name)
    done = app.cc_admin("create-staff", "--username", person.username, "--name", name,
                        "--email", person.email, "--role", role, "--office", office,
                        stdin=person.password + "\n")
    assert done.returncode == 0, done.stderr
    return person


def citizen_page(browser: Browser, app: RunningApp, person: Person, path: str,
                 lang: str = "zh") -> Page:
    page = browser.new_context(locale="en-US" if lang == "en" else "zh-CN").new_page()
    signed_in(page, app, person, lang)
    goto(page, app, path)
    return page


def no_sideways_scrolling(browser: Browser, app: RunningApp, person: Person | None,
                          paths: list[str]) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740})
    page = context.new_page()
    if person is not None:
        signed_in(page, app, person)
    for path in paths:
        goto(page, app, path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    context.close()


def test_a_question_is_answered_live_and_published_to_the_faq(browser: Browser,
                                                              app: RunningApp, inbox: Inbox):
    asker = create_citizen(app)
    officer = create_officer(app, "county", "410105", "周八")
    page = citizen_page(browser, app, asker, "/consult", "en")  # the citizen reads English
    expect(page.get_by_label(text("consult.office", "en"))).to_have_value("410105")

    page.get_by_label(text("consult.subject", "en")).fill("独生子女证补办")
    page.get_by_role("button", name=text("consult.submit", "en")).click()
    expect(page.locator("#f-question-error")).to_contain_text(
        text("participation.question_required", "en"))
    expect(page.get_by_label(text("consult.subject", "en"))).to_have_value("独生子女证补办")
    assert axe_violations(page) == []

    question = "我的独生子女证丢了，怎么补办？我的电话是13912345678。"
    page.get_by_label(text("consult.question", "en")).fill(question)
    page.get_by_role("button", name=text("consult.submit", "en")).click()
    expect(page.get_by_text(re.compile("Your question has been sent. Its number is ZX"))
           ).to_be_visible()
    with app.db() as db:
        inquiry = db.exec(select(Inquiry).where(Inquiry.subject == "独生子女证补办")
                          .order_by(Inquiry.id.desc())).first()
    assert inquiry is not None and inquiry.status == "open" and inquiry.lang == "en"
    mine = page.get_by_role("listitem").filter(has_text=inquiry.tracking_no)
    expect(mine).to_contain_text(question)
    expect(mine).to_contain_text("Waiting for an answer")

    staff = officer_page(browser, app, officer)
    goto(staff, app, "/staff/consultations")
    staff.get_by_role("button", name=f"{text('sp.consult_open_answer')} "
                                     f"{inquiry.tracking_no}").click()
    staff.get_by_role("button", name=text("sp.consult_send_answer")).click()
    expect(staff.locator("#f-answer-error")).to_be_visible()
    answer = "请携带身份证到户籍所在地乡镇（街道）计生办申请补办，当场办结。"
    staff.get_by_label(text("sp.consult_answer")).fill(answer)
    staff.get_by_role("button", name=text("sp.consult_send_answer")).click()
    expect(staff.get_by_text(text("sp.consult_answered"))).to_be_visible()

    expect(mine).to_contain_text(answer)  # on the citizen's page without reloading
    expect(mine).to_contain_text("Answered")
    mail = inbox.wait_for(asker.email, subject=inquiry.tracking_no)
    assert answer in mail.get_content() and "answered" in str(mail["Subject"])

    staff.get_by_label(text("sp.consult_faq_question")).fill("独生子女证丢失后如何补办？")
    staff.get_by_label(text("sp.consult_faq_answer")).fill(answer)
    staff.get_by_role("button", name=text("sp.consult_publish_faq")).click()
    expect(staff.get_by_text(text("sp.consult_published"))).to_be_visible()
    assert axe_violations(staff) == []

    visitor = browser.new_context(locale="zh-CN").new_page()
    goto(visitor, app, "/faq")
    visitor.get_by_label(text("faq.search")).fill("补办")
    visitor.get_by_role("button", name=text("common.search")).click()
    expect(visitor.get_by_text("独生子女证丢失后如何补办？")).to_be_visible()
    expect(visitor.get_by_text("13912345678")).to_have_count(0)
    visitor.get_by_label(text("faq.search")).fill("护照")
    visitor.get_by_role("button", name=text("common.search")).click()
    expect(visitor.get_by_text(text("faq.none"))).to_be_visible()
    no_sideways_scrolling(browser, app, asker, ["/consult", "/faq"])


def test_a_complaint_is_handled_reopened_and_hidden_from_the_officer_it_is_about(
        browser: Browser, app: RunningApp, inbox: Inbox, tmp_path: Path):
    author = create_citizen(app)
    accused = create_officer(app, "county", "410105", "吴九")
    chief = create_officer(app, "county", "410105", "郑十")
    page = citizen_page(browser, app, author, "/complaints")

    page.get_by_label(text_of_kind("personnel")).check()
    page.get_by_label(text("complaints.subject")).fill("窗口人员态度生硬")
    page.get_by_label(text("complaints.body")).fill("11月20日上午办理独生子女证时，工作人员不耐烦。")
    page.get_by_role("button", name=text("complaints.submit"), exact=True).click()
    expect(page.locator("#f-about_person-error")).to_contain_text(
        text("participation.person_required"))
    expect(page.get_by_label(text("complaints.subject"))).to_have_value("窗口人员态度生硬")
    page.get_by_label(text("complaints.person")).fill("吴九")
    page.get_by_role("button", name=text("complaints.submit"), exact=True).click()
    expect(page.get_by_text(re.compile("您的投诉建议已提交，编号 TS"))).to_be_visible()
    with app.db() as db:
        complaint = db.exec(select(Complaint).where(Complaint.subject == "窗口人员态度生硬")
                            .order_by(Complaint.id.desc())).first()
    assert complaint is not None and complaint.about_user_id is not None
    number = complaint.tracking_no
    item = page.get_by_role("listitem").filter(has_text=number)

    # A document, checked on the server like an application's: a disguised file is refused.
    item.get_by_role("button", name=f"{text('complaints.add_document')} {number}").click()
    fake = tmp_path / "收据.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf at all")
    item.locator("#f-file input[type=file]").set_input_files(str(fake))
    item.get_by_role("button", name=text("complaints.upload"), exact=True).click()
    expect(item.locator("#f-file-error")).to_be_visible()
    receipt = tmp_path / "排队小票.pdf"
    receipt.write_bytes(PDF)
    item.locator("#f-file input[type=file]").set_input_files(str(receipt))
    item.get_by_role("button", name=text("complaints.upload"), exact=True).click()
    expect(page.get_by_text(text("complaints.file_added", name="排队小票.pdf"))).to_be_visible()
    expect(item.get_by_role("link", name="排队小票.pdf")).to_be_visible()

    accused_page = officer_page(browser, app, accused)
    goto(accused_page, app, "/staff/complaints")
    expect(accused_page.get_by_text(number)).to_have_count(0)

    staff = officer_page(browser, app, chief)
    goto(staff, app, "/staff/complaints")
    staff.get_by_role("button", name=f"{text('sp.open')} {number}").click()
    expect(staff.get_by_role("link", name="排队小票.pdf")).to_be_visible()
    handler = staff.get_by_label(text("sp.complaint_handler"))
    expect(handler.locator("option", has_text="吴九")).to_have_count(0)
    handler.select_option(label="郑十")
    staff.get_by_role("button", name=text("sp.complaint_assign"), exact=True).click()
    expect(staff.get_by_text(text("sp.complaint_assigned", name="郑十"))).to_be_visible()
    expect(item).to_contain_text("已分派，正在处理")  # live on the citizen's page

    staff.get_by_label(text("sp.complaint_reply")).fill("已对该工作人员进行批评教育。")
    staff.get_by_role("button", name=text("sp.complaint_send_reply")).click()
    expect(staff.get_by_text(text("sp.complaint_replied"))).to_be_visible()
    expect(item).to_contain_text("已对该工作人员进行批评教育。")
    assert "已对该工作人员进行批评教育。" in inbox.wait_for(
        author.email, subject=number).get_content()
    assert axe_violations(page) == []

    item.get_by_role("button", name=text("complaints.send_verdict")).click()
    expect(page.locator("#error-summary")).to_contain_text(
        text("participation.verdict_required"))
    item.get_by_label(text("complaints.unsatisfied")).check()
    item.get_by_label(text("complaints.comment")).fill("希望当面道歉")
    item.get_by_role("button", name=text("complaints.send_verdict")).click()
    with app.db() as db:
        due = db.get(Complaint, complaint.id).due_date.isoformat()
    expect(page.get_by_text(text("participation.judged_unsatisfied", due=due))).to_be_visible()
    expect(item).to_contain_text("已重新办理")
    expect(staff.get_by_text(f"申请人对答复不满意，已重新办理，须在 {due} 前再次答复。"
                             "意见：希望当面道歉")).to_be_visible()

    staff.get_by_label(text("sp.complaint_reply")).fill("已安排当面道歉。")
    staff.get_by_role("button", name=text("sp.complaint_send_reply")).click()
    expect(item).to_contain_text("已安排当面道歉。")
    item.get_by_label(text("complaints.satisfied")).check()
    item.get_by_role("button", name=text("complaints.send_verdict")).click()
    expect(page.get_by_text(text("participation.judged_satisfied"))).to_be_visible()
    expect(item).to_contain_text("已办结")
    with app.db() as db:
        closed = db.get(Complaint, complaint.id)
    assert (closed.status, closed.reopened, closed.satisfaction) == ("closed", 1, "satisfied")
    no_sideways_scrolling(browser, app, author, ["/complaints"])


def text_of_kind(kind: str) -> str:
    from convenience_center.domain.participation import COMPLAINT_KINDS

    return COMPLAINT_KINDS[kind].zh


def finished_case(app: RunningApp) -> tuple[str, Person]:
    """A case of the one-child certificate, submitted and issued (set up in the database)."""
    person = Person(real_name="李娜", id_number=id_number(birth=date(1992, 3, 15), male=False))
    with app.db() as db:
        user_id, public_id, _ = complete_draft(db, person)
        case = applications.submit(db, user_id=user_id, public_id=public_id)
        township = create_staff(db, username=f"t{person.username}", real_name="受理员",
                                email=f"t{person.email}", role="township",
                                office_code="410105001", password=person.password)
        county = create_staff(db, username=f"c{person.username}", real_name="审核员",
                              email=f"c{person.email}", role="county", office_code="410105",
                              password=person.password)
        for officer, action in ((township, "accept"), (township, "forward"),
                                (county, "approve"), (county, "issue")):
            db.refresh(case)
            workflow.take_action(db, user=current(officer), case_no=case.case_no,
                                 action_name=action, version=case.version, reason="")
        return case.case_no, person


def test_a_poor_rating_becomes_a_rectification_task(browser: Browser, app: RunningApp):
    case_no, person = finished_case(app)
    officer = create_officer(app, "county", "410105", "钱十一")
    page = citizen_page(browser, app, person, f"/my/applications/{case_no}")
    form = page.locator("form").filter(has=page.get_by_role("button", name=text("rating.submit")))
    page.get_by_role("button", name=text("rating.submit")).click()
    expect(page.locator("#rating-errors")).to_contain_text(text("rating.level_required"))
    expect(page.locator("#rating-level-error")).to_be_visible()
    expect(page.locator("#rating-efficiency-error")).to_contain_text(text("rating.score_required"))
    assert axe_violations(page) == []

    form.get_by_label("不满意", exact=True).check()
    for legend, score in (("办事效率", "2"), ("办事指南的准确性", "3"), ("办事便利程度", "2"),
                          ("平台的易用性", "4")):
        form.get_by_role("group", name=legend).get_by_label(score, exact=True).check()
    form.get_by_label(text("rating.comment")).fill("材料被要求交了两次")
    page.get_by_role("button", name=text("rating.submit")).click()
    expect(page.get_by_text(text("rating.thanks"))).to_be_visible()
    expect(page.get_by_text(text("rating.given"))).to_be_visible()
    expect(page.get_by_role("button", name=text("rating.submit"))).to_have_count(0)

    staff = officer_page(browser, app, officer)
    goto(staff, app, "/staff/rectifications")
    expect(staff.get_by_text("材料被要求交了两次")).to_be_visible()
    staff.get_by_role("button", name=f"{text('sp.rect_start_close')} {case_no}").click()
    staff.get_by_label(text("sp.rect_measures")).fill("已明确一次性告知材料清单")
    staff.get_by_role("button", name=text("sp.rect_close"), exact=True).click()
    expect(staff.locator("#f-callback-error")).to_contain_text(text("rating.callback_required"))
    expect(staff.get_by_label(text("sp.rect_measures"))).to_have_value("已明确一次性告知材料清单")
    staff.get_by_label(text("sp.rect_callback")).fill("12月1日电话回访，群众认可。")
    staff.get_by_label(text("sp.rect_called_at")).fill(
        datetime.now(CHINA_TZ).strftime("%Y-%m-%dT%H:%M"))
    staff.get_by_label(CALLBACK_OUTCOMES["satisfied"].zh).check()
    staff.get_by_role("button", name=text("sp.rect_close"), exact=True).click()
    expect(staff.get_by_text(text("sp.rect_closed", case_no=case_no))).to_be_visible()
    assert axe_violations(staff) == []

    visitor = browser.new_context(locale="zh-CN").new_page()
    goto(visitor, app, "/ratings")
    row = visitor.get_by_role("row").filter(has_text="经八路街道")
    expect(row.first).to_be_visible()
    assert axe_violations(visitor) == []


def test_a_notice_is_published_found_and_withdrawn(browser: Browser, app: RunningApp):
    admin = create_admin(app)
    author = create_officer(app, "city", "410100", "冯十二")
    staff = officer_page(browser, app, author)
    goto(staff, app, "/staff/publications")
    expect(staff.get_by_text(text("sp.pub_no_right"))).to_be_visible()

    admin_page = browser.new_context(locale="zh-CN").new_page()
    signed_in(admin_page, app, admin)
    goto(admin_page, app, "/admin/users")
    admin_page.get_by_label(text("admin.search_label")).fill(author.username)
    admin_page.get_by_role("button", name=text("common.search"), exact=True).click()
    admin_page.get_by_role("button", name=text("admin.select", username=author.username)).click()
    admin_page.get_by_role("button", name=text("admin.grant_publishing")).click()
    expect(admin_page.get_by_text(text("admin.publishing_on"))).to_be_visible()

    goto(staff, app, "/staff/publications")
    staff.get_by_role("button", name=text("sp.pub_new")).click()
    staff.get_by_label(text("sp.pub_title_zh")).fill("关于春节期间暂停窗口服务的通知")
    staff.get_by_role("button", name=text("sp.pub_save_draft")).click()
    expect(staff.locator("#f-body_zh-error")).to_contain_text(text("open.field_required"))
    staff.get_by_label(text("sp.pub_category")).select_option("notice")
    staff.get_by_label(text("sp.pub_title_en")).fill("Counters closed over the Spring Festival")
    staff.get_by_label(text("sp.pub_body_zh")).fill("2027年2月5日至2月13日窗口暂停服务，网上办理照常。")
    staff.get_by_label(text("sp.pub_body_en")).fill("From 5 to 13 February 2027 the counters "
                                                    "are closed; online services continue.")
    staff.get_by_role("button", name=text("sp.pub_save_draft")).click()
    expect(staff.get_by_text(re.compile(r"GK\d{8}-\d{4} 已保存"))).to_be_visible()
    with app.db() as db:
        item = db.exec(select(Publication).where(
            Publication.title_zh == "关于春节期间暂停窗口服务的通知")).one()

    visitor = browser.new_context(locale="zh-CN").new_page()
    goto(visitor, app, f"/open/{item.pub_no}")
    expect(visitor.get_by_text(text("open.not_found"))).to_be_visible()

    staff.get_by_role("button", name=f"{text('sp.pub_publish')} "
                                     f"关于春节期间暂停窗口服务的通知").click()
    expect(staff.get_by_text(text("sp.pub_published", number=item.pub_no))).to_be_visible()
    goto(visitor, app, "/open")
    visitor.get_by_label(text("open.search")).fill("春节")
    visitor.get_by_role("button", name=text("common.search")).click()
    visitor.get_by_role("link", name="关于春节期间暂停窗口服务的通知").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("关于春节期间暂停窗口服务的通知")
    expect(visitor.get_by_text("网上办理照常")).to_be_visible()
    assert axe_violations(visitor) == []

    reader = browser.new_context(locale="en-US").new_page()  # the same notice in English
    goto(reader, app, "/")
    expect(reader.get_by_role("link", name="Counters closed over the Spring Festival")
           ).to_be_visible()
    goto(reader, app, "/open")
    reader.get_by_label(text("open.search", "en")).fill("Spring Festival")
    reader.get_by_role("button", name=text("common.search", "en")).click()
    reader.get_by_role("link", name="Counters closed over the Spring Festival").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Counters closed over the Spring Festival")
    expect(reader.get_by_text("online services continue")).to_be_visible()

    staff.get_by_role("button", name=f"{text('sp.pub_withdraw')} "
                                     f"关于春节期间暂停窗口服务的通知").click()
    staff.get_by_label(text("sp.pub_withdraw_reason")).fill("安排有变，将另行通知")
    staff.get_by_role("button", name=text("sp.pub_withdraw_yes")).click()
    expect(staff.get_by_text(text("sp.pub_withdrawn", number=item.pub_no))).to_be_visible()
    goto(visitor, app, f"/open/{item.pub_no}")
    today = datetime.now(CHINA_TZ).date().isoformat()
    expect(visitor.get_by_text(text("open.withdrawn_on", date=today))).to_be_visible()
    expect(visitor.get_by_text("网上办理照常")).to_have_count(0)
    no_sideways_scrolling(browser, app, None, ["/open", "/faq", "/ratings"])
    wait_ready(staff)


def test_handlers_refuse_what_is_not_the_callers(app: RunningApp):
    """Any browser can call any handler with any arguments: an officer of another county, a
    second citizen and an officer without the publishing right get nothing and change
    nothing."""
    from convenience_center.services import complaints, inquiries
    from convenience_center.state.participation import ComplaintsState, ConsultState
    from convenience_center.state.staff_complaints import StaffComplaintsState
    from convenience_center.state.staff_consultations import StaffConsultationsState
    from convenience_center.state.staff_publications import StaffPublicationsState
    from tests.e2e.socket_client import ReflexSocket, handler_name, session_cookie

    owner, other = create_citizen(app), create_citizen(app)
    with app.db() as db:
        from convenience_center.models import User

        owner_id = db.exec(select(User.id).where(User.username == owner.username)).one()
        question = inquiries.ask(db, user_id=owner_id, office_code="410105", service_code="",
                                 subject="私密的咨询", question="只有我和金水区能看到的问题内容")
        complaint = complaints.submit(db, user_id=owner_id, kind="office", office_code="410105",
                                      about_person="", case_no="", subject="私密的投诉",
                                      body="只有我和金水区能看到的投诉内容")
    outsider = create_officer(app, "county", "410102", "褚十三")

    socket = ReflexSocket(app, session_cookie(app, outsider.username, outsider.password))
    try:
        socket.emit(handler_name(StaffConsultationsState, "select"),
                    path="/staff/consultations", inquiry_id=str(question.id))
        socket.emit(handler_name(StaffConsultationsState, "answer"),
                    path="/staff/consultations", form={"answer": "越权答复"})
        socket.emit(handler_name(StaffComplaintsState, "select"), path="/staff/complaints",
                    complaint_id=str(complaint.id))
        socket.emit(handler_name(StaffComplaintsState, "reply"), path="/staff/complaints",
                    form={"reply": "越权答复"})
        socket.emit(handler_name(StaffPublicationsState, "save"), path="/staff/publications",
                    form={"category": "notice", "title_zh": "伪造", "title_en": "Forged",
                          "body_zh": "伪造", "body_en": "Forged"})
        frames = "".join(socket.settle(3.0))
    finally:
        socket.close()
    assert "只有我和金水区能看到" not in frames

    socket = ReflexSocket(app, session_cookie(app, other.username, other.password))
    try:
        socket.emit(handler_name(ConsultState, "load"), path="/consult")
        socket.emit(handler_name(ComplaintsState, "load"), path="/complaints")
        socket.emit(handler_name(ComplaintsState, "judge"), path="/complaints",
                    form={"tracking_no": complaint.tracking_no, "verdict": "unsatisfied"})
        frames = "".join(socket.settle(3.0))
    finally:
        socket.close()
    assert "只有我和金水区能看到" not in frames and "私密的" not in frames

    with app.db() as db:
        assert db.get(Inquiry, question.id).status == "open"
        after = db.get(Complaint, complaint.id)
        assert (after.status, after.reply, after.reopened) == ("submitted", None, 0)
        assert db.exec(select(Publication).where(Publication.title_zh == "伪造")).first() is None
