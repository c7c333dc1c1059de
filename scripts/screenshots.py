"""Screenshots of the running platform for the README and for design review.

    make run &                     # in another terminal
    make screenshots               # or: python scripts/screenshots.py --url http://localhost:3000

Registers a throw-away citizen through the UI to show the signed-in pages.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from convenience_center.domain.services import get_matter  # noqa: E402
from tests.e2e.helpers import fill_registration, text  # noqa: E402
from tests.e2e.wizard_helpers import (  # noqa: E402
    continue_to,
    fill_step,
    person_like,
    upload_needed,
)
from tests.factories import Person  # noqa: E402

DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 375, "height": 760}


def ready(page: Page) -> None:
    expect(page.locator('[data-ready="1"]')).to_have_count(1, timeout=20_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://localhost:3000")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--staff", metavar="USER:PASSWORD",
                        help="an officer (e.g. demo.county and its printed password) for the "
                             "staff pages")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])

        def shoot(page: Page, name: str, full: bool = False) -> None:
            path = out / f"{name}.png"
            page.screenshot(path=str(path), full_page=full)
            print(path)

        desk = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
        desk.goto(args.url + "/")
        ready(desk)
        shoot(desk, "home-desktop")
        desk.goto(args.url + "/login")
        ready(desk)
        desk.get_by_label(text("login.identifier")).fill("someone")
        desk.get_by_label(text("login.password"), exact=True).fill("not the password")
        desk.get_by_role("button", name=text("login.submit"), exact=True).click()
        expect(desk.locator("#error-summary")).to_be_visible()
        shoot(desk, "login-error-desktop")

        phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True).new_page()
        phone.goto(args.url + "/register")
        ready(phone)
        shoot(phone, "register-phone")

        english = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True).new_page()
        person = Person(real_name="Li Hua")
        english.goto(args.url + "/register")
        ready(english)
        fill_registration(english, person, "en")
        english.get_by_role("button", name=text("register.submit", "en"), exact=True).click()
        expect(english).to_have_url(re.compile(r"/account"), timeout=20_000)
        ready(english)
        shoot(english, "account-phone-en")

        citizen = wizard(browser, args.url, shoot)
        participation(citizen, args.url, shoot)
        if args.staff:
            staff(browser, args.url, shoot, *args.staff.split(":", 1))
        browser.close()


def participation(page: Page, url: str, shoot) -> None:  # type: ignore[no-untyped-def]
    """A question and a complaint; the complaints page on a phone."""
    page.goto(url + "/consult")
    ready(page)
    page.get_by_label(text("consult.subject")).fill("独生子女证补办")
    page.get_by_label(text("consult.question")).fill("我的独生子女证丢了，怎么补办？")
    page.get_by_role("button", name=text("consult.submit")).click()
    expect(page.get_by_text(re.compile("您的问题已提交"))).to_be_visible()
    shoot(page, "consult-desktop", full=True)
    page.goto(url + "/complaints")
    ready(page)
    page.get_by_label(text("complaints.subject")).fill("窗口排队时间太长")
    page.get_by_label(text("complaints.body")).fill("上午在办事大厅排队两个小时，希望增加窗口。")
    page.get_by_role("button", name=text("complaints.submit"), exact=True).click()
    expect(page.get_by_text(re.compile("您的投诉建议已提交"))).to_be_visible()
    phone = page.context.browser.new_context(viewport=PHONE, locale="zh-CN",
                                             is_mobile=True).new_page()
    phone.context.add_cookies(page.context.cookies())
    phone.goto(url + "/complaints")
    ready(phone)
    shoot(phone, "complaints-phone", full=True)


def staff(browser, url: str, shoot, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """The officer's dashboard, a case, the questions and the statistics."""
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    page.goto(url + "/login?next=%2Fstaff")
    ready(page)
    page.get_by_label(text("login.identifier")).fill(username)
    page.get_by_label(text("login.password"), exact=True).fill(password)
    page.get_by_role("button", name=text("login.submit"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/staff/?$"), timeout=20_000)
    ready(page)
    shoot(page, "staff-dashboard-desktop")
    cases = page.locator("table a[href^='/staff/cases/']")
    if cases.count():
        cases.first.click()
        expect(page).to_have_url(re.compile(r"/staff/cases/"))
        ready(page)
        shoot(page, "staff-case-desktop", full=True)
    for route, name in (("/staff/consultations", "staff-consultations-desktop"),
                        ("/staff/stats", "staff-stats-desktop")):
        page.goto(url + route)
        ready(page)
        shoot(page, name, full=True)


def wizard(browser, url: str, shoot) -> Page:  # type: ignore[no-untyped-def]
    """An application for the one-child certificate, page by page, desktop and phone; returns
    the citizen's page."""
    _service, matter = get_matter("one-child-resident", "apply")
    answers = dict(matter.samples.valid)
    person = person_like(answers["applicant_id_number"], "李娜")
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    page.goto(url + "/register")
    ready(page)
    fill_registration(page, person)
    page.get_by_role("button", name=text("register.submit"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/account"), timeout=20_000)
    page.goto(url + "/services/one-child-resident")
    ready(page)
    shoot(page, "guide-desktop")
    page.goto(url + "/apply/one-child-resident/apply")
    ready(page)
    page.get_by_role("button", name=re.compile(text("apply.start_button"))).click()
    for step in matter.steps:
        expect(page.get_by_role("heading", level=1)).to_have_text(step.title.zh)
        ready(page)
        fill_step(page, matter, step.name, answers)
        if step.name == "children":
            shoot(page, "wizard-step-desktop")
        continue_to(page)
    expect(page).to_have_url(re.compile(r"/office"))
    ready(page)
    shoot(page, "wizard-office-desktop")
    page.locator("#f-township").select_option(index=1)
    continue_to(page)
    expect(page).to_have_url(re.compile(r"/documents"))
    expect(page.get_by_role("heading", level=1)).to_have_text("上传材料")
    ready(page)
    upload_needed(page, matter, answers, Path(tempfile.mkdtemp()))
    shoot(page, "wizard-documents-desktop")
    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True).new_page()
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url.replace("/documents", "/check"))
    ready(phone)
    shoot(phone, "wizard-check-phone", full=True)
    page.get_by_role("button", name=text("common.continue"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/check"))
    ready(page)
    page.get_by_role("button", name=text("apply.submit_button")).click()
    expect(page).to_have_url(re.compile(r"submitted=1"), timeout=20_000)
    ready(page)
    shoot(page, "case-submitted-desktop", full=True)
    return page


if __name__ == "__main__":
    main()
