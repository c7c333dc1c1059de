"""Wording as a reader meets it: counts in the right number ("1 copy"), conditions that read
as one sentence, messages that quote a question instead of gluing a verb to it, two matters
that do not read as the same thing, and full-width colons in Chinese."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect

from convenience_center.domain.services import get_matter, registry
from convenience_center.services import drafts
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import create_admin, create_citizen, goto, signed_in, text, wait_ready
from tests.e2e.wizard_helpers import person_like
from tests.services.test_applications import NOW

SHOTS = Path(tempfile.gettempdir()) / "cc-screenshots"


def english(page: Page) -> None:
    page.get_by_role("button", name=text("nav.switch_language_label")).click()
    expect(page.locator("[data-ready]")).to_have_attribute("lang", "en")


def shoot(page: Page, name: str) -> None:
    """Screenshots at desktop and phone width, to look at (not compared)."""
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def material_row(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("row").filter(has=page.get_by_role("cell", name=name, exact=True))


def test_the_guide_in_english_counts_copies_and_states_conditions_once(page: Page,
                                                                      app: RunningApp):
    _, matter = get_matter("one-child-resident", "apply")
    pregnancy = next(m for m in matter.materials if m.code == "pregnancy_proof")
    goto(page, app, "/services/one-child-resident")
    english(page)
    row = material_row(page, pregnancy.name.en).first
    expect(row).to_contain_text("1 copy")
    expect(row.get_by_role("cell").nth(2)).to_have_text("If the wife is pregnant")
    expect(page.get_by_text(re.compile(r"\b1 copies\b"))).to_have_count(0)
    expect(page.get_by_text("If it applies: ")).to_have_count(0)
    service = registry()["honor-certificate"]
    goto(page, app, f"/services/{service.code}")
    expect(material_row(page, "Recent 2-inch family photograph").first).to_contain_text(
        "2 copies")
    headings = [page.get_by_role("heading", level=2, name=m.name.en, exact=True)
                for m in service.matters]
    for heading in headings:
        expect(heading).to_be_visible()
    names = {m.code: m.name.en for m in service.matters}
    assert names["replace"] == "Exchange a certificate of honour after a change of details"
    assert names["reissue"] == "Reissue a lost or damaged certificate of honour"
    expect(material_row(page, "The damaged certificate").first.get_by_role("cell").nth(2)
           ).to_have_text("If the certificate is damaged")
    shoot(page, "guide-honour-en")


def test_the_guide_in_chinese_uses_full_width_colons_and_whole_conditions(page: Page,
                                                                         app: RunningApp):
    goto(page, app, "/services/honor-certificate")
    needed = material_row(page, "损坏的原证件").first.get_by_role("cell").nth(2)
    expect(needed).to_have_text("视情况：原证件损坏的")
    expect(page.get_by_text(re.compile(r"视情况: "))).to_have_count(0)
    expect(material_row(page, "近期二寸家庭合影照片").first).to_contain_text("2 份")
    shoot(page, "guide-honour-zh")


def test_a_draft_shows_when_it_was_last_saved_with_the_colon_of_its_language(
        page: Page, app: RunningApp):
    person = create_citizen(app)
    with app.db() as db:
        user_id = db.exec(_user_id(person.username)).one()
        drafts.start_draft(db, user_id=user_id, service_code="one-child-resident",
                                 matter_code="apply")
    signed_in(page, app, person)
    goto(page, app, "/my/applications")
    expect(page.get_by_text(re.compile(r"^最近保存：\d{4}-\d{2}-\d{2}"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"最近保存: "))).to_have_count(0)
    shoot(page, "my-applications-zh")
    english(page)
    expect(page.get_by_text(re.compile(r"^Last saved: \d{4}-\d{2}-\d{2}"))).to_be_visible()
    shoot(page, "my-applications-en")


def test_a_question_left_unanswered_is_quoted_in_its_message(page: Page, app: RunningApp):
    _, matter = get_matter("two-child-floating", "apply")
    answers = dict(matter.samples.valid)
    person = create_citizen(app, person_like(answers["applicant_id_number"],
                                             answers["applicant_name"]))
    with app.db() as db:
        user_id = db.exec(_user_id(person.username)).one()
        draft = drafts.start_draft(db, user_id=user_id, service_code="two-child-floating",
                                         matter_code="apply")
        for step in matter.steps[:matter.steps.index(_step(matter, "children"))]:
            result = drafts.save_step(
                db, user_id=user_id, public_id=draft, step_name=step.name,
                submitted={f.name: answers.get(f.name, "") for f in step.fields},
                today=NOW.date())
            assert result.errors == {}, (step.name, result.errors)
    signed_in(page, app, person)
    goto(page, app, f"/applications/{draft}/children")
    english(page)
    wait_ready(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#f-first_child_origin-error")).to_contain_text(
        "Choose an answer for “Whose child is this?”")
    expect(page.locator("#f-pregnant-error")).to_contain_text(
        "Choose an answer for “Is the wife pregnant now?”")
    expect(page.get_by_text(re.compile(r"Select (whose|is the)"))).to_have_count(0)


def test_a_count_of_one_account_is_singular(page: Page, app: RunningApp):
    admin = create_admin(app)
    person = create_citizen(app)
    signed_in(page, app, admin)
    goto(page, app, "/admin/users")
    english(page)
    page.get_by_label(text("admin.search_label", "en")).fill(person.username)
    page.get_by_role("button", name=text("common.search", "en")).click()
    expect(page.get_by_role("status").filter(has_text=re.compile(r"^1 account$"))
           ).to_be_visible()


def _user_id(username: str):  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from convenience_center.models import User

    return select(User.id).where(User.username == username)


def _step(matter, name: str):  # type: ignore[no-untyped-def]
    return next(s for s in matter.steps if s.name == name)
