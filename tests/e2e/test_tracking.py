"""Following a case without signing in: the case number as people type it, and the receipt's
QR code, which opens the tracking page of that very case."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.documents.pdfcheck import qr_matrix, read_qr
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import goto, signed_in, text
from tests.e2e.test_downloads import downloaded, submitted_case


def look_up(page: Page, case_no: str, id_number: str, lang: str = "zh") -> None:
    page.get_by_label(text("track.case_no", lang)).fill(case_no)
    page.get_by_label(text("track.id_number", lang)).fill(id_number)
    page.get_by_role("button", name=text("track.submit", lang)).click()


@pytest.mark.parametrize("typed", ["digits", "spaces", "full-width", "grouped", "one-dash"])
def test_a_case_number_typed_without_dashes_is_found(page: Page, app: RunningApp, typed: str):
    case = submitted_case(app)
    digits = case.case_no.replace("-", "")
    entry = {"digits": digits,
             "spaces": case.case_no.replace("-", " "),
             "full-width": "".join(chr(ord(c) + 0xFEE0) for c in digits),
             "grouped": f"{digits[:6]} {digits[6:]}",  # 410105 202611260007
             "one-dash": f"{digits[:14]}-{digits[14:]}",  # 41010520261126-0007
             }[typed]
    goto(page, app, "/track")
    look_up(page, entry, case.applicant.id_number)
    expect(page.get_by_role("heading", name=text("track.result", case_no=case.case_no))
           ).to_be_visible()


def test_the_receipts_qr_code_opens_the_tracking_page_of_the_case(page: Page, app: RunningApp):
    case = submitted_case(app)
    signed_in(page, app, case.applicant)
    goto(page, app, f"/my/applications/{case.case_no}")
    _, receipt = downloaded(page, page.get_by_role("link", name=text("apply.receipt")))
    modules, _ = read_qr(receipt)
    url = f"{app.url}/track?case_no={case.case_no}"
    assert modules == qr_matrix(url)
    page.context.clear_cookies()
    page.goto(url)  # as a phone that scanned the code
    expect(page).to_have_url(re.compile(r"/track/?\?case_no="))
    number = page.get_by_label(text("track.case_no"))
    expect(number).to_have_value(case.case_no)
    page.get_by_label(text("track.id_number")).fill(case.applicant.id_number)
    page.get_by_role("button", name=text("track.submit")).click()
    expect(page.get_by_role("heading", name=text("track.result", case_no=case.case_no))
           ).to_be_visible()
