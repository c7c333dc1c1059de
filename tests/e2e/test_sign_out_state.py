"""Signing out leaves nothing of the person in the tab's server-side state (issue 12, item 38):
not for the next page of that tab, and not for anyone presenting the tab's token afterwards."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import create_citizen, goto, signed_in, text, wait_ready
from tests.e2e.socket_client import HYDRATE, ReflexSocket


def test_signing_out_resets_the_tab_and_its_token_reveals_nothing(page: Page,
                                                                   app: RunningApp):
    person = create_citizen(app)
    signed_in(page, app, person)
    goto(page, app, "/account")  # the account page holds the e-mail and the full mobile
    expect(page.get_by_text(person.email)).to_be_visible()
    old_token = page.evaluate("window.sessionStorage.getItem('token')")
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(str(f))))

    page.get_by_role("button", name=text("nav.sign_out")).click()
    expect(page).to_have_url(re.compile(r"/\?signed_out=1$"))
    wait_ready(page)
    assert frames, "the page after signing out connected and was sent its state"
    sent = "\n".join(frames)
    for secret in (person.email, person.phone[-8:], person.username):
        assert secret not in sent, f"{secret!r} reached the signed-out tab"

    # Someone who learned the tab's token (it travels in the websocket address) and
    # connects with it, without any cookie, is sent nothing of the person either.
    intruder = ReflexSocket(app, token=old_token)
    try:
        intruder.emit(HYDRATE, path="/account")
        received = "\n".join(intruder.settle(3.0))
    finally:
        intruder.close()
    for secret in (person.email, person.phone[-8:], person.real_name):
        assert secret not in received, f"{secret!r} was sent to the tab's token"

    # The tab itself goes on with a new token.
    page.reload()
    wait_ready(page)
    assert page.evaluate("window.sessionStorage.getItem('token')") != old_token
