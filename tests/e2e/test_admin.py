"""Administrators handle misuse reports, suspend, reinstate, rename and send resets."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import select

from convenience_center.models import AuditEntry, User
from convenience_center.services import recovery
from tests.e2e.conftest import Inbox, RunningApp
from tests.e2e.helpers import create_admin, create_citizen, goto, sign_in, signed_in, text


def test_an_administrator_works_through_a_misuse_report(page: Page, app: RunningApp,
                                                        inbox: Inbox):
    admin = create_admin(app)
    person = create_citizen(app)
    with app.db() as db:
        recovery.report_misuse(db, identifier=person.username, id_number=person.id_number,
                               description=f"Someone used my account {person.username}.",
                               ip="127.0.0.1")
    signed_in(page, app, admin)
    goto(page, app, "/admin/users")
    reports = page.locator("section").filter(has=page.get_by_role(
        "heading", name=text("admin.reports_title")))
    report_text = reports.get_by_text(f"Someone used my account {person.username}.")
    expect(report_text).to_be_visible()
    reports.get_by_role("button", name=text("admin.select", username=person.username)).click()
    panel = page.locator("section").filter(has=page.get_by_role(
        "heading", name=text("admin.selected", username=person.username)))
    # A report no longer suspends (issue 12, item 41): the administrator decides.
    expect(panel.get_by_text(text("admin.status_active"))).to_be_visible()
    panel.get_by_role("button", name=text("admin.close_reports")).click()
    expect(panel.locator("#f-resolution-error")).to_contain_text(
        text("admin.resolution_required"))
    panel.get_by_label(text("admin.resolution")).fill("Identity confirmed by phone.")
    panel.get_by_role("button", name=text("admin.close_reports")).click()
    expect(page.get_by_text(text("admin.done_close_reports"))).to_be_visible()
    expect(report_text).to_have_count(0)
    expect(panel.get_by_role("button", name=text("admin.close_reports"))).to_have_count(0)

    panel.get_by_role("button", name=text("admin.send_reset")).click()
    expect(page.get_by_text(text("admin.done_reset"))).to_be_visible()
    inbox.wait_for(person.email, subject="重置您的密码")

    panel.get_by_label(text("admin.new_username")).fill("renamed." + person.username)
    panel.get_by_role("button", name=text("admin.rename")).click()
    expect(page.get_by_text(text("admin.done_rename"))).to_be_visible()

    new_name = "renamed." + person.username
    page.get_by_role("heading", name=text("admin.selected", username=new_name)).wait_for()
    panel = page.locator("section").filter(has=page.get_by_role(
        "heading", name=text("admin.selected", username=new_name)))
    panel.get_by_role("button", name=text("admin.suspend")).click()
    expect(panel.locator("#f-reason-error")).to_contain_text(text("admin.reason_required"))
    panel.get_by_label(text("admin.reason")).fill("Under investigation.")
    panel.get_by_role("button", name=text("admin.suspend")).click()
    expect(page.get_by_text(text("admin.done_suspend"))).to_be_visible()

    with app.db() as db:
        user = db.exec(select(User).where(User.username == new_name)).one()
        logged = db.exec(select(AuditEntry.action).where(
            AuditEntry.target_id == str(user.id),
            AuditEntry.action.startswith("admin."))).all()  # type: ignore[attr-defined]
    assert user.status == "suspended"
    assert set(logged) >= {"admin.send_reset", "admin.rename", "admin.suspend"}
    expect(page.get_by_role("cell", name="admin.suspend").first).to_be_visible()

    other = page.context.browser.new_context(locale="zh-CN").new_page()
    sign_in(other, app, new_name, person.password)
    expect(other.locator("#f-identifier-error")).to_contain_text(text("login.suspended"))
    other.context.close()

    panel.get_by_label(text("admin.note")).fill("Identity confirmed by phone.")
    panel.get_by_role("button", name=text("admin.reinstate")).click()
    expect(page.get_by_text(text("admin.done_reinstate"))).to_be_visible()
    inbox.wait_for(person.email, subject="恢复使用")
    with app.db() as db:
        logged = db.exec(select(AuditEntry.action).where(
            AuditEntry.target_id == str(user.id),
            AuditEntry.action.startswith("admin."))).all()  # type: ignore[attr-defined]
    assert set(logged) >= {"admin.close_reports", "admin.reinstate"}


def test_search_finds_accounts_by_the_last_digits_of_the_id_number(page: Page, app: RunningApp):
    admin = create_admin(app)
    person = create_citizen(app)
    signed_in(page, app, admin)
    goto(page, app, "/admin/users")
    page.get_by_label(text("admin.search_label")).fill(person.id_number[-4:])
    page.get_by_label(text("admin.status_label")).select_option("active")
    page.get_by_role("button", name=text("common.search")).click()
    expect(page.get_by_role("cell", name=person.username, exact=True)).to_be_visible()
    expect(page.get_by_text(person.id_number)).to_have_count(0)
