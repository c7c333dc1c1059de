"""Every table of the site on a phone (375 px): each row is a card of "column: value" lines, no
value is squeezed to a character a line, nothing is off the screen, the Due date is in view;
on a desktop (1280 px) the tables stay tables. Screenshots of both are kept for review."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from convenience_center.domain.services import get_matter
from convenience_center.services import complaints, inquiries, publications, ratings
from tests.e2e.case_helpers import act, submitted_case, user_of
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import create_admin, create_citizen, goto, text, wait_ready
from tests.e2e.test_staff_workflow import create_officer
from tests.e2e.wizard_helpers import person_like
from tests.factories import Person

PHONE = {"width": 375, "height": 760}
DESKTOP = {"width": 1280, "height": 900}
SENSIBLE = 200  # px: on a 375 px screen, no cell is narrower (a card's line is ~340 px)
OFFICE = "410105010"  # 未来路街道: no other browser test files cases there

MEASURE = """(sensible) => {
  const width = document.documentElement.clientWidth;
  const cells = [...document.querySelectorAll("table tbody td, table tbody th")];
  const problems = cells.map((cell) => {
    const box = cell.getBoundingClientRect();
    const where = cell.closest("table").getAttribute("class") + " '" +
      cell.innerText.slice(0, 30) + "'";
    if (box.width < sensible) return `${where}: ${Math.round(box.width)} px wide`;
    if (box.left < -0.5 || box.right > width + 0.5)
      return `${where}: from ${Math.round(box.left)} to ${Math.round(box.right)} px`;
    return null;
  }).filter(Boolean);
  return {cells: cells.length, problems, scroll: document.documentElement.scrollWidth};
}"""


def _sign_in(browser: Browser, app: RunningApp, person: Person, viewport: dict) -> Page:
    page = browser.new_context(locale="zh-CN", viewport=viewport).new_page()
    goto(page, app, "/login")
    page.get_by_label(text("login.identifier")).fill(person.username)
    page.get_by_label(text("login.password"), exact=True).fill(person.password)
    page.get_by_role("button", name=text("login.submit"), exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/login"), timeout=20_000)
    wait_ready(page)
    return page


def _column(page: Page, label_key: str):  # type: ignore[no-untyped-def]
    """The first row's cell of the column headed ``label_key``."""
    headers = page.locator("table thead th").all_inner_texts()
    return page.locator("table tbody tr").first.locator("td, th").nth(
        headers.index(text(label_key)))


def _people(app: RunningApp) -> dict[str, Person]:
    """A citizen with a completed and rated case, a question and a complaint; the township's
    officer (who may publish, with a draft notice) and an administrator."""
    _, matter = get_matter("one-child-resident", "apply")
    citizen = create_citizen(app, person_like(matter.samples.valid["applicant_id_number"],
                                              "王秀英"))
    township = create_officer(app, "township", OFFICE)
    county = create_officer(app, "county", "410105")
    assert app.cc_admin("grant-publishing", "--username", township.username).returncode == 0
    case_no = submitted_case(app, "王秀英", OFFICE, person=citizen)
    officer, above = user_of(app, township), user_of(app, county)
    for who, action in ((officer, "accept"), (officer, "forward"), (above, "approve"),
                        (above, "issue")):
        act(app, who, case_no, action)
    submitted_case(app, "王秀英", OFFICE, person=citizen)  # and one still open
    applicant = user_of(app, citizen).id
    with app.db() as db:
        ratings.rate(db, user_id=applicant, case_no=case_no, level=5,
                     scores={key: 5 for key in ("efficiency", "guide_accuracy", "convenience",
                                                "ease_of_use")}, comment="办理很快")
        inquiries.ask(db, user_id=applicant, office_code=OFFICE,
                      service_code="one-child-resident", subject="办证需要多久",
                      question="独生子女父母光荣证从申请到领证一般需要多少个工作日？")
        complaints.submit(db, user_id=applicant, kind="office", office_code=OFFICE,
                          about_person="", case_no="", subject="窗口排队时间太长",
                          body="上周二上午在窗口排队超过一个小时，建议增加叫号窗口。")
        publications.save(db, user=officer, publication_id=None, category="notice",
                          title_zh="关于调整办公时间的通知",
                          title_en="Notice on the new office hours",
                          body_zh="自下月起，工作日办公时间调整为 8:30 至 17:30。",
                          body_en="From next month, the office is open 8:30 to 17:30 on "
                                  "working days.")
    return {"citizen": citizen, "officer": township, "admin": create_admin(app)}


PAGES = {  # who looks at which page with tables; the column whose value must stay in view
    "citizen": [("/my/applications", "my.col_promised"),
                ("/services/one-child-resident", "guide.material_source"),
                ("/ratings", "ratings.average")],
    "officer": [("/staff", "staff.col_due"), ("/staff/consultations", "sp.col_action"),
                ("/staff/complaints", "sp.due"), ("/staff/publications", "sp.col_action"),
                ("/staff/stats", "")],
    "admin": [("/admin/users", "admin.col_actions"), ("/admin/audit", "audit.col_detail")],
}


def _name(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


def test_every_table_is_a_stack_of_cards_on_a_phone_and_a_table_on_a_desktop(
        browser: Browser, app: RunningApp, tmp_path: Path):
    people = _people(app)
    shots = tmp_path / "screenshots"
    for who, pages in PAGES.items():
        phone = _sign_in(browser, app, people[who], PHONE)
        desk = _sign_in(browser, app, people[who], DESKTOP)
        for path, column in pages:
            goto(phone, app, path)
            expect(phone.locator("table tbody tr").first).to_be_visible()
            found = phone.evaluate(MEASURE, SENSIBLE)
            assert found["cells"] > 0 and found["problems"] == [], (path, found)
            assert found["scroll"] <= PHONE["width"], (path, found)  # no sideways scrolling
            if column:  # the value of the last column is on the screen, not past its edge
                box = _column(phone, column).bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], \
                    (path, column, box)
            phone.screenshot(path=str(shots / f"{_name(path)}-375.png"), full_page=True)
            goto(desk, app, path)
            expect(desk.locator("table thead th").first).to_be_visible()  # a real table
            first = desk.locator("table tbody tr").first.locator("td, th")
            tops = {round(first.nth(i).bounding_box()["y"]) for i in range(first.count())}
            assert len(tops) == 1, (path, tops)  # the cells of a row side by side
            desk.screenshot(path=str(shots / f"{_name(path)}-1280.png"), full_page=True)
        phone.context.close()
        desk.context.close()
