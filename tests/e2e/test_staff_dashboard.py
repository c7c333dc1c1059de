"""An officer searches the work queues by part of a case number or a name, its pinyin or its
initials, and orders them by due date: decided cases come last and say when they closed."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.case_helpers import act, submitted_case, user_of
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import goto, text, wait_ready
from tests.e2e.test_staff_workflow import create_officer
from tests.factories import Person


def staff_page(browser: Browser, app: RunningApp, person: Person, lang: str = "zh") -> Page:
    """The officer's work queues, signed in, in ``lang``, with the queue "All" shown."""
    page = browser.new_context(locale="en-US" if lang == "en" else "zh-CN").new_page()
    goto(page, app, "/login?next=%2Fstaff")
    page.get_by_label(text("login.identifier", lang)).fill(person.username)
    page.get_by_label(text("login.password", lang), exact=True).fill(person.password)
    page.get_by_role("button", name=text("login.submit", lang), exact=True).click()
    expect(page).to_have_url(re.compile(r"/staff/?$"), timeout=20_000)
    wait_ready(page)
    page.get_by_role("button", name=re.compile(text("staff.queue_all", lang))).click()
    expect(page.get_by_role("button", name=re.compile(text("staff.queue_all", lang)))
           ).to_have_attribute("aria-pressed", "true")
    return page


def search(page: Page, query: str, lang: str = "zh") -> None:
    page.get_by_label(text("staff.search", lang), exact=True).fill(query)
    page.get_by_role("button", name=text("staff.apply_filters", lang), exact=True).click()


def test_an_officer_finds_cases_by_part_of_the_number_or_name_pinyin_or_initials(
        browser: Browser, app: RunningApp):
    office = "410105008"  # 丰产路街道: no other browser test files cases there
    ouyang = submitted_case(app, "欧阳锦程", office)
    zeng = submitted_case(app, "曾翠微", office)
    page = staff_page(browser, app, create_officer(app, "township", office))
    expect(page.locator("#f-search-hint")).to_have_text(text("staff.search_hint"))
    expected = {  # what the officer types → the case found (the other one is not)
        "欧阳": ouyang, "锦程": ouyang, "ouyang": ouyang, "OYJC": ouyang, "oy": ouyang,
        ouyang[-4:]: ouyang, ouyang.replace("-", ""): ouyang,
        "曾": zeng, "zeng": zeng, "ceng": zeng, "zcw": zeng, "cuiwei": zeng,
    }
    empty = page.get_by_role("status").filter(has_text=text("staff.empty"))
    for query, case_no in expected.items():
        other = zeng if case_no == ouyang else ouyang
        search(page, "王")  # nothing: the list the next search shows is its own, not the last one
        expect(empty).to_be_visible()
        search(page, query)
        expect(page.get_by_role("link", name=case_no, exact=True)).to_be_visible()
        expect(page.get_by_role("link", name=other, exact=True)).to_have_count(0)
    search(page, ouyang[:11])  # 410105-2026: the start of both numbers
    expect(page.get_by_role("link", name=ouyang, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=zeng, exact=True)).to_be_visible()
    search(page, "王")
    expect(empty).to_be_visible()
    page.context.close()

    english = staff_page(browser, app, create_officer(app, "township", office), "en")
    expect(english.locator("#f-search-hint")).to_have_text(text("staff.search_hint", "en"))
    search(english, "Ouyang Jin", "en")
    expect(english.get_by_role("link", name=ouyang, exact=True)).to_be_visible()
    expect(english.get_by_role("link", name=zeng, exact=True)).to_have_count(0)
    english.context.close()


def _due_cells(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("tbody tr td:last-child")


def test_due_soonest_first_puts_decided_cases_last_with_the_day_they_closed(
        browser: Browser, app: RunningApp):
    office = "410105009"  # 东风路街道: no other browser test files cases there
    refused = submitted_case(app, "甲一", office)  # the first, so the earliest due date
    running = submitted_case(app, "乙二", office)
    waiting = submitted_case(app, "丙三", office)
    later = submitted_case(app, "丁四", office)
    person = create_officer(app, "township", office)
    officer = user_of(app, person)
    act(app, officer, refused, "not_accept", "不属于本单位受理范围")
    act(app, officer, waiting, "request_supplement", "请补充上传结婚证")
    page = staff_page(browser, app, person)
    page.get_by_label(text("staff.sort"), exact=True).select_option("due")
    page.get_by_role("button", name=text("staff.apply_filters"), exact=True).click()
    cases = page.locator("tbody tr td:first-child")
    expect(cases).to_have_text([running, later, waiting, refused])  # running cases first
    due = _due_cells(page)
    expect(due.nth(0)).to_have_text(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    expect(due.nth(2)).to_contain_text(text("staff.due_paused"))
    closed = due.nth(3)
    expect(closed).to_have_text(re.compile(r"^已结束（\d{4}-\d{2}-\d{2}）$"))
    promised = due.nth(0).inner_text()
    expect(closed).not_to_contain_text(promised)  # the old promised date is gone
    page.context.close()

    english = staff_page(browser, app, person, "en")
    english.get_by_label(text("staff.sort", "en"), exact=True).select_option("due")
    english.get_by_role("button", name=text("staff.apply_filters", "en"), exact=True).click()
    expect(english.locator("tbody tr td:first-child")).to_have_text(
        [running, later, waiting, refused])
    expect(_due_cells(english).nth(3)).to_have_text(re.compile(r"^Closed \d{4}-\d{2}-\d{2}$"))
    expect(_due_cells(english).nth(2)).to_contain_text(text("staff.due_paused", "en"))
    english.context.close()
