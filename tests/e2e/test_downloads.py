"""Every kind of file link, clicked as a person clicks it: the browser must download the file
(a link taken over by the single-page router shows "page not found" instead).

Blank forms, receipts, certificates, case summaries, uploaded documents (as the citizen and as
the officer see them), documents of complaints, attachments of government notices, and the
statistics CSV. Each download is checked by its bytes, not only by its name.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect
from sqlmodel import select

from convenience_center.domain.services import get_matter
from convenience_center.models import Attachment, Case, Certificate, User
from convenience_center.services import applications, complaints, publications, workflow
from convenience_center.services.admin_users import set_publishing_by_operator
from convenience_center.services.common import CurrentUser
from convenience_center.settings import get_settings
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import create_citizen, goto, signed_in, text
from tests.e2e.test_staff_workflow import create_officer, officer_page
from tests.e2e.wizard_helpers import person_like
from tests.factories import Person
from tests.services.helpers import current
from tests.services.test_applications import NOW, PDF, complete_draft

SAMPLE_APPLICANT = "410105199203150020"  # the one-child sample's applicant (a woman)


def downloaded(page: Page, link: Locator) -> tuple[str, bytes]:
    """Click ``link`` and return the name and bytes of the file the browser saved."""
    expect(link).to_be_visible()
    with page.expect_download(timeout=15_000) as info:
        link.click()
    download = info.value
    path = download.path()
    assert path is not None, download.failure()
    return download.suggested_filename, path.read_bytes()


def assert_still_on(page: Page, path_pattern: str) -> None:
    """The click saved a file and left the page where it was (no "page not found")."""
    expect(page).to_have_url(re.compile(path_pattern))
    expect(page.get_by_role("heading", name=text("common.not_found_title"))).to_have_count(0)


def hand_files_to_app(app: RunningApp, condition) -> None:  # type: ignore[no-untyped-def]
    """Documents stored through the services in this process went to the tests' own data
    directory: put them where the running app keeps its private files."""
    target_root = Path(app.env["CC_DATA_DIR"]) / "private"
    with app.db() as db:
        for stored in db.exec(select(Attachment.stored_path).where(condition)).all():
            target = target_root / stored
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(get_settings().private_dir / stored, target)


@dataclass
class SubmittedCase:
    applicant: Person
    case_no: str


def submitted_case(app: RunningApp) -> SubmittedCase:
    """A citizen's submitted one-child application with its four documents (made through
    the services, as the wizard would)."""
    person = person_like(SAMPLE_APPLICANT, "李娜")
    with app.db() as db:
        user_id, public_id, _ = complete_draft(db, person)
        case = applications.submit(db, user_id=user_id, public_id=public_id, now=NOW)
    hand_files_to_app(app, Attachment.case_id == case.id)
    return SubmittedCase(person, case.case_no)


def officer(app: RunningApp, role: str, office: str) -> tuple[Person, CurrentUser]:
    person = create_officer(app, role, office)
    with app.db() as db:
        user = db.exec(select(User).where(User.username == person.username)).one()
    return person, current(user)


def issue(app: RunningApp, case_no: str) -> str:
    """Take the case through the township and the county to an issued certificate."""
    _, township = officer(app, "township", "410105001")
    _, county = officer(app, "county", "410105")
    for user, action in ((township, "accept"), (township, "forward"), (county, "approve"),
                         (county, "issue")):
        with app.db() as db:
            case = db.exec(select(Case).where(Case.case_no == case_no)).one()
            workflow.take_action(db, user=user, case_no=case_no, action_name=action,
                                 version=case.version, reason="材料齐全", now=NOW)
    with app.db() as db:
        case = db.exec(select(Case).where(Case.case_no == case_no)).one()
        return db.exec(select(Certificate.cert_no).where(Certificate.case_id == case.id)).one()


def test_the_blank_form_of_a_guide_downloads_in_both_languages(page: Page, app: RunningApp):
    service, matter = get_matter("one-child-resident", "apply")
    goto(page, app, f"/services/{service.code}")
    form = page.get_by_role("link", name=text("guide.download_form")).first
    name, data = downloaded(page, form)
    assert data.startswith(b"%PDF-") and name == f"{service.code}-{matter.code}-zh.pdf"
    assert_still_on(page, rf"/services/{service.code}/?$")
    page.get_by_role("button", name=text("nav.switch_language_label")).click()
    form = page.get_by_role("link", name=text("guide.download_form", "en")).first
    name, data = downloaded(page, form)
    assert data.startswith(b"%PDF-") and name.endswith("-en.pdf")


def test_receipt_and_documents_download_from_the_citizens_case_page(page: Page,
                                                                    app: RunningApp):
    case = submitted_case(app)
    signed_in(page, app, case.applicant)
    goto(page, app, f"/my/applications/{case.case_no}")
    name, data = downloaded(page, page.get_by_role("link", name=text("apply.receipt")))
    assert data.startswith(b"%PDF-") and case.case_no in name
    assert_still_on(page, rf"/my/applications/{case.case_no}")
    name, data = downloaded(page, page.get_by_role("link", name="id_cards.pdf"))
    assert (name, data) == ("id_cards.pdf", PDF)


def test_the_certificate_downloads_from_the_citizens_case_page(page: Page, app: RunningApp):
    case = submitted_case(app)
    cert_no = issue(app, case.case_no)
    signed_in(page, app, case.applicant)
    goto(page, app, f"/my/applications/{case.case_no}")
    link = page.get_by_role("link", name=text("case.certificate_download"))
    name, data = downloaded(page, link)
    assert data.startswith(b"%PDF-") and name == f"{cert_no}.pdf"
    assert_still_on(page, rf"/my/applications/{case.case_no}")


def test_case_summary_and_documents_download_from_the_staff_case_page(
        browser: Browser, app: RunningApp):
    case = submitted_case(app)
    township, _ = officer(app, "township", "410105001")
    staff = officer_page(browser, app, township)
    goto(staff, app, f"/staff/cases/{case.case_no}")
    name, data = downloaded(staff, staff.get_by_role("link", name=text("staff.print_summary")))
    assert data.startswith(b"%PDF-") and case.case_no in name
    assert_still_on(staff, rf"/staff/cases/{case.case_no}")
    name, data = downloaded(staff, staff.get_by_role("link", name="hukou_book.pdf"))
    assert (name, data) == ("hukou_book.pdf", PDF)
    staff.context.close()


def test_the_statistics_csv_downloads(browser: Browser, app: RunningApp):
    county, _ = officer(app, "county", "410105")
    staff = officer_page(browser, app, county)
    goto(staff, app, "/staff/stats")
    name, data = downloaded(staff, staff.get_by_role("link", name=text("stats.download_csv")))
    assert name.startswith("statistics-410105-") and name.endswith(".csv")
    body = data.decode("utf-8-sig")
    assert body.splitlines()[0].count(",") >= 1 and "\x00" not in body
    assert_still_on(staff, r"/staff/stats/?$")
    staff.context.close()


def test_complaint_documents_download_for_the_citizen_and_the_office(
        page: Page, browser: Browser, app: RunningApp):
    person = create_citizen(app)
    with app.db() as db:
        user = db.exec(select(User).where(User.username == person.username)).one()
        complaint = complaints.submit(db, user_id=user.id, kind="office", office_code="410105",
                                      about_person="", case_no="", subject="窗口排队太久",
                                      body="周一上午排队两小时。")
        complaints.add_attachment(db, user_id=user.id, tracking_no=complaint.tracking_no,
                                  filename="排队小票.pdf", data=PDF)
    hand_files_to_app(app, Attachment.complaint_id == complaint.id)
    signed_in(page, app, person)
    goto(page, app, "/complaints")
    item = page.get_by_role("listitem").filter(has_text=complaint.tracking_no)
    name, data = downloaded(page, item.get_by_role("link", name="排队小票.pdf"))
    assert (name, data) == ("排队小票.pdf", PDF)
    assert_still_on(page, r"/complaints/?$")

    chief, _ = officer(app, "county", "410105")
    staff = officer_page(browser, app, chief)
    goto(staff, app, "/staff/complaints")
    staff.get_by_role("button", name=f"{text('sp.open')} {complaint.tracking_no}").click()
    name, data = downloaded(staff, staff.get_by_role("link", name="排队小票.pdf"))
    assert (name, data) == ("排队小票.pdf", PDF)
    staff.context.close()


def test_the_attachment_of_a_government_notice_downloads(page: Page, app: RunningApp):
    author, user = officer(app, "city", "410100")
    with app.db() as db:
        set_publishing_by_operator(db, username=author.username, allowed=True)
        item = publications.save(db, user=user, publication_id=None, category="notice",
                                 title_zh="关于调整办公时间的通知",
                                 title_en="Change of opening hours", body_zh="见附件。",
                                 body_en="See the attachment.")
        publications.add_attachment(db, user=user, publication_id=item.id,
                                    filename="办公时间.pdf", data=PDF)
        publications.publish(db, user=user, publication_id=item.id)
    hand_files_to_app(app, Attachment.publication_id == item.id)
    goto(page, app, f"/open/{item.pub_no}")
    name, data = downloaded(page, page.get_by_role("link", name="办公时间.pdf"))
    assert (name, data) == ("办公时间.pdf", PDF)
    assert_still_on(page, rf"/open/{item.pub_no}")
