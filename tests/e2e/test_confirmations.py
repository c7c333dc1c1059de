"""What cannot be undone waits for a second, explicit "yes": deleting a draft on "My
applications" and withdrawing an application on its case page (the reason kept and
recorded)."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Browser, expect
from sqlmodel import select

from convenience_center.models import ApplicationDraft, Case, CaseEvent
from convenience_center.services import applications, drafts
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import goto, text
from tests.e2e.test_participation import citizen_page
from tests.e2e.test_shell import axe_violations
from tests.factories import Person, id_number
from tests.services.test_applications import complete_draft


def test_deleting_a_draft_and_withdrawing_an_application_wait_for_yes(browser: Browser,
                                                                       app: RunningApp):
    person = Person(real_name="周晓", id_number=id_number(birth=date(1990, 6, 1), male=False))
    with app.db() as db:
        user_id, public_id, _ = complete_draft(db, person)
        case = applications.submit(db, user_id=user_id, public_id=public_id)
        draft_id = drafts.start_draft(db, user_id=user_id,
                                            service_code="one-child-resident",
                                            matter_code="apply")
    page = citizen_page(browser, app, person, "/my/applications")
    delete = page.get_by_role("button", name=re.compile("^" + text("my.delete")))
    delete.click()
    confirm = page.get_by_role("region", name=text("my.delete_confirm_title"))
    expect(confirm).to_be_visible()
    with app.db() as db:  # asking deleted nothing
        assert db.exec(select(ApplicationDraft.status).where(
            ApplicationDraft.public_id == draft_id)).one() == "draft"
    confirm.get_by_role("button", name=text("my.delete_no")).click()
    expect(confirm).to_have_count(0)
    delete.click()
    assert axe_violations(page) == []
    page.get_by_role("button", name=text("my.delete_yes")).click()
    expect(page.get_by_text(text("my.deleted"))).to_be_visible()
    expect(page.get_by_text(text("my.no_drafts"))).to_be_visible()
    with app.db() as db:
        assert db.exec(select(ApplicationDraft.status).where(
            ApplicationDraft.public_id == draft_id)).one() == "deleted"

    page.get_by_role("button", name=text("nav.switch_language_label")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text("my.title", "en"))
    goto(page, app, f"/my/applications/{case.case_no}")
    page.get_by_label(text("case.withdraw_reason", "en")).fill("Moved to another province")
    page.get_by_role("button", name=text("case.withdraw_button", "en")).click()
    question = page.get_by_role("region", name=text("case.withdraw_confirm_title", "en",
                                                     case_no=case.case_no))
    expect(question).to_contain_text("Moved to another province")
    with app.db() as db:
        assert db.get(Case, case.id).status == case.status
    question.get_by_role("button", name=text("case.withdraw_no", "en")).click()
    expect(question).to_have_count(0)
    expect(page.get_by_label(text("case.withdraw_reason", "en"))).to_have_value(
        "Moved to another province")
    page.get_by_role("button", name=text("case.withdraw_button", "en")).click()
    assert axe_violations(page) == []
    page.get_by_role("button", name=text("case.withdraw_yes", "en")).click()
    expect(page.get_by_text(text("case.withdrawn", "en"))).to_be_visible()
    with app.db() as db:
        assert db.get(Case, case.id).status == "withdrawn"
        event = db.exec(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                CaseEvent.action == "withdraw")).one()
    assert (event.comment, event.from_status) == ("Moved to another province", case.status)
