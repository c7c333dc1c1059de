"""Two browsers side by side: a citizen applies, officers process the case, everyone sees it
live, a certificate is issued, checked by its QR code's page, and cancelled."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from convenience_center.domain.services import get_matter
from convenience_center.models import Attachment, AuditEntry, Case
from convenience_center.state.staff import StaffCaseState
from tests.e2e.conftest import Inbox, RunningApp
from tests.e2e.helpers import (
    create_citizen,
    event_names,
    goto,
    record_frames,
    signed_in,
    text,
    wait_ready,
)
from tests.e2e.socket_client import ReflexSocket, handler_name, session_cookie
from tests.e2e.wizard_helpers import (
    answer_all_steps,
    continue_to,
    fill_step,
    finish_and_submit,
    person_like,
)
from tests.factories import Person


def create_officer(app: RunningApp, role: str, office: str) -> Person:
    person = Person(real_name="审核员")
    done = app.cc_admin("create-staff", "--username", person.username, "--name",
                        person.real_name, "--email", person.email, "--role", role,
                        "--office", office, stdin=person.password + "\n")
    assert done.returncode == 0, done.stderr
    return person


def officer_page(browser: Browser, app: RunningApp, person: Person,
                 sent: list[str] | None = None) -> Page:
    """An officer signed in on the dashboard (``sent``: keep the frames the page sends)."""
    page = browser.new_context(locale="zh-CN").new_page()
    if sent is not None:
        record_frames(page, sent)
    goto(page, app, "/login?next=%2Fstaff")
    page.get_by_label(text("login.identifier")).fill(person.username)
    page.get_by_label(text("login.password"), exact=True).fill(person.password)
    page.get_by_role("button", name=text("login.submit"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/staff/?$"), timeout=20_000)
    wait_ready(page)
    return page


ACTION_LABELS = {"accept": "受理", "forward": "审核通过，报上级", "approve": "批准",
                 "issue": "办结发证", "request_supplement": "一次性告知补正",
                 "cancel_certificate": "办结注销"}


def choose_action(page: Page, app: RunningApp, case_no: str, action: str,
                  reason: str = "") -> None:
    """An officer on the case page picks an action (and writes the reason), not yet sent."""
    if f"/staff/cases/{case_no}" not in page.url:
        goto(page, app, f"/staff/cases/{case_no}")
    page.get_by_label(ACTION_LABELS[action], exact=True).check()
    if reason:
        page.get_by_label(text("staff.reason")).fill(reason)


def send_action(page: Page) -> None:
    page.get_by_role("button", name=text("staff.submit_action")).click()


def decide(page: Page, app: RunningApp, case_no: str, action: str, reason: str = "") -> None:
    """An officer takes an action on the case page."""
    choose_action(page, app, case_no, action, reason)
    send_action(page)
    # Taken: the action is no longer offered (the "done" message may still be on the page
    # from the action before, so it alone does not tell).
    expect(page.get_by_label(ACTION_LABELS[action], exact=True)).to_have_count(0,
                                                                              timeout=10_000)
    expect(page.get_by_text(text("workflow.done"))).to_be_visible()


def run_through(browser: Browser, page: Page, app: RunningApp, service: str, matter_code: str,
                answers: dict, tmp_path: Path) -> str:
    _, matter = get_matter(service, matter_code)
    goto(page, app, f"/apply/{service}/{matter_code}")
    page.get_by_role("button", name=re.compile(text("apply.start_button"))).click()
    answer_all_steps(page, matter, answers)
    return finish_and_submit(page, matter, answers, tmp_path)


def test_two_browsers_from_submission_to_certificate_and_cancellation(
        browser: Browser, page: Page, app: RunningApp, inbox: Inbox, tmp_path: Path):
    _, matter = get_matter("one-child-resident", "apply")
    answers = dict(matter.samples.valid)
    citizen = create_citizen(app, person_like(answers["applicant_id_number"], "李娜"))
    township_sent: list[str] = []
    township = officer_page(browser, app, create_officer(app, "township", "410105001"),
                            township_sent)
    county = officer_page(browser, app, create_officer(app, "county", "410105"))
    county.get_by_role("button", name=re.compile(text("staff.queue_all"))).click()
    before = township.locator("tbody tr").count()
    township.wait_for_timeout(300)  # (Playwright hands over the frames while it waits)
    asked_before = len(township_sent)

    # The citizen submits; both dashboards show the case without reloading, and without
    # asking: the server writes the new queues into them.
    signed_in(page, app, citizen)
    case_no = run_through(browser, page, app, "one-child-resident", "apply", answers, tmp_path)
    expect(township.get_by_role("link", name=case_no)).to_be_visible(timeout=10_000)
    expect(county.get_by_role("link", name=case_no)).to_be_visible(timeout=10_000)
    assert township.locator("tbody tr").count() == before + 1
    township.wait_for_timeout(500)
    assert event_names(township_sent[asked_before:]) == []

    # The township asks for a supplement; the citizen's page shows it live.
    township.get_by_role("link", name=case_no).click()
    expect(township.get_by_role("heading", level=1)).to_contain_text(case_no)
    wait_ready(township)
    decide(township, app, case_no, "request_supplement", "请补充上传户口簿首页")
    expect(page.get_by_role("heading", name=text("case.supplement_title"))).to_be_visible(
        timeout=10_000)
    expect(page.get_by_text("请补充上传户口簿首页", exact=True)).to_be_visible()
    inbox.wait_for(citizen.email, subject=case_no)

    # The citizen adds a document and resubmits; the officer's page updates live.
    page.get_by_role("link", name=text("case.supplement_button")).click()
    expect(page).to_have_url(re.compile(r"/check/?$"))
    wait_ready(page)
    page.get_by_role("link", name=text("apply.change_documents")).click()
    expect(page).to_have_url(re.compile(r"/documents/?\?return=check$"))
    wait_ready(page)
    page.get_by_label(text("apply.documents_which"), exact=True).select_option("hukou_book")
    extra = tmp_path / "hukou-front.pdf"
    extra.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.locator("#documents input[type=file]").set_input_files(str(extra))
    page.get_by_role("button", name=text("apply.documents_upload"), exact=True).click()
    expect(page.get_by_text(text("apply.documents_uploaded", name="hukou-front.pdf"))
           ).to_be_visible()
    page.get_by_role("button", name=text("apply.save_return"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/check/?$"))
    wait_ready(page)
    page.get_by_role("button", name=text("apply.resubmit_button")).click()
    expect(page).to_have_url(re.compile(rf"/my/applications/{case_no}/?$"), timeout=15_000)
    expect(township.get_by_text("申请人已补正并重新提交。")).to_be_visible(timeout=10_000)
    expect(township.get_by_role("link", name="hukou-front.pdf")).to_be_visible()

    # Accepted by the township, forwarded, approved and issued by the county.
    decide(township, app, case_no, "accept")
    expect(page.get_by_text("申请已受理，进入审核。")).to_be_visible(timeout=10_000)
    decide(township, app, case_no, "forward", "材料齐全，同意上报")
    county.get_by_role("link", name=case_no).click()
    wait_ready(county)
    decide(county, app, case_no, "approve")
    decide(county, app, case_no, "issue")

    # The citizen sees the certificate live, gets the e-mail, downloads it; its QR page checks.
    expect(page.get_by_role("heading", name=text("case.certificate"))).to_be_visible(
        timeout=10_000)
    inbox.wait_for(citizen.email, subject=case_no)
    cert_no = page.locator("section").filter(has=page.get_by_role(
        "heading", name=text("case.certificate"))).get_by_role("link").first.inner_text()
    pdf = page.context.request.get(f"{app.url}/certificates/{cert_no}.pdf?lang=zh")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF-")
    assert httpx.get(f"{app.url}/certificates/{cert_no}.pdf").status_code == 404
    verify = browser.new_context(locale="zh-CN").new_page()
    goto(verify, app, f"/verify/{cert_no}")
    expect(verify.get_by_role("status")).to_have_text(text("verify.status_valid"))
    expect(verify.get_by_text("李*")).to_be_visible()

    # Cancelling the certificate is an application of its own.
    _, cancel = get_matter("one-child-resident", "cancel")
    cancel_answers = {**cancel.samples.valid, "certificate_no": cert_no}
    cancel_no = run_through(browser, page, app, "one-child-resident", "cancel", cancel_answers,
                            tmp_path)
    decide(township, app, cancel_no, "accept")
    decide(township, app, cancel_no, "forward")
    decide(county, app, cancel_no, "approve")
    # The officer sees what the certificate named is, and that the decision ended it.
    expect(county.get_by_text(re.compile(rf"^{cert_no}：有效（"))).to_be_visible()
    decide(county, app, cancel_no, "cancel_certificate")  # a cancellation issues nothing
    expect(county.get_by_text(re.compile(rf"^{cert_no}：已注销"))).to_be_visible()
    goto(verify, app, f"/verify/{cert_no}")
    expect(verify.get_by_role("status")).to_have_text(text("verify.status_cancelled"))

    # Naming the cancelled certificate once more: the message is at its field, the input kept.
    goto(page, app, "/apply/one-child-resident/cancel")
    page.get_by_role("button", name=re.compile(text("apply.start_button"))).click()
    continue_to(page)  # the applicant's own details come from the account
    fill_step(page, cancel, "certificate", cancel_answers)
    continue_to(page)
    expect(page.locator("#f-certificate_no-error")).to_contain_text("您名下没有这个编号的有效证件")
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#f-certificate_no")).to_have_value(cert_no)
    for other in (township, county, verify):
        other.context.close()


def test_an_officer_of_another_county_can_neither_open_nor_act(page: Page, app: RunningApp,
                                                               tmp_path: Path):
    _, matter = get_matter("one-child-resident", "apply")
    answers = dict(matter.samples.valid)
    citizen = create_citizen(app, person_like(answers["applicant_id_number"], "李娜"))
    signed_in(page, app, citizen)
    case_no = run_through(page.context.browser, page, app, "one-child-resident", "apply",
                          answers, tmp_path)
    outsider = create_officer(app, "county", "410102")
    page.context.clear_cookies()
    goto(page, app, "/login?next=%2Fstaff")
    page.get_by_label(text("login.identifier")).fill(outsider.username)
    page.get_by_label(text("login.password"), exact=True).fill(outsider.password)
    page.get_by_role("button", name=text("login.submit"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/staff/?$"), timeout=20_000)
    goto(page, app, f"/staff/cases/{case_no}")
    expect(page.get_by_role("heading", name=text("staff.case_not_found"))).to_be_visible()
    # Calling the handler directly, with a made-up version, changes nothing.
    socket = ReflexSocket(app, session_cookie(app, outsider.username, outsider.password))
    try:
        socket.emit(handler_name(StaffCaseState, "act"), path=f"/staff/cases/{case_no}",
                    form={"action": "accept", "reason": ""})
        socket.settle(2.0)
    finally:
        socket.close()
    with app.db() as db:
        assert db.exec(select(Case.status).where(Case.case_no == case_no)).one() == "submitted"
    assert httpx.get(f"{app.url}/staff/cases/{case_no}/summary.pdf",
                     headers={"Cookie": session_cookie(app, outsider.username,
                                                       outsider.password)}).status_code == 404
    # Three of the case's documents, asked for from the outsider's browser: not found either.
    with app.db() as db:
        files = db.exec(select(Attachment.public_id).join(Case, Case.id == Attachment.case_id)
                        .where(Case.case_no == case_no).order_by(Attachment.id)).all()[:3]
    for file_id in files:
        assert page.context.request.get(f"{app.url}/files/{file_id}").status == 404
    # Every refused request is in the audit log: the page, the handler call and the summary
    # (as refused views of the case), and each of the three documents.
    with app.db() as db:
        refused = db.exec(select(AuditEntry).where(AuditEntry.actor_name == outsider.username,
                                                   AuditEntry.action == "permission.denied")
                          ).all()
    views = [e for e in refused if e.detail and '"view_case"' in e.detail]
    assert len(views) >= 3, [(e.target_type, e.target_id, e.detail) for e in refused]
    assert sorted(e.target_id for e in refused if e.target_type == "file") == sorted(files)
