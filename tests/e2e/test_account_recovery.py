"""Changing the password, resetting it through the e-mail, reporting misuse, lockout."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from convenience_center.models import User
from tests.e2e.conftest import Inbox, RunningApp
from tests.e2e.helpers import create_citizen, goto, sign_in, signed_in, text, wait_ready
from tests.factories import Person

NEW_PASSWORD = "中原大地麦浪金黄 2027"


def test_change_password_ends_the_other_sessions(browser: Browser, page: Page, app: RunningApp,
                                                 inbox: Inbox):
    person = create_citizen(app)
    elsewhere = browser.new_context(locale="zh-CN").new_page()
    signed_in(elsewhere, app, person)
    signed_in(page, app, person)
    form = page.locator("form").filter(has=page.get_by_label(text("account.new_password"),
                                                             exact=True))
    form.get_by_label(text("account.current_password")).fill("wrong password here")
    form.get_by_label(text("account.new_password"), exact=True).fill("short")
    form.get_by_label(text("account.new_password_confirm")).fill("short")
    form.get_by_role("button", name=text("account.save_password")).click()
    expect(page.locator("#f-password-current_password-error")).to_contain_text(
        text("current_password.wrong"))
    expect(page.locator("#f-password-new_password-error")).to_contain_text(
        text("password.too_short"))
    form.get_by_label(text("account.current_password")).fill(person.password)
    form.get_by_label(text("account.new_password"), exact=True).fill(NEW_PASSWORD)
    form.get_by_label(text("account.new_password_confirm")).fill(NEW_PASSWORD)
    form.get_by_role("button", name=text("account.save_password")).click()
    expect(page.get_by_text(text("account.password_saved"))).to_be_visible()
    expect(form.get_by_label(text("account.new_password"), exact=True)).to_have_value("")
    inbox.wait_for(person.email, subject="您的密码已更改")
    # The other browser is signed out.
    goto(elsewhere, app, "/account")
    expect(elsewhere).to_have_url(re.compile(r"/login/?\?next="))
    elsewhere.context.close()
    # This browser still is, and the new password works for the next sign-in.
    goto(page, app, "/account")
    expect(page.get_by_text(person.username, exact=True)).to_be_visible()


def test_update_email_and_phone(page: Page, app: RunningApp, inbox: Inbox):
    person = create_citizen(app)
    signed_in(page, app, person)
    form = page.locator("form").filter(has=page.get_by_role(
        "button", name=text("account.save_contact")))
    form.get_by_label(text("account.phone")).fill("186 1234 5678")
    form.get_by_label(text("account.email")).fill("changed." + person.email)
    form.get_by_role("button", name=text("account.save_contact")).click()
    expect(page.locator("#f-contact-current_password-error")).to_contain_text(
        text("current_password.required"))
    expect(form.get_by_label(text("account.email"))).to_have_value("changed." + person.email)
    form.get_by_label(text("account.current_password")).fill(person.password)
    form.get_by_role("button", name=text("account.save_contact")).click()
    expect(page.get_by_text(text("account.contact_saved"))).to_be_visible()
    expect(page.get_by_text("186 1234 5678").first).to_be_visible()
    inbox.wait_for(person.email, subject="电子邮箱已更改")


def test_reset_password_through_the_email_link(page: Page, app: RunningApp, inbox: Inbox):
    person = create_citizen(app)
    goto(page, app, "/login")
    page.get_by_role("link", name=text("login.forgot")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text("forgot.title"))
    page.get_by_label(text("forgot.email"), exact=True).fill(person.email)
    page.get_by_role("button", name=text("forgot.submit")).click()
    expect(page.get_by_role("heading", name=text("forgot.sent_title"))).to_be_visible()
    message = inbox.wait_for(person.email, subject="重置您的密码")
    body = message.get_content()
    link = re.search(r"https?://\S+/auth/reset\?token=\S+", body).group(0)
    assert link.startswith(app.url)
    page.goto(link)
    wait_ready(page)
    expect(page).to_have_url(re.compile(r"/reset-password/?$"))  # the token is not in the address
    page.get_by_label(text("account.new_password"), exact=True).fill(NEW_PASSWORD)
    page.get_by_label(text("account.new_password_confirm")).fill(NEW_PASSWORD)
    page.get_by_role("button", name=text("reset.submit")).click()
    expect(page.get_by_role("heading", name=text("reset.done_title"))).to_be_visible()
    # No automatic sign-in; the link is spent.
    expect(page.get_by_role("navigation").get_by_role("link", name=text("nav.sign_in"))
           ).to_be_visible()
    page.goto(link)
    wait_ready(page)
    expect(page.get_by_text(text("reset.invalid_link"))).to_be_visible()
    signed_in(page, app, Person(username=person.username, password=NEW_PASSWORD))


def test_forgot_password_answers_the_same_for_unknown_addresses(page: Page, app: RunningApp,
                                                                inbox: Inbox):
    goto(page, app, "/forgot-password")
    page.get_by_label(text("forgot.email"), exact=True).fill("nobody.at.all@example.cn")
    page.get_by_role("button", name=text("forgot.submit")).click()
    expect(page.get_by_role("heading", name=text("forgot.sent_title"))).to_be_visible()
    expect(page.get_by_text("nobody.at.all@example.cn")).to_be_visible()
    assert inbox.count_to("nobody.at.all@example.cn") == 0


def test_a_strangers_misuse_report_signs_out_and_the_owner_gets_back_in_by_email(
        browser: Browser, page: Page, app: RunningApp, inbox: Inbox):
    """Item 41: anyone who knew the e-mail and ID number could suspend the account at once,
    and only an administrator could lift it. Now the report ends the sessions and asks for a
    new password through the registered e-mail; the owner is back in straight away."""
    person = create_citizen(app)
    victim_browser = browser.new_context(locale="zh-CN").new_page()
    signed_in(victim_browser, app, person)
    goto(page, app, "/report-misuse")  # a stranger's browser
    page.get_by_label(text("misuse.identifier")).fill(person.username)
    page.get_by_label(text("misuse.id_number")).fill(person.id_number)
    page.get_by_label(text("misuse.description")).fill("有人用我的账号提交了申请。")
    page.get_by_role("button", name=text("misuse.submit")).click()
    expect(page.get_by_role("heading", name=text("misuse.done_title"))).to_be_visible()
    with app.db() as db:
        assert db.exec(select(User.status).where(User.username == person.username)).one() == \
            "active"
    # Every session ended at once; signing in asks for the new password first.
    goto(victim_browser, app, "/account")
    expect(victim_browser).to_have_url(re.compile(r"/login/?\?next="))
    sign_in(victim_browser, app, person.username, person.password)
    expect(victim_browser.locator("#f-identifier-error")).to_contain_text(
        text("login.reset_required"))
    # The owner's e-mail holds the way back in.
    body = inbox.wait_for(person.email, subject="您的账号收到冒用报告").get_content()
    link = re.search(r"https?://\S+/auth/reset\?token=\S+", body).group(0)
    victim_browser.goto(link)
    wait_ready(victim_browser)
    victim_browser.get_by_label(text("account.new_password"), exact=True).fill(NEW_PASSWORD)
    victim_browser.get_by_label(text("account.new_password_confirm")).fill(NEW_PASSWORD)
    victim_browser.get_by_role("button", name=text("reset.submit")).click()
    expect(victim_browser.get_by_role("heading", name=text("reset.done_title"))).to_be_visible()
    signed_in(victim_browser, app, Person(username=person.username, password=NEW_PASSWORD))
    victim_browser.context.close()


def test_five_wrong_passwords_lock_the_account(page: Page, app: RunningApp):
    person = create_citizen(app)
    for _ in range(4):
        sign_in(page, app, person.username, "definitely wrong")
        expect(page.locator("#f-identifier-error")).to_contain_text(text("login.invalid"))
    sign_in(page, app, person.username, "definitely wrong")
    expect(page.locator("#f-identifier-error")).to_contain_text("登录已锁定至")
    sign_in(page, app, person.username, person.password)
    expect(page.locator("#f-identifier-error")).to_contain_text("登录已锁定至")
    expect(page).to_have_url(re.compile(r"/login/?$"))
