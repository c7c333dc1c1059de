"""What the wizard refuses: skipped steps, bad files, other people's drafts, cases and files."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect
from sqlmodel import select

from convenience_center.domain.services import get_matter
from convenience_center.models import ApplicationDraft, Attachment, Case
from convenience_center.services import applications, drafts
from convenience_center.state.wizard import WizardState
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import create_citizen, goto, signed_in, text, wait_ready
from tests.e2e.socket_client import ReflexSocket, handler_name, session_cookie
from tests.e2e.wizard_helpers import continue_to, fill_step, person_like, upload_needed


def _started_draft(page: Page, app: RunningApp, service: str, matter_code: str):  # type: ignore[no-untyped-def]
    _, matter = get_matter(service, matter_code)
    answers = dict(matter.samples.valid)
    person = create_citizen(app, person_like(answers["applicant_id_number"],
                                             answers["applicant_name"]))
    signed_in(page, app, person)
    goto(page, app, f"/apply/{service}/{matter_code}")
    page.get_by_role("button", name=re.compile(text("apply.start_button"))).click()
    expect(page).to_have_url(re.compile(rf"/{matter.steps[0].name}/?$"), timeout=15_000)
    wait_ready(page)
    draft = page.url.split("/applications/")[1].split("/")[0]
    return person, matter, answers, draft


def test_a_skipped_step_is_refused_at_submit(page: Page, app: RunningApp):
    person, matter, answers, draft = _started_draft(page, app, "one-child-resident", "apply")
    fill_step(page, matter, matter.steps[0].name, answers)
    continue_to(page)
    expect(page).to_have_url(re.compile(rf"/{matter.steps[1].name}/?$"))
    # A hostile page script jumps straight to the office, then to submit.
    socket = ReflexSocket(app, session_cookie(app, person.username, person.password))
    try:
        check = f"/applications/{draft}/check"
        socket.emit(handler_name(WizardState, "save_office"), path=f"/applications/{draft}/office",
                    form={"county": "410105", "township": "410105001"})
        socket.emit(handler_name(WizardState, "submit"), path=check)
        frames = " ".join(socket.settle(3.0))
    finally:
        socket.close()
    with app.db() as db:
        stored = db.exec(select(ApplicationDraft).where(ApplicationDraft.public_id == draft)
                         ).one()
        assert stored.status == "draft"
        assert db.exec(select(Case).where(Case.draft_id == stored.id)).all() == []
    assert f"/applications/{draft}/{matter.steps[1].name}" in frames.replace("\\u002F", "/")
    # In the browser, opening the check page and submitting sends you to the missing step.
    goto(page, app, f"/applications/{draft}/check")
    page.get_by_role("button", name=text("apply.submit_button")).click()
    expect(page).to_have_url(re.compile(rf"/{matter.steps[1].name}/?\?return=check$"))
    wait_ready(page)  # the step has loaded: its problems are still shown
    expect(page.get_by_role("alert")).to_be_visible()


def test_bad_files_are_refused_with_a_message_next_to_the_field(page: Page, app: RunningApp,
                                                              tmp_path: Path):
    _person, _matter, _answers, draft = _started_draft(page, app, "one-child-resident", "apply")
    goto(page, app, f"/applications/{draft}/documents")
    cases = (("photo.pdf", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40,
              "upload.name_mismatch"),
             ("empty.pdf", b"", "upload.empty"),
             ("drawing.pdf", b"<svg><script>alert(1)</script></svg>", "upload.wrong_type"))
    for name, data, code in cases:
        path = tmp_path / name
        path.write_bytes(data)
        page.locator("#documents input[type=file]").set_input_files(str(path))
        page.get_by_role("button", name=text("apply.documents_upload"), exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text(text(code))
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b" " * (10 * 1024 * 1024) + b"\n%%EOF\n")
    page.locator("#documents input[type=file]").set_input_files(str(big))
    page.get_by_role("button", name=text("apply.documents_upload"), exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(text("upload.too_large", limit="10 MB"))
    expect(page.get_by_text(text("apply.documents_none_yet")).first).to_be_visible()


def test_other_peoples_drafts_cases_and_files_stay_private(page: Page, app: RunningApp,
                                                          tmp_path: Path):
    owner, matter, answers, draft = _started_draft(page, app, "one-child-resident", "cancel")
    with app.db() as db:
        user_id = db.exec(select(ApplicationDraft.user_id).where(
            ApplicationDraft.public_id == draft)).one()
        for step in matter.steps:
            drafts.save_step(db, user_id=user_id, public_id=draft, step_name=step.name,
                                   submitted={f.name: answers.get(f.name, "") for f in step.fields})
        drafts.save_office(db, user_id=user_id, public_id=draft, office_code="410105001")
    goto(page, app, f"/applications/{draft}/documents")  # the file goes in through the page
    upload_needed(page, matter, answers, tmp_path)
    with app.db() as db:
        case = applications.submit(db, user_id=user_id, public_id=draft)
        attachment = db.exec(select(Attachment).where(Attachment.case_id == case.id)).first()
    assert attachment is not None
    owner_cookie = session_cookie(app, owner.username, owner.password)
    mine = httpx.get(f"{app.url}/files/{attachment.public_id}", headers={"Cookie": owner_cookie})
    assert mine.status_code == 200 and mine.content.startswith(b"%PDF")
    assert mine.headers["content-security-policy"].startswith("sandbox")
    intruder = create_citizen(app)
    cookie = session_cookie(app, intruder.username, intruder.password)
    for url in (f"/files/{attachment.public_id}", f"/receipts/{case.case_no}.pdf"):
        assert httpx.get(app.url + url, headers={"Cookie": cookie}).status_code == 404
        assert httpx.get(app.url + url).status_code == 404
    page.context.clear_cookies()
    signed_in(page, app, intruder)
    goto(page, app, f"/my/applications/{case.case_no}")
    expect(page.get_by_role("heading", name=text("case.not_found"))).to_be_visible()
    goto(page, app, f"/applications/{draft}/check")
    expect(page.get_by_role("heading", name=text("apply.not_found"))).to_be_visible()
