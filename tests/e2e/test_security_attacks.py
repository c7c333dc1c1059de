"""The attacks of issue 12 (items 39, 40, 43, 46, 47), performed against the running app: by a
page of another site in the victim's browser, by a hostile websocket client, by a script."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable

import httpx
from playwright.sync_api import Page, expect
from sqlmodel import select

from convenience_center.models import Attachment, AuditEntry, Complaint, User
from convenience_center.services import registration_guard
from convenience_center.state.auth import LoginState, RegisterState
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import create_citizen, goto, signed_in, text
from tests.e2e.socket_client import ReflexSocket, handler_name
from tests.e2e.test_applying import PDF
from tests.e2e.test_participation import citizen_page, text_of_kind
from tests.factories import Person

ATTACKER_SITE = "http://attacker.example"


def open_attackers_page(page: Page, html: str) -> None:
    """Show ``html`` as a page of another site (served by the test, not by the platform)."""
    page.route(ATTACKER_SITE + "/**", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=html))
    page.goto(ATTACKER_SITE + "/")


def attackers_handoff_code(app: RunningApp, attacker: Person) -> str:
    """Sign in as the attacker over a websocket of the attacker's own, and keep the code the
    sign-in page would have refreshed to."""
    client = ReflexSocket(app, cookie="cc_browser=the-attackers-own-browser")
    try:
        client.emit(handler_name(LoginState, "submit"), path="/login",
                    form={"identifier": attacker.username, "password": attacker.password})
        frame = client.wait_for(lambda f: "/auth/establish?code=" in f, timeout=20)
    finally:
        client.close()
    found = re.search(r"/auth/establish\?code=([\w-]+)", frame)
    assert found
    return found.group(1)


def test_a_page_on_another_site_cannot_sign_the_victim_in_as_the_attacker(page: Page,
                                                                          app: RunningApp):
    """Item 39, login CSRF: the victim, who has visited the platform, follows a link on
    another site to the attacker's ``/auth/establish?code=``."""
    attacker = create_citizen(app)
    code = attackers_handoff_code(app, attacker)
    goto(page, app, "/")
    open_attackers_page(page, f'<a id="go" href="{app.url}/auth/establish?code={code}">'
                              "查看办事指南</a>")
    with page.expect_navigation():  # wait for the page the link leads to, not the one before
        page.click("#go")
    assert not [c for c in page.context.cookies() if c["name"] == "cc_session"]
    goto(page, app, "/account")
    expect(page).to_have_url(re.compile(r"/login/?\?next=%2Faccount"))
    expect(page.get_by_text(attacker.username, exact=True)).to_have_count(0)


def test_a_sign_in_code_works_only_with_the_cookie_of_the_browser_that_asked(app: RunningApp):
    """Item 39 without fetch metadata (an old browser, a plain client): the code is bound to
    the asking browser's cookie, so another browser's request is refused, and the code is
    spent."""
    attacker = create_citizen(app)
    code = attackers_handoff_code(app, attacker)
    victims = httpx.get(f"{app.url}/auth/establish?code={code}",
                        cookies={"cc_browser": "the-victims-browser"}, follow_redirects=False)
    assert victims.status_code == 303
    assert victims.headers["location"].startswith("/login?expired=1")
    assert "cc_session" not in victims.cookies
    replayed = httpx.get(f"{app.url}/auth/establish?code={code}",
                         cookies={"cc_browser": "the-attackers-own-browser"},
                         follow_redirects=False)
    assert "cc_session" not in replayed.cookies
    # A first visit gets its binding cookie with the page: HttpOnly, never cached.
    first = httpx.get(f"{app.url}/login/", headers={"Sec-Fetch-Dest": "document"})
    binding = first.headers.get("set-cookie", "")
    assert binding.startswith("cc_browser=") and "HttpOnly" in binding
    assert "SameSite=Lax" in binding and "Max-Age" not in binding
    assert first.headers["cache-control"] == "private, no-store"


def test_another_site_cannot_sign_the_user_out(page: Page, app: RunningApp):
    """Item 43: a link (GET) or a form post from another site leaves the user signed in; the
    site's own sign-out button still works."""
    person = create_citizen(app)
    signed_in(page, app, person)
    open_attackers_page(page, f'<a id="link" href="{app.url}/auth/signout">领奖</a>'
                              f'<form id="post" method="post" action="{app.url}/auth/signout">'
                              '<input name="token" value="a guess"></form>')
    with page.expect_navigation():  # the answer to the link has loaded (not the page before)
        page.click("#link")
    page.goto(ATTACKER_SITE + "/")
    with page.expect_navigation():  # and the answer to the post (it had interrupted a goto)
        page.evaluate("document.getElementById('post').submit()")
    session = next(c["value"] for c in page.context.cookies() if c["name"] == "cc_session")
    forged = httpx.post(f"{app.url}/auth/signout", data={"token": "a guess"},
                        cookies={"cc_session": session},
                        headers={"Sec-Fetch-Site": "same-origin"}, follow_redirects=False)
    assert forged.status_code == 403
    goto(page, app, "/account")
    expect(page.get_by_text(person.username, exact=True)).to_be_visible()
    page.get_by_role("button", name=text("nav.sign_out")).click()
    expect(page.get_by_text(text("home.signed_out"))).to_be_visible()
    assert not [c for c in page.context.cookies() if c["name"] == "cc_session"]


def test_page_scripts_reach_no_other_host_and_the_session_cookie_is_a_session_cookie(
        page: Page, app: RunningApp):
    """Item 47: ``connect-src 'self'`` keeps the site's own websocket (the page loads and
    answers) and stops a script's socket to any other host; the sign-in cookie has no
    Max-Age (the 12 hours are kept on the server)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    try:
        person = create_citizen(app)
        signed_in(page, app, person)  # waits for the state that came over the websocket
        outcome = page.evaluate("""(url) => new Promise((resolve) => {
            document.addEventListener('securitypolicyviolation',
                (e) => resolve('blocked ' + e.effectiveDirective), {once: true});
            setTimeout(() => resolve('not blocked'), 5000);
            try { new WebSocket(url); } catch (e) { resolve('blocked ' + e.name); }
        })""", f"ws://127.0.0.1:{port}/")
        assert outcome.startswith("blocked"), outcome
        try:
            connection, _ = listener.accept()
        except BlockingIOError:
            connection = None
        assert connection is None, "the page's script reached another host"
    finally:
        listener.close()
    cookie = next(c for c in page.context.cookies() if c["name"] == "cc_session")
    assert cookie["expires"] == -1  # ends with the browser session
    policy = httpx.get(app.url + "/").headers["content-security-policy"]
    assert "connect-src 'self';" in policy and "ws:" not in policy


def registration_form(person: Person) -> dict[str, str]:
    return {"real_name": person.real_name, "username": person.username,
            "email": person.email, "id_number": person.id_number, "phone": person.phone,
            "password": person.password, "password_confirm": person.password,
            "agree_terms": "yes", "agree_privacy": "yes"}


def wait_until(client: ReflexSocket, condition: Callable[[], bool], timeout: float = 60) -> bool:
    """Read the socket (it must answer pings) until ``condition()`` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        client.settle(0.3)
    return condition()


def test_registration_checks_from_one_address_are_limited(app: RunningApp):
    """Item 40: 40 checks in a row from one address were answered. From 127.0.0.2 (an
    address no other test uses) the 21st attempt within the hour is refused, and a fresh
    registration from there is refused too; the owner is told once."""
    owner = create_citizen(app)
    client = ReflexSocket(app, source="127.0.0.2")
    limit = registration_guard.ATTEMPTS_PER_ADDRESS

    def count(action: str) -> int:
        with app.db() as db:
            return len(db.exec(select(AuditEntry.id).where(
                AuditEntry.action == action, AuditEntry.ip == "127.0.0.2")).all())

    fresh = Person()
    try:
        for _ in range(limit + 1):
            client.emit(handler_name(RegisterState, "submit"), path="/register",
                        form=registration_form(Person(id_number=owner.id_number)))
        assert wait_until(client, lambda: count("account.register_limited") >= 1)
        client.emit(handler_name(RegisterState, "submit"), path="/register",
                    form=registration_form(fresh))
        assert wait_until(client, lambda: count("account.register_limited") >= 2)
    finally:
        client.close()
    assert count("account.register_existing") == limit
    with app.db() as db:
        assert db.exec(select(User).where(User.username == fresh.username)).first() is None


def test_invisible_direction_and_zero_width_characters_are_stripped(
        browser, app: RunningApp):  # type: ignore[no-untyped-def]
    """Item 46: a file named ``invoice<U+202E>gpj.pdf`` showed as "invoicefdp.jpg"; a
    zero-width space hid in the subject. Both reach the staff without them."""
    author = create_citizen(app)
    page = citizen_page(browser, app, author, "/complaints")
    page.get_by_label(text_of_kind("suggestion")).check()
    page.get_by_label(text("complaints.subject")).fill("发票\u202egpj.pdf 的问题\u200b")
    page.get_by_label(text("complaints.body")).fill("请看附件\u2066里\u2069的发票。")
    page.get_by_role("button", name=text("complaints.submit"), exact=True).click()
    expect(page.get_by_text(re.compile("您的投诉建议已提交，编号 TS"))).to_be_visible()
    with app.db() as db:
        complaint = db.exec(select(Complaint).where(Complaint.user_id == _user_id(app, author))
                            ).one()
    assert complaint.subject == "发票gpj.pdf 的问题"
    assert complaint.body == "请看附件里的发票。"
    number = complaint.tracking_no
    item = page.get_by_role("listitem").filter(has_text=number)
    item.get_by_role("button", name=f"{text('complaints.add_document')} {number}").click()
    item.locator("#f-file input[type=file]").set_input_files(
        files=[{"name": "invoice\u202egpj.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    item.get_by_role("button", name=text("complaints.upload"), exact=True).click()
    expect(item.get_by_role("link", name="invoicegpj.pdf", exact=True)).to_be_visible()
    with app.db() as db:
        names = db.exec(select(Attachment.display_name).where(
            Attachment.owner_id == _user_id(app, author))).all()
    assert names == ["invoicegpj.pdf"]
    page.context.close()


def _user_id(app: RunningApp, person: Person) -> int:
    with app.db() as db:
        return db.exec(select(User.id).where(User.username == person.username)).one()
