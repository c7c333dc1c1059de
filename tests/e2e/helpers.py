"""Driving the platform like a person: by labels and roles, in either language."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from convenience_center.i18n import EN, ZH
from convenience_center.services import registration
from tests.e2e.conftest import RunningApp
from tests.factories import Person


def text(key: str, lang: str = "zh", **params: object) -> str:
    """A message as the page shows it."""
    message = (EN if lang == "en" else ZH)[key]
    return message.format(**params) if params else message


def goto(page: Page, app: RunningApp, path: str) -> None:
    """Open a page and wait until its state has loaded (the websocket answered)."""
    page.goto(app.url + path)
    wait_ready(page)


def wait_ready(page: Page) -> None:
    expect(page.locator('[data-ready="1"]')).to_have_count(1, timeout=20_000)


def record_frames(page: Page, sent: list[str], received: list[str] | None = None) -> None:
    """Keep the websocket frames ``page`` sends (and receives) from now on."""
    def watch(ws) -> None:
        ws.on("framesent", lambda f: sent.append(str(f)))
        if received is not None:
            ws.on("framereceived", lambda f: received.append(str(f)))

    page.on("websocket", watch)


def event_names(frames: list[str]) -> list[str]:
    """The handlers (last part of their names) of the events among sent frames."""
    names = []
    for frame in frames:
        if frame.startswith("42/_event,"):
            _kind, event = json.loads(frame[len("42/_event,"):])
            names.append(event["name"].rsplit(".", 1)[-1])
    return names


def fill_registration(page: Page, person: Person, lang: str = "zh", *,
                      agree: bool = True) -> None:
    page.get_by_label(text("register.real_name", lang)).fill(person.real_name)
    page.get_by_label(text("register.id_number", lang)).fill(person.id_number)
    page.get_by_label(text("register.phone", lang)).fill(person.phone)
    page.get_by_label(text("register.email", lang)).fill(person.email)
    page.get_by_label(text("register.username", lang)).fill(person.username)
    page.get_by_label(text("register.password", lang), exact=True).fill(person.password)
    page.get_by_label(text("register.password_confirm", lang)).fill(person.password)
    if agree:
        page.get_by_label(text("register.agree_terms", lang)).check()
        page.get_by_label(text("register.agree_privacy", lang)).check()


def register_in_browser(page: Page, app: RunningApp, person: Person, lang: str = "zh") -> None:
    goto(page, app, "/register")
    fill_registration(page, person, lang)
    page.get_by_role("button", name=text("register.submit", lang), exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/?\?welcome=1"), timeout=20_000)
    wait_ready(page)


def sign_in(page: Page, app: RunningApp, identifier: str, password: str, lang: str = "zh",
            path: str = "/login") -> None:
    goto(page, app, path)
    page.get_by_label(text("login.identifier", lang)).fill(identifier)
    page.get_by_label(text("login.password", lang), exact=True).fill(password)
    page.get_by_role("button", name=text("login.submit", lang), exact=True).click()


def signed_in(page: Page, app: RunningApp, person: Person, lang: str = "zh") -> None:
    """Sign in and wait for the account page."""
    sign_in(page, app, person.username, person.password, lang)
    expect(page).to_have_url(re.compile(r"/account/?$"), timeout=20_000)
    wait_ready(page)


def create_citizen(app: RunningApp, person: Person | None = None) -> Person:
    """Register a citizen directly through the services, on the app's database."""
    person = person or Person()
    with app.db() as db:
        registration.register_user(db, data=registration.Registration(
            real_name=person.real_name, username=person.username, email=person.email,
            id_number=person.id_number, phone=person.phone, password=person.password,
            password_confirm=person.password, agree_terms=True, agree_privacy=True))
    return person


def create_admin(app: RunningApp) -> Person:
    person = Person(real_name="系统管理员")
    done = app.cc_admin("create-staff", "--username", person.username, "--name",
                        person.real_name, "--email", person.email, "--role", "admin",
                        "--office", "410000", stdin=person.password + "\n")
    assert done.returncode == 0, done.stderr
    return person
