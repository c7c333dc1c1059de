"""Registering, signing in and out, in both languages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from convenience_center.models import Consent, User
from tests.e2e.conftest import Inbox, RunningApp
from tests.e2e.helpers import (
    create_citizen,
    fill_registration,
    goto,
    register_in_browser,
    sign_in,
    signed_in,
    text,
    wait_ready,
)
from tests.factories import Person


def test_a_citizen_registers_in_chinese_and_lands_signed_in(page: Page, app: RunningApp):
    person = Person(real_name="王小明")
    register_in_browser(page, app, person)
    expect(page.get_by_role("heading", name=text("register.done_title"))).to_be_visible()
    masked = person.id_number[:4] + "*" * 10 + person.id_number[-4:]
    expect(page.get_by_text(masked)).to_be_visible()
    expect(page.get_by_text(person.id_number)).to_have_count(0)
    expect(page.get_by_role("navigation").get_by_role("button", name=text("nav.sign_out"))
           ).to_be_visible()
    with app.db() as db:
        user = db.exec(select(User).where(User.username == person.username)).one()
        consents = db.exec(select(Consent).where(Consent.user_id == user.id)).all()
    assert {c.document for c in consents} == {"notes-for-users", "privacy"}
    assert {c.lang for c in consents} == {"zh"}


def test_registration_errors_show_next_to_fields_and_input_is_kept(page: Page, app: RunningApp):
    taken = create_citizen(app)
    # A taken user name with an e-mail of its own (the factory would derive the taken
    # account's e-mail from the user name, and a taken e-mail now gets the answer of item 40).
    person = Person(id_number=taken.id_number[:-1] + ("0" if taken.id_number[-1] != "0" else "1"),
                    username=taken.username, email=f"new.{taken.email}", phone="12345")
    goto(page, app, "/register")
    fill_registration(page, person, agree=False)
    page.get_by_role("button", name=text("register.submit"), exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(text("common.error_summary"))
    expect(summary).to_contain_text(text("id_number.check_digit"))
    expect(summary).to_contain_text(text("phone.invalid"))
    expect(summary).to_contain_text(text("agree_terms.required"))
    id_field = page.get_by_label(text("register.id_number"))
    expect(id_field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-id_number-error")).to_contain_text(text("id_number.check_digit"))
    expect(id_field).to_have_value(person.id_number)
    expect(page.get_by_label(text("register.real_name"))).to_have_value(person.real_name)
    # The summary links to the field.
    summary.get_by_role("link", name=text("phone.invalid")).click()
    expect(page).to_have_url(re.compile(r"#f-phone$"))
    # Fix what was wrong; the taken user name is reported next.
    page.get_by_label(text("register.id_number")).fill(Person().id_number)
    page.get_by_label(text("register.phone")).fill("13912345678")
    page.get_by_label(text("register.agree_terms")).check()
    page.get_by_label(text("register.agree_privacy")).check()
    page.get_by_role("button", name=text("register.submit"), exact=True).click()
    expect(page.locator("#f-username-error")).to_contain_text(text("username.taken"))
    expect(page.locator("#f-phone-error")).to_have_count(0)


def _context(browser: Browser, lang: str):  # type: ignore[no-untyped-def]
    return browser.new_context(locale="en-GB" if lang == "en" else "zh-CN")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_guessable_password_is_refused_and_the_summary_follows_the_form(
        browser: Browser, app: RunningApp, lang: str):
    """Items 16 and 30: ``1234567890abc`` (a sequence with a common tail) was accepted, and the
    summary listed the user name's problem before the phone's, though the phone comes first."""
    context = _context(browser, lang)
    page = context.new_page()
    person = Person(real_name="X", username="1x", phone="12345", password="1234567890abc")
    goto(page, app, "/register")
    fill_registration(page, person, lang, agree=False)
    page.get_by_role("button", name=text("register.submit", lang), exact=True).click()
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text([
        text(code, lang) for code in ("real_name.length", "phone.invalid", "username.format",
                                      "password.guessable", "agree_terms.required",
                                      "agree_privacy.required")])
    expect(page.locator("#f-password-error")).to_contain_text(text("password.guessable", lang))
    context.close()


# What the form said before item 40 (the message is gone from the catalogues).
ID_NUMBER_TAKEN = {"zh": "该身份证号码已注册",
                   "en": "An account with this ID number exists already"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_registering_with_registered_details_reveals_nothing_and_tells_the_owner(
        browser: Browser, app: RunningApp, inbox: Inbox, lang: str):
    """Item 40: the form said "an account with this ID number exists already" to anyone. Now
    the answer fits a new registration as well, nothing is created, and the owner is told."""
    owner = create_citizen(app)
    context = _context(browser, lang)
    page = context.new_page()
    stranger = Person(id_number=owner.id_number)
    goto(page, app, "/register")
    fill_registration(page, stranger, lang)
    page.get_by_role("button", name=text("register.submit", lang), exact=True).click()
    expect(page.get_by_role("heading", name=text("register.checked_title", lang))).to_be_visible()
    expect(page.get_by_text(text("register.checked_body", lang))).to_be_visible()
    expect(page.get_by_text(ID_NUMBER_TAKEN[lang])).to_have_count(0)
    notice = inbox.wait_for(owner.email, subject="有人尝试用您的信息注册新账号")
    assert owner.username in notice.get_content()
    with app.db() as db:
        assert db.exec(select(User).where(User.username == stranger.username)).first() is None
    context.close()


def test_registration_in_english_follows_the_browser_language(browser: Browser, app: RunningApp):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    person = Person(real_name="Li Hua")
    goto(page, app, "/register")
    expect(page.get_by_role("heading", level=1)).to_have_text(text("register.title", "en"))
    fill_registration(page, person, "en")
    page.get_by_role("button", name=text("register.submit", "en"), exact=True).click()
    expect(page.get_by_role("heading", name=text("register.done_title", "en"))).to_be_visible(
        timeout=20_000)
    with app.db() as db:
        user = db.exec(select(User).where(User.username == person.username)).one()
    assert user.lang == "en"
    context.close()


def test_sign_in_with_email_then_sign_out(page: Page, app: RunningApp):
    person = create_citizen(app)
    sign_in(page, app, person.email.upper(), person.password)
    expect(page).to_have_url(re.compile(r"/account/?$"), timeout=20_000)
    wait_ready(page)
    expect(page.get_by_text(person.username, exact=True)).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == "cc_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.get_by_role("button", name=text("nav.sign_out")).click()
    expect(page.get_by_text(text("home.signed_out"))).to_be_visible()
    assert not [c for c in page.context.cookies() if c["name"] == "cc_session"]
    goto(page, app, "/account")
    expect(page).to_have_url(re.compile(r"/login/?\?next=%2Faccount"))


def test_wrong_password_and_unknown_user_read_the_same(page: Page, app: RunningApp):
    person = create_citizen(app)
    sign_in(page, app, person.username, "not the right one")
    first = page.locator("#f-identifier-error")
    expect(first).to_have_text(re.compile(re.escape(text("login.invalid"))))
    wrong_password = first.inner_text()
    sign_in(page, app, "no-such-user-here", "not the right one")
    expect(page.locator("#f-identifier-error")).to_have_text(wrong_password)


def test_pages_that_need_sign_in_send_you_back_afterwards(page: Page, app: RunningApp):
    person = create_citizen(app)
    goto(page, app, "/account")
    expect(page).to_have_url(re.compile(r"/login/?\?next=%2Faccount"))
    expect(page.get_by_text(text("login.need_sign_in"))).to_be_visible()
    page.get_by_label(text("login.identifier")).fill(person.username)
    page.get_by_label(text("login.password"), exact=True).fill(person.password)
    page.get_by_role("button", name=text("login.submit"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/?$"), timeout=20_000)


def test_signing_in_again_in_a_second_tab_is_not_needed(page: Page, app: RunningApp):
    person = create_citizen(app)
    signed_in(page, app, person)
    other = page.context.new_page()
    goto(other, app, "/account")
    expect(other.get_by_text(person.username, exact=True)).to_be_visible()
    other.close()
