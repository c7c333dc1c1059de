"""Drafts as citizens come back to them (issue 12): "Start now" offers the draft already
started, with its progress (item 19); typing not saved survives a reload (21); a step added by
an answer is announced (31)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from convenience_center.domain.services import get_matter
from convenience_center.models import ApplicationDraft, User
from convenience_center.state.applications import ApplyStartState
from convenience_center.state.wizard import WizardState
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import create_citizen, goto, signed_in, text, wait_ready
from tests.e2e.socket_client import ReflexSocket, handler_name, session_cookie
from tests.e2e.wizard_helpers import (
    continue_to,
    draft_through,
    fill_step,
    first_step_saved,
    shoot,
)

START = "/apply/one-child-resident/apply"


def _drafts_of(app: RunningApp, username: str) -> list[ApplicationDraft]:
    with app.db() as db:
        user_id = db.exec(select(User.id).where(User.username == username)).one()
        return list(db.exec(select(ApplicationDraft).where(
            ApplicationDraft.user_id == user_id, ApplicationDraft.status == "draft")).all())


def test_start_now_offers_the_draft_already_started_with_its_progress(page: Page,
                                                                      app: RunningApp):
    _, matter = get_matter("one-child-resident", "apply")
    person, _answers = first_step_saved(page, app, matter, START)
    # Back at the start page: the draft is offered, with how far it has come.
    goto(page, app, START)
    expect(page.get_by_role("heading", name=text("apply.resume_title"))).to_be_visible()
    progress = text("apply.draft_progress", done="1", total="8")
    expect(page.get_by_text(progress).first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(text("apply.start_button")))
           ).to_have_count(0)
    shoot(page, "start-resume")
    page.get_by_role("link", name=re.compile(text("apply.resume_button"))).click()
    expect(page).to_have_url(re.compile(r"/spouse/?$"), timeout=15_000)
    assert len(_drafts_of(app, person.username)) == 1
    # "My applications" shows the progress too.
    goto(page, app, "/my/applications")
    expect(page.get_by_text(re.compile(re.escape(progress)))).to_be_visible()
    # Another application, asked for on purpose.
    goto(page, app, START)
    page.get_by_role("button", name=text("apply.start_another")).click()
    expect(page).to_have_url(re.compile(r"/applicant/?$"), timeout=15_000)
    assert len(_drafts_of(app, person.username)) == 2


def test_start_now_twice_makes_one_draft(app: RunningApp):
    person = create_citizen(app)
    socket = ReflexSocket(app, session_cookie(app, person.username, person.password))
    targets = []

    def start() -> None:
        socket.emit(handler_name(ApplyStartState, "start"), path=START)
        frame = socket.wait_for(lambda f: "_redirect" in f).replace("\\u002F", "/")
        targets.append(re.search(r"/applications/(\w+)/start", frame).group(1))

    try:
        start()
        start()  # a double click, or a second tab
        # Nonsense sent to the typing keeper is ignored (it only ever writes the tab's own
        # private state, and only for the page the tab was loaded with).
        socket.emit(handler_name(WizardState, "remember"),
                    path="/applications/x/applicant", name=5, value=None)
        socket.emit(handler_name(WizardState, "remember"),
                    path="/applications/x/applicant", name="applicant_hukou_address",
                    value="x" * 10_000)
        socket.emit(handler_name(WizardState, "choose"), path="/applications/x/applicant",
                    name="applicant_role", value=["wife"])
        start()  # answered after the events before it (one tab's events run in order)
    finally:
        socket.close()
    assert targets[0] == targets[1] == targets[2]
    assert [d.public_id for d in _drafts_of(app, person.username)] == targets[:1]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_typing_not_saved_is_kept_across_a_reload(browser: Browser, app: RunningApp,
                                                  lang: str):
    person, draft, matter, _answers = draft_through(app, "one-child-resident", "apply",
                                                    steps=3)
    page = browser.new_context(locale="en-US" if lang == "en" else "zh-CN").new_page()
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(str(frame))))
    signed_in(page, app, person, lang)
    goto(page, app, f"/applications/{draft}/children")
    step = next(s for s in matter.steps if s.name == "children")
    labels = {f.name: f.label.get(lang) for f in step.fields}
    count = page.get_by_label(labels["children_count"], exact=True)
    count.fill("0")
    count.press("Tab")  # leaves the field: kept
    pregnant = page.get_by_role("group", name=re.compile(re.escape(labels["pregnant"])))
    pregnant.get_by_label("是" if lang == "zh" else "Yes", exact=True).check()
    due = page.get_by_label(labels["expected_due_date"], exact=True)
    expect(due).to_be_visible()  # the choice was received (after the field left before it)
    page.reload()
    wait_ready(page)
    expect(page.get_by_text(text("apply.kept_unsaved", lang))).to_be_visible()
    expect(page.get_by_label(labels["children_count"], exact=True)).to_have_value("0")
    expect(pregnant.get_by_label("是" if lang == "zh" else "Yes", exact=True)).to_be_checked()
    expect(due).to_be_visible()
    if lang == "zh":
        shoot(page, "kept-unsaved")
    due.fill("2027-03-01")
    before = len(sent)
    continue_to(page, lang)  # the cursor still in the date: the click sends the save only
    expect(page).to_have_url(re.compile(r"/residence/?$"))
    wait_ready(page)
    events = [frame for frame in sent[before:] if "wizard_state." in frame]
    assert any(".save" in frame for frame in events)
    assert not any(".remember" in frame for frame in events), events
    # Saved: coming back shows the saved answers, with no notice.
    page.get_by_role("link", name=re.compile(text("common.back", lang))).click()
    expect(page).to_have_url(re.compile(r"/children/?$"))
    wait_ready(page)
    expect(page.get_by_label(labels["expected_due_date"], exact=True)).to_have_value(
        "2027-03-01")
    expect(page.get_by_text(text("apply.kept_unsaved", lang))).to_have_count(0)
    page.context.close()


def test_another_account_in_the_same_tab_does_not_get_the_typing(page: Page,
                                                                 app: RunningApp):
    person, draft, matter, _answers = draft_through(app, "one-child-resident", "apply",
                                                    steps=3)
    signed_in(page, app, person)
    goto(page, app, f"/applications/{draft}/children")
    step = next(s for s in matter.steps if s.name == "children")
    labels = {f.name: f.label.zh for f in step.fields}
    page.get_by_label(labels["children_count"], exact=True).fill("7")
    page.get_by_label(labels["children_count"], exact=True).press("Tab")
    pregnant = page.get_by_role("group", name=re.compile(re.escape(labels["pregnant"])))
    pregnant.get_by_label("是", exact=True).check()
    expect(page.get_by_label(labels["expected_due_date"], exact=True)).to_be_visible()
    # The owner signs out; someone else signs in in the same tab and opens that address.
    page.context.clear_cookies()
    other = create_citizen(app)
    signed_in(page, app, other)
    goto(page, app, f"/applications/{draft}/children")
    expect(page.get_by_role("heading", name=text("apply.not_found"))).to_be_visible()
    expect(page.get_by_text("7", exact=True)).to_have_count(0)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_step_added_by_an_answer_is_announced(browser: Browser, app: RunningApp, lang: str):
    person, draft, matter, answers = draft_through(app, "honor-certificate", "apply", steps=2)
    page = browser.new_context(locale="en-US" if lang == "en" else "zh-CN").new_page()
    signed_in(page, app, person, lang)
    goto(page, app, f"/applications/{draft}/marriage")
    expect(page.get_by_text(text("apply.step_of", lang, current="3", total="9"))
           ).to_be_visible()
    fill_step(page, matter, "marriage", {**answers, "marital_status": "remarried"}, lang)
    continue_to(page, lang)
    expect(page).to_have_url(re.compile(r"/remarriage/?$"))
    title = next(s.title.get(lang) for s in matter.steps if s.name == "remarriage")
    note = (f"根据您的回答，增加了一步：“{title}”。申请现共 10 步。" if lang == "zh" else
            f"Because of your answer, a step was added: “{title}”. The application now has "
            "10 steps.")
    expect(page.get_by_role("status").filter(has_text=note)).to_be_visible()
    expect(page.get_by_text(text("apply.step_of", lang, current="4", total="10"))
           ).to_be_visible()
    if lang == "en":
        shoot(page, "step-added")
    page.context.close()
