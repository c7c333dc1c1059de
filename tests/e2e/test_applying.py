"""Applying online end to end: guide, form download, wizard with uploads, drafts resumed in
another browser, submission, receipt, "My applications", and the public progress query."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from convenience_center.domain.services import get_matter
from convenience_center.models import Case
from tests.e2e.conftest import Inbox, RunningApp
from tests.e2e.helpers import create_citizen, goto, signed_in, text, wait_ready
from tests.e2e.wizard_helpers import (
    answer_all_steps,
    continue_to,
    fill_step,
    finish_and_submit,
    person_like,
)
from tests.factories import Person

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sample_file(tmp_path: Path, name: str, data: bytes = PDF) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def upload_documents(page: Page, tmp_path: Path, codes_and_names: list[tuple[str, str]]) -> None:
    for code, label in codes_and_names:
        page.get_by_label(text("apply.documents_which"), exact=True).select_option(code)
        page.locator("#documents input[type=file]").set_input_files(
            str(sample_file(tmp_path, f"{code}.pdf")))
        page.get_by_role("button", name=text("apply.documents_upload"), exact=True).click()
        expect(page.get_by_text(f"已上传 {code}.pdf")).to_be_visible()
        del label


def test_one_child_certificate_from_guide_to_tracking(page: Page, app: RunningApp,
                                                      inbox: Inbox, tmp_path: Path):
    service, matter = get_matter("one-child-resident", "apply")
    answers = dict(matter.samples.valid)
    person = create_citizen(app, Person(real_name="李娜", id_number="410105199203150020"))
    signed_in(page, app, person)
    # The guide, and its form as a PDF.
    goto(page, app, "/services")
    page.get_by_role("link", name=service.name.zh).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(service.name.zh)
    form_link = page.get_by_role("link", name=text("guide.download_form")).first
    pdf = httpx.get(app.url + form_link.get_attribute("href"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    page.get_by_role("link", name=text("guide.apply_online")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(matter.name.zh)
    wait_ready(page)
    page.get_by_role("button", name=re.compile(text("apply.start_button"))).click()
    # The applicant's identity comes from the account (shown masked, not editable).
    expect(page.get_by_text("4101**********0020")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("410105199203150020")).to_have_count(0)
    answer_all_steps(page, matter, answers)
    # The office: the county from the ID number is chosen already; pick the township.
    expect(page.get_by_label(text("apply.office_county"))).to_have_value("410105")
    page.get_by_label(text("apply.office_township")).select_option("410105001")
    continue_to(page)
    expect(page).to_have_url(re.compile(r"/documents/?$"))
    wait_ready(page)
    upload_documents(page, tmp_path, [("id_cards", ""), ("hukou_book", ""),
                                      ("marriage_certificate", ""), ("pregnancy_proof", "")])
    page.get_by_role("button", name=text("common.continue"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/check/?$"))
    expect(page.get_by_text("王强")).to_be_visible()
    page.get_by_role("button", name=text("apply.submit_button")).click()
    expect(page.get_by_role("heading", name=text("apply.submitted_title"))).to_be_visible(
        timeout=15_000)
    case_no = page.locator(".cc-panel__number").inner_text()
    assert re.fullmatch(r"410105-\d{8}-\d{4}", case_no)
    inbox.wait_for(person.email, subject=case_no)
    receipt = page.context.request.get(f"{app.url}/receipts/{case_no}.pdf?lang=zh")
    assert receipt.status == 200 and receipt.body().startswith(b"%PDF-")
    # My applications lists it; the public query finds it with the ID number only.
    goto(page, app, "/my/applications")
    expect(page.get_by_role("link", name=case_no)).to_be_visible()
    page.context.clear_cookies()
    goto(page, app, "/track")
    page.get_by_label(text("track.case_no")).fill(case_no)
    page.get_by_label(text("track.id_number")).fill("410105199008080012")
    page.get_by_role("button", name=text("track.submit")).click()
    expect(page.get_by_text(text("track.not_found"))).to_be_visible()
    page.get_by_label(text("track.id_number")).fill(person.id_number)
    page.get_by_role("button", name=text("track.submit")).click()
    expect(page.get_by_role("heading", name=text("track.result", case_no=case_no))).to_be_visible()
    expect(page.get_by_text(person.real_name)).to_have_count(0)
    with app.db() as db:
        assert len(db.exec(select(Case).where(Case.case_no == case_no)).all()) == 1


def test_honour_certificate_in_english_on_a_phone_resumed_in_another_browser(
        browser: Browser, app: RunningApp, tmp_path: Path):
    service, matter = get_matter("honor-certificate", "apply")
    answers = dict(matter.samples.valid)
    person = create_citizen(app, person_like(answers["applicant_id_number"], "Zhang Min"))
    phone = browser.new_context(locale="en-US", viewport={"width": 375, "height": 760},
                                is_mobile=True, has_touch=True)
    page = phone.new_page()
    signed_in(page, app, person, "en")
    goto(page, app, f"/apply/{service.code}/{matter.code}")
    page.get_by_role("button", name=re.compile(text("apply.start_button", "en"))).click()
    first, second = matter.steps[0], matter.steps[1]
    expect(page).to_have_url(re.compile(rf"/{first.name}/?$"), timeout=15_000)
    wait_ready(page)
    fill_step(page, matter, first.name, answers, "en")
    continue_to(page, "en")
    expect(page).to_have_url(re.compile(rf"/{second.name}/?$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    phone.close()  # the phone is put away mid-way...
    desk = browser.new_context(locale="en-US")  # ...and the application goes on elsewhere
    page = desk.new_page()
    signed_in(page, app, person, "en")
    goto(page, app, "/my/applications")
    page.get_by_role("link", name=text("my.continue", "en")).first.click()
    expect(page).to_have_url(re.compile(rf"/{second.name}/?$"), timeout=15_000)
    wait_ready(page)
    page.get_by_role("link", name=re.compile(text("common.back", "en"))).click()
    expect(page).to_have_url(re.compile(rf"/{first.name}/?$"))
    wait_ready(page)
    hukou = next(f for f in first.fields if f.name == "applicant_hukou_address")
    expect(page.get_by_label(hukou.label.en, exact=True)).to_have_value(
        answers["applicant_hukou_address"])
    continue_to(page, "en")
    answer_all_steps(page, matter, answers, "en", skip=1)
    case_no = finish_and_submit(page, matter, answers, tmp_path, "en")
    assert re.fullmatch(r"4101\d\d-\d{8}-\d{4}", case_no)
    desk.close()


def test_personnel_certificate_and_a_cancellation(page: Page, app: RunningApp,
                                                  tmp_path: Path):
    for code, matter_code in (("personnel-certificate", "apply"),
                              ("one-child-resident", "cancel")):
        service, matter = get_matter(code, matter_code)
        answers = dict(matter.samples.valid)
        person = create_citizen(app, person_like(answers["applicant_id_number"],
                                                 answers["applicant_name"]))
        page.context.clear_cookies()
        signed_in(page, app, person)
        goto(page, app, f"/apply/{service.code}/{matter.code}")
        page.get_by_role("button", name=re.compile(text("apply.start_button"))).click()
        answer_all_steps(page, matter, answers)
        case_no = finish_and_submit(page, matter, answers, tmp_path)
        with app.db() as db:
            case = db.exec(select(Case).where(Case.case_no == case_no)).one()
        assert case.service_code == code and case.matter_code == matter_code
        assert case.answers.get("applicant_id_number") == person.id_number
