"""The wizard as citizens met it (issue 12): the township left on "Choose…" (item 14), a refused
file (15), a man answering "wife" (17), Chinese punctuation kept (18), missing documents on the
check page (20), the blank form of the stamp step (22), the check page's tab title (35)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from convenience_center.models import ApplicationDraft
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import create_citizen, goto, signed_in, text, wait_ready
from tests.e2e.wizard_helpers import continue_to, draft_through, fill_step, shoot
from tests.factories import Person, id_number

LANGS = ["zh", "en"]


def _page(browser: Browser, lang: str) -> Page:
    return browser.new_context(locale="en-US" if lang == "en" else "zh-CN",
                               viewport={"width": 1280, "height": 900}).new_page()


@pytest.mark.parametrize("lang", LANGS)
def test_a_township_left_on_choose_is_marked_at_its_field(browser: Browser, app: RunningApp,
                                                          lang: str):
    person, draft, _matter, _answers = draft_through(app, "one-child-resident", "apply")
    page = _page(browser, lang)
    signed_in(page, app, person, lang)
    goto(page, app, f"/applications/{draft}/office")
    county = page.get_by_label(text("apply.office_county", lang), exact=True)
    expect(county).to_have_value("410105")  # from the ID number; the township left alone
    continue_to(page, lang)
    message = text("apply.office_township_required", lang)
    township = page.get_by_label(text("apply.office_township", lang), exact=True)
    expect(page.locator("#f-township-error")).to_contain_text(message)
    expect(township).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(county).to_have_value("410105")  # what was chosen is kept
    expect(county).to_have_attribute("aria-invalid", "false")
    if lang == "zh":
        shoot(page, "office-township-required")
    township.select_option("410105001")
    continue_to(page, lang)
    expect(page).to_have_url(re.compile(r"/documents/?$"))
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_a_refused_file_is_named_at_the_file_field(browser: Browser, app: RunningApp,
                                                   tmp_path: Path, lang: str):
    person, draft, _matter, _answers = draft_through(app, "one-child-resident", "apply")
    page = _page(browser, lang)
    signed_in(page, app, person, lang)
    goto(page, app, f"/applications/{draft}/documents")
    photo = tmp_path / "photo.pdf"  # a PNG under a PDF's name
    photo.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40)
    page.locator("#documents input[type=file]").set_input_files(str(photo))
    page.get_by_role("button", name=text("apply.documents_upload", lang), exact=True).click()
    message = text("apply.documents_refused", lang, name="photo.pdf",
                   reason=text("upload.name_mismatch", lang))
    expect(page.locator("#f-file-error")).to_have_text(re.compile(re.escape(message)))
    expect(page.locator("#f-file")).to_have_class(re.compile(r"cc-field--error"))
    expect(page.get_by_role("alert")).to_contain_text(message)
    if lang == "en":
        shoot(page, "documents-refused")
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_a_man_cannot_answer_that_he_is_the_wife(browser: Browser, app: RunningApp,
                                                 lang: str):
    man = create_citizen(app, Person(real_name="王强",
                                     id_number=id_number("410105", male=True)))
    _person, draft, matter, answers = draft_through(app, "one-child-resident", "apply",
                                                    person=man)
    page = _page(browser, lang)
    signed_in(page, app, man, lang)
    goto(page, app, f"/applications/{draft}/applicant")
    fill_step(page, matter, "applicant", {**answers, "applicant_role": "wife"}, lang)
    continue_to(page, lang)
    error = page.locator("#f-applicant_role-error")
    expect(error).to_contain_text("依据您的身份证号码，您为男性" if lang == "zh" else
                                  "Your ID number records you as a man")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/applicant/?$"))
    fill_step(page, matter, "applicant", {**answers, "applicant_role": "husband"}, lang)
    continue_to(page, lang)
    expect(page).to_have_url(re.compile(r"/spouse/?$"))
    page.context.close()


def test_chinese_punctuation_is_kept_as_typed(page: Page, app: RunningApp):
    person, draft, matter, answers = draft_through(app, "one-child-resident", "apply")
    typed = "郑州市金水区，经八路１２号（东院）：３单元"
    signed_in(page, app, person)
    goto(page, app, f"/applications/{draft}/applicant")
    fill_step(page, matter, "applicant", {**answers, "applicant_hukou_address": typed})
    continue_to(page)
    expect(page).to_have_url(re.compile(r"/spouse/?$"))
    with app.db() as db:
        stored = db.exec(select(ApplicationDraft).where(ApplicationDraft.public_id == draft)
                         ).one()
    assert stored.answers["applicant_hukou_address"] == typed
    wait_ready(page)
    page.get_by_role("link", name=re.compile(text("common.back"))).click()
    expect(page).to_have_url(re.compile(r"/applicant/?$"))
    label = next(f.label.zh for f in matter.steps[0].fields
                 if f.name == "applicant_hukou_address")
    expect(page.get_by_label(label, exact=True)).to_have_value(typed)


@pytest.mark.parametrize("lang", LANGS)
def test_the_check_page_lists_the_documents_still_missing(browser: Browser, app: RunningApp,
                                                          lang: str):
    person, draft, _matter, _answers = draft_through(app, "one-child-resident", "apply",
                                                     steps=6, office="410105001")
    page = _page(browser, lang)
    signed_in(page, app, person, lang)
    goto(page, app, f"/applications/{draft}/check")
    missing = page.get_by_role("region", name=text("apply.check_missing_title", lang))
    names = (["户口簿", "结婚证", "夫妻双方居民身份证", "医疗机构出具的妊娠诊断证明"]
             if lang == "zh" else ["Household register (hukou book)", "Marriage certificate",
                                   "Resident ID cards of both spouses",
                                   "Proof of pregnancy from a medical institution"])
    for name in names:
        expect(missing.get_by_text(name, exact=True)).to_be_visible()
    if lang == "zh":
        shoot(page, "check-missing")
    missing.get_by_role("link", name=text("apply.check_missing_link", lang)).click()
    expect(page).to_have_url(re.compile(r"/documents/?\?return=check$"))
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_each_wizard_page_is_titled_by_its_heading(browser: Browser, app: RunningApp,
                                                   lang: str):
    person, draft, matter, _answers = draft_through(app, "one-child-resident", "apply",
                                                    steps=6, office="410105001")
    page = _page(browser, lang)
    signed_in(page, app, person, lang)
    site = text("site.short_name", lang)
    for step, title in (("check", text("apply.check_title", lang)),
                        ("documents", text("apply.documents_title", lang)),
                        ("spouse", matter.steps[1].title.get(lang))):
        goto(page, app, f"/applications/{draft}/{step}")
        expect(page).to_have_title(f"{title} - {site}")
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_stamp_step_links_to_the_form_it_asks_for(browser: Browser, app: RunningApp,
                                                     lang: str):
    person, draft, _matter, _answers = draft_through(app, "honor-certificate", "apply",
                                                     steps=5)
    page = _page(browser, lang)
    signed_in(page, app, person, lang)
    goto(page, app, f"/applications/{draft}/endorsement")
    link = page.get_by_role("link", name=text("guide.download_form", lang))
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    expect(page).to_have_url(re.compile(r"/endorsement/?$"))  # the wizard stays where it was
    if lang == "en":
        shoot(page, "stamp-step-form")
    page.context.close()
