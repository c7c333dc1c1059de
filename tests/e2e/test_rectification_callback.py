"""Closing a rectification task in the browser: when the call back was made and what came
of it are asked for, checked, and shown apart from when the task was closed."""

from __future__ import annotations

from datetime import datetime, timedelta

from playwright.sync_api import Browser, expect
from sqlmodel import select

from convenience_center.domain.participation import CALLBACK_OUTCOMES
from convenience_center.models import Case, Rating, RectificationTask, User
from convenience_center.services import ratings
from convenience_center.services.common import CHINA_TZ
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import goto, text
from tests.e2e.test_participation import create_officer, finished_case
from tests.e2e.test_shell import axe_violations
from tests.e2e.test_staff_workflow import officer_page
from tests.services.test_participation import SCORES


def test_a_rectification_records_the_call_and_its_outcome(browser: Browser, app: RunningApp):
    case_no, person = finished_case(app)
    now = datetime.now(CHINA_TZ)
    with app.db() as db:
        user_id = db.exec(select(User.id).where(User.username == person.username)).one()
        ratings.rate(db, user_id=user_id, case_no=case_no, level=1, scores=SCORES,
                     comment="窗口推诿", now=now - timedelta(days=3))
    officer = create_officer(app, "county", "410105", "杨十八")
    staff = officer_page(browser, app, officer)
    goto(staff, app, "/staff/rectifications")
    staff.get_by_role("button", name=f"{text('sp.rect_start_close')} {case_no}").click()
    staff.get_by_label(text("sp.rect_measures")).fill("已约谈窗口负责人")
    staff.get_by_label(text("sp.rect_callback")).fill("电话回访，群众表示基本认可。")
    staff.get_by_role("button", name=text("sp.rect_close"), exact=True).click()
    expect(staff.locator("#f-called_at-error")).to_contain_text(
        text("rating.called_at_required"))
    expect(staff.locator("#f-outcome-error")).to_contain_text(text("rating.outcome_required"))
    expect(staff.get_by_label(text("sp.rect_measures"))).to_have_value("已约谈窗口负责人")
    assert axe_violations(staff) == []

    called = (now - timedelta(days=1)).replace(hour=10, minute=30)
    staff.get_by_label(text("sp.rect_called_at")).fill(called.strftime("%Y-%m-%dT%H:%M"))
    staff.get_by_label(CALLBACK_OUTCOMES["partly"].zh).check()
    staff.get_by_role("button", name=text("sp.rect_close"), exact=True).click()
    expect(staff.get_by_text(text("sp.rect_closed", case_no=case_no))).to_be_visible()
    staff.get_by_role("button", name=text("sp.rect_tab_closed")).click()
    task = staff.get_by_role("listitem").filter(has_text=case_no)
    expect(task).to_contain_text(called.strftime("%Y-%m-%d 10:30"))
    expect(task).to_contain_text(CALLBACK_OUTCOMES["partly"].zh)
    expect(task).to_contain_text(now.strftime("%Y-%m-%d"))  # closed today
    with app.db() as db:
        stored = db.exec(select(RectificationTask).join(
            Rating, Rating.id == RectificationTask.rating_id).join(
            Case, Case.id == Rating.case_id).where(Case.case_no == case_no)).one()
    assert stored.callback_outcome == "partly"
    assert stored.callback_at == called.replace(second=0, microsecond=0)
    assert stored.closed_at is not None and stored.closed_at > stored.callback_at
