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

        wizard(browser, args.url, shoot)
        browser.close()


def wizard(browser, url: str, shoot) -> None:  # type: ignore[no-untyped-def]
    """An application for the one-child certificate, page by page, desktop and phone."""
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


if __name__ == "__main__":
    main()
