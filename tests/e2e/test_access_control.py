"""Who may do what: handlers refuse callers without the right role, whatever they send; no
secret reaches the browser."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, WebSocket, expect
from sqlmodel import select

from convenience_center.models import AuditEntry, User
from convenience_center.state.account import PasswordFormState
from convenience_center.state.admin_users import AdminUsersState
from tests.e2e.conftest import Inbox, RunningApp
from tests.e2e.helpers import (
    create_admin,
    create_citizen,
    fill_registration,
    goto,
    signed_in,
    text,
    wait_ready,
)
from tests.e2e.socket_client import ReflexSocket, handler_name, session_cookie
from tests.factories import Person


def test_a_citizen_calling_admin_handlers_is_refused_and_logged(app: RunningApp):
    citizen = create_citizen(app)
    victim = create_citizen(app)
    with app.db() as db:
        victim_id = db.exec(select(User.id).where(User.username == victim.username)).one()
        citizen_id = db.exec(select(User.id).where(User.username == citizen.username)).one()
    socket = ReflexSocket(app, session_cookie(app, citizen.username, citizen.password))
    try:
        socket.emit(handler_name(AdminUsersState, "load"), path="/admin/users")
        socket.emit(handler_name(AdminUsersState, "select"), path="/admin/users",
                    user_id=str(victim_id))
        socket.emit(handler_name(AdminUsersState, "suspend"), path="/admin/users",
                    form={"reason": "taking over"})
        socket.emit(handler_name(AdminUsersState, "rename"), path="/admin/users",
                    form={"username": "stolen.name"})
        socket.emit(handler_name(AdminUsersState, "send_reset"), path="/admin/users")
        socket.emit(handler_name(AdminUsersState, "search"), path="/admin/users",
                    form={"query": victim.username})
        frames = " ".join(socket.settle(3.0))
    finally:
        socket.close()
    with app.db() as db:
        stored = db.get(User, victim_id)
        refusals = db.exec(select(AuditEntry).where(
            AuditEntry.action == "permission.denied", AuditEntry.actor_id == citizen_id)).all()
    assert stored.status == "active" and stored.username == victim.username
    assert len(refusals) >= 5
    assert victim.email not in frames and victim.username not in frames


def test_an_anonymous_caller_gets_nothing_from_account_handlers(app: RunningApp):
    person = create_citizen(app)
    socket = ReflexSocket(app)  # no cookie at all
    try:
        socket.emit(handler_name(PasswordFormState, "submit"), path="/account",
                    form={"current_password": person.password, "new_password": "x" * 20,
                          "new_password_confirm": "x" * 20})
        socket.emit(handler_name(AdminUsersState, "load"), path="/admin/users")
        frames = " ".join(socket.settle(2.0))
    finally:
        socket.close()
    assert '"/login?next=' in frames.replace("\\u002F", "/") or "login?next" in frames
    with app.db() as db:
        user_id = db.exec(select(User.id).where(User.username == person.username)).one()
        assert db.exec(select(AuditEntry).where(
            AuditEntry.action == "account.password_change",
            AuditEntry.target_id == str(user_id))).all() == []


def test_admin_pages_refuse_citizens_by_url(page: Page, app: RunningApp):
    person = create_citizen(app)
    signed_in(page, app, person)
    goto(page, app, "/admin/users")
    expect(page.get_by_text(text("common.permission_denied"))).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)


def test_websocket_frames_carry_no_hash_token_or_full_id_number(page: Page, app: RunningApp,
                                                               inbox: Inbox):
    received: list[str] = []
    sent: list[str] = []

    def record(ws: WebSocket) -> None:
        ws.on("framereceived", lambda payload: received.append(str(payload)))
        ws.on("framesent", lambda payload: sent.append(str(payload)))

    page.on("websocket", record)
    other = create_citizen(app)  # someone else, whom the admin will look at
    admin = create_admin(app)
    person = Person(real_name="赵小丽")
    goto(page, app, "/register")
    fill_registration(page, person)
    page.get_by_role("button", name=text("register.submit"), exact=True).click()
    expect(page.get_by_role("heading", name=text("register.done_title"))).to_be_visible(
        timeout=20_000)
    session_value = next(c["value"] for c in page.context.cookies() if c["name"] == "cc_session")
    # A reset through the e-mailed link.
    page.get_by_role("button", name=text("nav.sign_out")).click()
    expect(page.get_by_text(text("home.signed_out"))).to_be_visible()
    goto(page, app, "/forgot-password")
    page.get_by_label(text("forgot.email"), exact=True).fill(person.email)
    page.get_by_role("button", name=text("forgot.submit")).click()
    expect(page.get_by_role("heading", name=text("forgot.sent_title"))).to_be_visible()
    body = inbox.wait_for(person.email, subject="重置您的密码").get_content()
    link = re.search(r"https?://\S+/auth/reset\?token=\S+", body).group(0)
    reset_token = link.split("token=")[1]
    page.goto(link)
    wait_ready(page)
    expect(page.get_by_label(text("account.new_password"), exact=True)).to_be_visible()
    # An administrator's view of the accounts.
    page.context.clear_cookies()
    signed_in(page, app, admin)
    goto(page, app, "/admin/users")
    page.get_by_label(text("admin.search_label")).fill(other.username)
    page.get_by_role("button", name=text("common.search")).click()
    expect(page.get_by_role("cell", name=other.username, exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name=other.id_number[:4] + "*" * 10 + other.id_number[-4:])
           ).to_be_visible()

    everything_received = "\n".join(received)
    for secret in ("$2b$", "bcrypt_sha256", person.id_number, other.id_number, reset_token,
                   session_value):
        assert secret not in everything_received, secret
    for secret in (reset_token, session_value, "$2b$"):
        assert secret not in "\n".join(sent), secret
    assert json.dumps(person.username)[1:-1] in everything_received  # frames were recorded
