"""Filling the application wizard in a browser, from a definition's sample answers."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from convenience_center.domain.services import get_matter
from convenience_center.domain.services.base import FieldKind, Matter
from convenience_center.domain.wizard import visible_fields
from tests.e2e.helpers import wait_ready


def one_child_application() -> Matter:
    """The one-child certificate's application, the matter the drills go through."""
    found = get_matter("one-child-resident", "apply")
    assert found is not None
    return found[1]


ONE_CHILD = one_child_application()


def fill_step(page: Page, matter: Matter, step_name: str, answers: dict[str, Any],
              lang: str = "zh") -> None:
    """Answer the questions of one step by their labels, as a person would."""
    step = next(s for s in matter.steps if s.name == step_name)
    for field in visible_fields(step, answers):
        if field.prefill is not None:
            continue
        value = answers.get(field.name, "")
        label = field.label.get(lang)
        if field.kind in (FieldKind.RADIO, FieldKind.YES_NO):
            group = page.get_by_role("group", name=re.compile(re.escape(label)))
            option = ({"yes": "是", "no": "否"} if lang == "zh" else
                      {"yes": "Yes", "no": "No"})[value] if field.kind == FieldKind.YES_NO \
                else next(o.label.get(lang) for o in field.options if o.value == value)
            group.get_by_label(option, exact=True).check()
        elif field.kind == FieldKind.CHECKBOXES:
            group = page.get_by_role("group", name=re.compile(re.escape(label)))
            for option in field.options:
                box = group.get_by_label(option.label.get(lang), exact=True)
                if option.value in (value or []):
                    box.check()
                else:
                    box.uncheck()
        elif field.kind == FieldKind.DECLARATION:
            box = page.get_by_label(label, exact=True)
            if value == "yes":
                box.check()
        elif field.kind == FieldKind.SELECT:
            page.get_by_label(label, exact=True).select_option(value)
        elif value not in (None, ""):
            page.get_by_label(label, exact=True).fill(str(value))


def continue_to(page: Page, lang: str = "zh") -> None:
    page.get_by_role("button", name="保存并继续" if lang == "zh" else "Save and continue").click()


def current_step(page: Page) -> str:
    return page.url.rstrip("/").split("?")[0].rsplit("/", 1)[-1]


def answer_all_steps(page: Page, matter: Matter, answers: dict[str, Any],
                     lang: str = "zh", skip: int = 0) -> None:
    """From the first question (or the one after ``skip`` steps) to the office page."""
    for step in matter.steps[skip:]:
        if step.show_if is not None and not step.show_if.holds(answers):
            continue
        expect(page).to_have_url(re.compile(rf"/{step.name}/?$"), timeout=15_000)
        expect(page.get_by_role("heading", level=1)).to_have_text(step.title.get(lang))
        wait_ready(page)
        fill_step(page, matter, step.name, answers, lang)
        continue_to(page, lang)
    expect(page).to_have_url(re.compile(r"/office/?$"), timeout=15_000)
    wait_ready(page)


def person_like(sample_id: str, real_name: str) -> Any:
    """A new citizen with the region, birth date and sex of a sample's applicant (so the
    sample's cross-checks hold) but a number of their own (so tests never collide)."""
    from datetime import date

    from tests.factories import Person, id_number, reserve_id_number

    reserve_id_number(sample_id)  # some tests register the sample's own applicant
    birth = date(int(sample_id[6:10]), int(sample_id[10:12]), int(sample_id[12:14]))
    return Person(real_name=real_name,
                  id_number=id_number(sample_id[:6], birth, male=int(sample_id[16]) % 2 == 1))


def upload_needed(page: Page, matter: Matter, answers: dict[str, Any], tmp_path: Any,
                  lang: str = "zh") -> None:
    """Upload a small PDF for every document the application needs online."""
    from convenience_center.domain.wizard import required_uploads
    from tests.e2e.helpers import text

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    for material in required_uploads(matter, answers):
        path = tmp_path / f"{material.code}.pdf"
        path.write_bytes(pdf)
        page.get_by_label(text("apply.documents_which", lang), exact=True).select_option(
            material.code)
        page.locator("#documents input[type=file]").set_input_files(str(path))
        page.get_by_role("button", name=text("apply.documents_upload", lang), exact=True).click()
        expect(page.get_by_text(text("apply.documents_uploaded", lang,
                                     name=f"{material.code}.pdf"))).to_be_visible()


def finish_and_submit(page: Page, matter: Matter, answers: dict[str, Any], tmp_path: Any,
                      lang: str = "zh", on_page: Any = None) -> str:
    """From the office page: keep the pre-selected office (or take the first township),
    upload what is needed, check, submit. Returns the case number."""
    from tests.e2e.helpers import text

    county = page.locator("#f-county")
    if county.input_value() == "":
        county.select_option(index=1)
    township = page.locator("#f-township")
    if township.count() and township.input_value() == "":
        township.select_option(index=1)
    continue_to(page, lang)
    expect(page).not_to_have_url(re.compile(r"/office/?$"))
    if re.search(r"/documents/?$", page.url):
        wait_ready(page)
        upload_needed(page, matter, answers, tmp_path, lang)
        if on_page:
            on_page("documents")
        page.get_by_role("button", name=text("common.continue", lang), exact=True).click()
    expect(page).to_have_url(re.compile(r"/check/?$"))
    wait_ready(page)
    if on_page:
        on_page("check")
    page.get_by_role("button", name=text("apply.submit_button", lang)).click()
    expect(page).to_have_url(re.compile(r"/my/applications/\d{6}-\d{8}-\d{4}/?\?submitted=1"),
                             timeout=15_000)
    case_no = re.search(r"/my/applications/([\d-]+)", page.url).group(1)
    expect(page.locator(".cc-panel__number")).to_have_text(case_no)
    return case_no


def draft_through(app: Any, service: str, matter_code: str, *, steps: int = 0,
                  office: str | None = None, person: Any = None,
                  changes: dict[str, Any] | None = None) -> tuple[Any, str, Matter, dict]:
    """A citizen like the sample's applicant with a draft whose first ``steps`` steps (and
    the office, if given) are saved through the services: the way to a later page that is
    not what the test is about. Returns the person, the draft's id, the matter, the answers."""
    from sqlmodel import select

    from convenience_center.domain.services import get_matter
    from convenience_center.models import User
    from convenience_center.services import drafts
    from tests.e2e.helpers import create_citizen

    _, matter = get_matter(service, matter_code)
    answers = {**matter.samples.valid, **(changes or {})}
    person = person or create_citizen(app, person_like(answers["applicant_id_number"],
                                                       answers["applicant_name"]))
    with app.db() as db:
        user_id = db.exec(select(User.id).where(User.username == person.username)).one()
        draft = drafts.start_draft(db, user_id=user_id, service_code=service,
                                         matter_code=matter_code)
        for step in matter.steps[:steps]:
            if step.show_if is not None and not step.show_if.holds(answers):
                continue
            result = drafts.save_step(db, user_id=user_id, public_id=draft,
                                            step_name=step.name,
                                            submitted={f.name: answers.get(f.name, "")
                                                       for f in step.fields})
            assert result.errors == {}, (step.name, result.errors)
        if office:
            assert drafts.save_office(db, user_id=user_id, public_id=draft,
                                            office_code=office) is None
    return person, draft, matter, answers


def first_step_saved(page: Page, app: Any, matter: Matter, start: str
                     ) -> tuple[Any, dict[str, Any]]:
    """A new citizen, signed in, who pressed "Start now" at ``start`` and saved the first step
    (the applicant's) in the browser: the page shows the second (the spouse's). The citizen
    and the sample answers."""
    from tests.e2e.helpers import create_citizen, goto, signed_in, text

    assert matter.samples is not None
    answers = dict(matter.samples.valid)
    person = create_citizen(app, person_like(answers["applicant_id_number"], "李娜"))
    signed_in(page, app, person)
    goto(page, app, start)
    page.get_by_role("button", name=re.compile(text("apply.start_button"))).click()
    expect(page).to_have_url(re.compile(r"/applicant/?$"), timeout=15_000)
    wait_ready(page)
    fill_step(page, matter, "applicant", answers)
    continue_to(page)
    expect(page).to_have_url(re.compile(r"/spouse/?$"))
    return person, answers


def shoot(page: Page, name: str) -> None:
    """Screenshots at 1280 px and 375 px into /tmp/wizard-shots (looked at while
    developing), then back to the desktop width."""
    from pathlib import Path

    shots = Path("/tmp/wizard-shots")
    shots.mkdir(exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 1280
    for size in (1280, 375):
        page.set_viewport_size({"width": size, "height": 900})
        page.screenshot(path=str(shots / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": width, "height": 900})
