"""Telephone numbers read the same wherever they are shown: the applicant's mobile on the
account page, among the answers of the case and on the officer's case page; the hotline in
the footer and in every service guide."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Locator, Page, expect

from convenience_center.domain.services import registry
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import goto, signed_in, text
from tests.e2e.test_downloads import officer, submitted_case
from tests.e2e.test_staff_workflow import officer_page


def value_of(page: Page, label: str) -> Locator:
    """The value beside ``label`` in a list of facts (``<dt>``/``<dd>``)."""
    term = page.get_by_role("term").filter(has_text=re.compile(rf"^{re.escape(label)}$"))
    return term.first.locator("xpath=following-sibling::dd[1]")


def test_the_applicants_mobile_reads_the_same_on_every_page(page: Page, browser: Browser,
                                                           app: RunningApp):
    case = submitted_case(app)
    mobile = case.applicant.phone
    shown = f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}"
    signed_in(page, app, case.applicant)
    expect(value_of(page, text("account.phone"))).to_have_text(shown)
    goto(page, app, f"/my/applications/{case.case_no}")
    expect(value_of(page, "联系电话")).to_have_text(shown)
    township, _ = officer(app, "township", "410105001")
    staff = officer_page(browser, app, township)
    goto(staff, app, f"/staff/cases/{case.case_no}")
    expect(value_of(staff, text("staff.applicant"))).to_contain_text(f" · {shown}")
    expect(value_of(staff, "联系电话")).to_have_text(shown)
    staff.context.close()


def test_the_hotline_in_the_footer_is_the_one_in_every_guide(page: Page, app: RunningApp):
    goto(page, app, "/")
    footer = page.get_by_role("contentinfo").get_by_text(re.compile("服务热线"))
    found = re.search(r"服务热线：(\S+?)（", footer.inner_text())
    assert found, footer.inner_text()
    hotline = found.group(1)
    for service in registry().values():
        goto(page, app, f"/services/{service.code}")
        expect(value_of(page, text("guide.consultation"))).to_have_text(hotline)
