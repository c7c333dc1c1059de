"""What officers and citizens saw go wrong in the workflow (issue 12), done again in the
browser: the one-time notice sent twice, the office offered while correcting, the missing
items row that stayed, the citizen's wording on staff pages, no e-mail on forwarding, a
cancelled certificate that still looked valid, a cancellation "issued", a withdrawn case's
promise. Steps that are not the point of a test (officers moving a case along) are taken
through the services on the app's database."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from convenience_center.domain.services import get_matter
from convenience_center.models import Case, Certificate, User
from convenience_center.services import workflow
from convenience_center.services.common import CHINA_TZ, CurrentUser
from tests.documents.pdfcheck import squash, text_of
from tests.e2e.conftest import Inbox, RunningApp
from tests.e2e.helpers import create_citizen, goto, signed_in, text, wait_ready
from tests.e2e.test_staff_workflow import create_officer, decide, officer_page, run_through
from tests.e2e.wizard_helpers import person_like
from tests.factories import Person

SHOTS = Path("/tmp/workflow-shots")


def _as_user(app: RunningApp, person: Person) -> CurrentUser:
    with app.db() as db:
        user = db.exec(select(User).where(User.username == person.username)).one()
        return CurrentUser(id=user.id, username=user.username, real_name=user.real_name,
                           role=user.role, office_code=user.office_code, lang=user.lang,
                           session_id=0)


def _advance(app: RunningApp, officer: CurrentUser, case_no: str, *actions: str) -> None:
    """An officer takes ``actions`` on the case (not what the test is about)."""
    for action in actions:
        with app.db() as db:
            version = db.exec(select(Case.version).where(Case.case_no == case_no)).one()
            workflow.take_action(db, user=officer, case_no=case_no, action_name=action,
                                 version=version)


def _mail_body(inbox: Inbox, to: str, case_no: str, needle: str) -> str:
    """The text of the e-mail to ``to`` about ``case_no`` that says ``needle``."""
    message = inbox.wait_for(to, subject=case_no, body=needle)
    return message.get_body(preferencelist=("plain",)).get_content()


def _shoot(page: Page, name: str) -> None:
    """Screenshots at 1280 px and 375 px (looked at while developing)."""
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _switch_language(page: Page, to: str) -> None:
    """The header's language button; done when it offers the other language."""
    page.get_by_role("button", name=text("nav.switch_language_label",
                                         "zh" if to == "en" else "en")).click()
    expect(page.get_by_role("button", name=text("nav.switch_language_label", to))
           ).to_be_visible()


def _citizen_with_case(browser: Browser, page: Page, app: RunningApp,
                       tmp_path: Path) -> tuple[Person, str]:
    _, matter = get_matter("one-child-resident", "apply")
    answers = dict(matter.samples.valid)
    citizen = create_citizen(app, person_like(answers["applicant_id_number"], "李娜"))
    signed_in(page, app, citizen)
    return citizen, run_through(browser, page, app, "one-child-resident", "apply", answers,
                                tmp_path)


def test_one_notice_of_missing_items_then_the_office_stays_and_the_row_goes(
        browser: Browser, page: Page, app: RunningApp, inbox: Inbox, tmp_path: Path):
    citizen, case_no = _citizen_with_case(browser, page, app, tmp_path)
    township = officer_page(browser, app, create_officer(app, "township", "410105001"))
    goto(township, app, f"/staff/cases/{case_no}")
    decide(township, app, case_no, "request_supplement", "请补充户口簿首页")

    # While the case waits, the officer reads about the applicant, in both languages.
    facts = township.locator("dl.cc-summary").first
    expect(facts.get_by_text(text("staff.supplement"), exact=True)).to_be_visible()
    expect(township.get_by_role("heading", name=text("staff.answers"))).to_be_visible()
    expect(township.get_by_text("申请人是", exact=True)).to_be_visible()
    expect(township.get_by_text("申请人户籍地址", exact=True)).to_be_visible()
    expect(township.get_by_text("您是", exact=True)).to_have_count(0)
    with township.expect_download() as download:
        township.get_by_role("link", name=text("staff.print_summary")).click()
    summary = squash(text_of(download.value.path().read_bytes()))
    assert "申请人是" in summary and "您是" not in summary and "您的户籍地址" not in summary
    _switch_language(township, "en")
    expect(township.get_by_role("heading", name=text("staff.answers", "en"))).to_be_visible()
    expect(township.get_by_role("heading", name=text("staff.documents", "en"))).to_be_visible()
    expect(township.get_by_text("Waiting for the applicant to add documents").first
           ).to_be_visible()
    expect(township.get_by_text("The applicant is the", exact=True)).to_be_visible()
    for wording in ("Your answers", "Your documents", "Waiting for you to add documents",
                    "You are the"):
        expect(township.get_by_text(wording, exact=True)).to_have_count(0)
    _shoot(township, "staff-case-waiting-en")
    _switch_language(township, "zh")

    # Correcting the application: the office is not offered for change, and why not.
    goto(page, app, f"/my/applications/{case_no}")
    page.get_by_role("link", name=text("case.supplement_button")).click()
    expect(page).to_have_url(re.compile(r"/check/?$"))
    wait_ready(page)
    office_change = f"{text('apply.change')} {text('apply.check_office')}"
    expect(page.get_by_text(text("apply.office_fixed"))).to_be_visible()
    expect(page.get_by_role("link", name=office_change, exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(f"^{text('apply.change')} ")).first
           ).to_be_visible()  # the answers can still be changed
    _shoot(page, "check-amending-zh")
    _switch_language(page, "en")
    expect(page.get_by_text(text("apply.office_fixed", "en"))).to_be_visible()
    _switch_language(page, "zh")
    page.get_by_role("button", name=text("apply.resubmit_button")).click()
    expect(page).to_have_url(re.compile(rf"/my/applications/{case_no}/?$"), timeout=15_000)

    # Resubmitted: the officer's page shows no missing-items row, and no second notice.
    expect(township.get_by_text("申请人已补正并重新提交。")).to_be_visible(timeout=10_000)
    expect(facts.get_by_text(text("staff.supplement"), exact=True)).to_have_count(0)
    expect(township.get_by_label("受理", exact=True)).to_be_visible()
    expect(township.get_by_label("不予受理", exact=True)).to_be_visible()
    expect(township.get_by_label("一次性告知补正", exact=True)).to_have_count(0)
    with app.db() as db:
        assert db.exec(select(Case.office_code).where(Case.case_no == case_no)).one() \
            == "410105001"

    # Accepted and forwarded: the citizen is told of the forwarding too.
    decide(township, app, case_no, "accept")
    decide(township, app, case_no, "forward", "材料齐全，同意上报")
    body = _mail_body(inbox, citizen.email, case_no, "报上级审批")
    assert "已通过" in body
    expect(facts.get_by_text(text("staff.supplement"), exact=True)).to_have_count(0)
    township.context.close()


def test_a_cancelled_certificate_says_so_and_the_cancellation_speaks_of_cancelling(
        browser: Browser, page: Page, app: RunningApp, inbox: Inbox, tmp_path: Path):
    citizen, case_no = _citizen_with_case(browser, page, app, tmp_path)
    township = _as_user(app, create_officer(app, "township", "410105001"))
    county_person = create_officer(app, "county", "410105")
    county = _as_user(app, county_person)
    _advance(app, township, case_no, "accept", "forward")
    _advance(app, county, case_no, "approve", "issue")
    with app.db() as db:
        certificate = db.exec(select(Certificate).join(Case, Case.id == Certificate.case_id)
                              .where(Case.case_no == case_no)).one()
    cert_no = certificate.cert_no

    # The citizen applies to cancel it; the county decides with "cancel", not "issue".
    _, cancel = get_matter("one-child-resident", "cancel")
    cancel_no = run_through(browser, page, app, "one-child-resident", "cancel",
                            {**cancel.samples.valid, "certificate_no": cert_no}, tmp_path)
    _advance(app, township, cancel_no, "accept", "forward")
    _advance(app, county, cancel_no, "approve")
    officer = officer_page(browser, app, county_person)
    goto(officer, app, f"/staff/cases/{cancel_no}")
    expect(officer.get_by_label("办结发证", exact=True)).to_have_count(0)
    decide(officer, app, cancel_no, "cancel_certificate")
    expect(page.get_by_text("已办结，您申请注销的证件已注销，不再有效。")).to_be_visible(
        timeout=10_000)
    expect(page.get_by_text("已办结，证件已注销").first).to_be_visible()
    expect(page.get_by_text(re.compile("电子证件已发放"))).to_have_count(0)
    body = _mail_body(inbox, citizen.email, cancel_no, "已注销")
    assert "发放" not in body and "下载" not in body

    # The original case: the certificate is marked cancelled, with the date and the case.
    with app.db() as db:
        ended = db.get(Certificate, certificate.id).ended_at.astimezone(CHINA_TZ).date()
    goto(page, app, f"/my/applications/{case_no}")
    note = page.get_by_role("alert").filter(has_text=text(
        "certificate.standing_cancelled", date=ended.isoformat(), case=cancel_no))
    expect(note).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=text("case.certificate_download")).click()
    pdf = squash(text_of(download.value.path().read_bytes()))
    assert "已注销" in pdf and cancel_no in pdf and "本证失效" in pdf
    _shoot(page, "case-certificate-cancelled-zh")
    _switch_language(page, "en")
    expect(page.get_by_text(text("certificate.standing_cancelled", "en",
                                 date=ended.isoformat(), case=cancel_no))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=text("case.certificate_download", "en")).click()
    pdf = squash(text_of(download.value.path().read_bytes()))
    assert "CANCELLED" in pdf and cancel_no in pdf
    _switch_language(page, "zh")

    # The officer's page of the original case and the public check say the same.
    goto(officer, app, f"/staff/cases/{case_no}")
    expect(officer.get_by_text(text("certificate.standing_cancelled", date=ended.isoformat(),
                                    case=cancel_no))).to_be_visible()
    goto(page, app, f"/verify/{cert_no}")
    expect(page.get_by_role("status")).to_have_text(text("verify.status_cancelled"))
    rows = page.locator("dl.cc-summary .cc-summary__row")
    expect(rows.filter(has_text=text("verify.cancelled_on"))).to_have_text(
        text("verify.cancelled_on") + ended.isoformat())
    expect(rows.filter(has_text=text("verify.ended_by_case"))).to_have_text(
        text("verify.ended_by_case") + cancel_no)
    _shoot(page, "verify-cancelled-zh")
    officer.context.close()


def test_a_withdrawn_case_no_longer_shows_a_promised_date(browser: Browser, page: Page,
                                                           app: RunningApp, tmp_path: Path):
    _, case_no = _citizen_with_case(browser, page, app, tmp_path)
    goto(page, app, f"/my/applications/{case_no}")
    facts = page.locator("dl.cc-summary").first
    expect(facts.get_by_text(text("case.promised"), exact=True)).to_be_visible()
    page.get_by_role("button", name=text("case.withdraw_button")).click()
    page.get_by_role("button", name=text("case.withdraw_yes")).click()  # it asks first
    expect(page.get_by_text(text("case.withdrawn"))).to_be_visible()
    expect(facts.get_by_text("已撤回", exact=True)).to_be_visible()
    expect(facts.get_by_text(text("case.promised"), exact=True)).to_have_count(0)
    goto(page, app, "/my/applications")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=case_no))
    expect(row.get_by_role("cell").nth(4)).to_have_text("—")
    _switch_language(page, "en")
    goto(page, app, f"/my/applications/{case_no}")
    expect(page.locator("dl.cc-summary").first.get_by_text(text("case.promised", "en"),
                                                           exact=True)).to_have_count(0)
