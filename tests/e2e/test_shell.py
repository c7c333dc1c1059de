"""The shell: language choice, keyboard use, phone-sized screens, accessibility (axe-core)."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import (
    create_admin,
    create_citizen,
    fill_registration,
    goto,
    signed_in,
    text,
    wait_ready,
)
from tests.factories import Person

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}
PUBLIC_PAGES = ["/", "/register", "/login", "/forgot-password", "/report-misuse", "/faq",
                "/ratings", "/open",
                "/notes-for-users", "/privacy", "/no-such-page"]


def axe_violations(page: Page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
            f"{[n['target'] for n in v['nodes'][:3]]})" for v in results.response["violations"]]


def test_first_visit_follows_the_browser_and_the_choice_is_remembered(browser: Browser,
                                                                      app: RunningApp):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    goto(page, app, "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(text("home.title", "en"))
    expect(page.locator("[data-ready]")).to_have_attribute("lang", "en")
    page.get_by_role("button", name=text("nav.switch_language_label", "en")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text("home.title", "zh"))
    expect(page.locator("[data-ready]")).to_have_attribute("lang", "zh-CN")
    page.reload()
    wait_ready(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(text("home.title", "zh"))
    second = context.new_page()
    goto(second, app, "/login")
    expect(second.get_by_role("heading", level=1)).to_have_text(text("login.title", "zh"))
    context.close()


@pytest.mark.parametrize("locale", ["fr-FR", "zh-TW"])
def test_other_browser_languages_get_chinese(browser: Browser, app: RunningApp, locale: str):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    goto(page, app, "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(text("home.title", "zh"))
    context.close()


def test_everything_works_with_the_keyboard_alone(page: Page, app: RunningApp):
    person = create_citizen(app)
    goto(page, app, "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=text("nav.skip"))
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    # Through the header to the language switch, then to English.
    goto(page, app, "/login")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cc-lang-switch')"):
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(text("login.title", "en"))
    page.get_by_label(text("login.identifier", "en")).focus()
    page.keyboard.type(person.username)
    page.keyboard.press("Tab")
    page.keyboard.type(person.password)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/account/?$"), timeout=20_000)
    # The change-password form by keyboard: errors are announced and focusable.
    wait_ready(page)
    page.get_by_label(text("account.current_password", "en")).last.focus()
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary-password")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(text("current_password.required", "en"))


def test_a_phone_sized_screen_registers_without_sideways_scrolling(browser: Browser,
                                                                   app: RunningApp):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    for path in PUBLIC_PAGES[:-1]:
        goto(page, app, path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    person = Person(real_name="刘洋")
    goto(page, app, "/register")
    fill_registration(page, person)
    page.get_by_role("button", name=text("register.submit"), exact=True).tap()
    expect(page.get_by_role("heading", name=text("register.done_title"))).to_be_visible(
        timeout=20_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_public_pages_pass_axe(browser: Browser, app: RunningApp, locale: str):
    for viewport in ({"width": 1280, "height": 900}, {"width": 375, "height": 740}):
        context = browser.new_context(locale=locale, viewport=viewport)
        page = context.new_page()
        problems = {}
        for path in PUBLIC_PAGES:
            goto(page, app, path)
            if violations := axe_violations(page):
                problems[path] = violations
        # A form showing its errors.
        goto(page, app, "/register")
        page.get_by_role("button", name=re.compile(
            f"^({text('register.submit')}|{text('register.submit', 'en')})$")).click()
        expect(page.locator("#error-summary")).to_be_visible()
        if violations := axe_violations(page):
            problems["/register (errors)"] = violations
        context.close()
        assert problems == {}, f"{viewport}: {problems}"


def test_signed_in_pages_pass_axe(page: Page, app: RunningApp):
    person = create_citizen(app)
    signed_in(page, app, person)
    assert axe_violations(page) == []
    page.context.clear_cookies()
    admin = create_admin(app)
    signed_in(page, app, admin)
    goto(page, app, "/admin/users")
    expect(page.get_by_role("table").first).to_be_visible()
    assert axe_violations(page) == []


def test_service_and_application_pages_pass_axe(page: Page, app: RunningApp, tmp_path):  # type: ignore[no-untyped-def]
    from convenience_center.domain.services import get_matter
    from tests.e2e.wizard_helpers import continue_to, fill_step, finish_and_submit, person_like

    _, matter = get_matter("one-child-resident", "apply")
    answers = dict(matter.samples.valid)
    person = create_citizen(app, person_like(answers["applicant_id_number"], "李娜"))
    signed_in(page, app, person)
    problems = {}
    for path in ("/services", "/services/honor-certificate", "/track",
                 "/apply/one-child-resident/apply"):
        goto(page, app, path)
        if violations := axe_violations(page):
            problems[path] = violations
    page.get_by_role("button", name=re.compile(text("apply.start_button"))).click()
    for step in matter.steps:
        expect(page.get_by_role("heading", level=1)).to_have_text(step.title.zh)
        wait_ready(page)
        if violations := axe_violations(page):
            problems[step.name] = violations
        fill_step(page, matter, step.name, answers)
        continue_to(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(text("apply.office_title"))
    if violations := axe_violations(page):
        problems["office"] = violations

    def check(name: str) -> None:
        if violations := axe_violations(page):
            problems[name] = violations

    finish_and_submit(page, matter, answers, tmp_path, on_page=check)
    check("case")
    goto(page, app, "/my/applications")
    if violations := axe_violations(page):
        problems["my"] = violations
    assert problems == {}
