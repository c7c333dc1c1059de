"""Screenshots of the running platform for the README and for design review.

    make run &                     # in another terminal
    make screenshots               # or: python scripts/screenshots.py --url http://localhost:3000

Registers a throw-away citizen through the UI to show the signed-in pages.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.helpers import fill_registration, text  # noqa: E402
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
        browser.close()


if __name__ == "__main__":
    main()
