"""The wizard's use cases after issue 12 (items 14, 19, 20, 31): the township asked for by
name, one draft per "Start now" with its progress, missing documents on the check page, and
the steps an answer adds."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from convenience_center.domain.errors import Refused
from convenience_center.domain.services import get_matter
from convenience_center.models import ApplicationDraft
from convenience_center.services import attachments, drafts, wizard_pages
from convenience_center.services.offices import seed_offices
from convenience_center.state.wizard_view import flow_note, present
from tests.factories import Person
from tests.services.helpers import drafts_of_matter_page, my_applications_page, register

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _citizen(db: Session, id_number: str = "410105199203150020") -> int:
    seed_offices(db)
    user, _person = register(db, Person(real_name="李娜", id_number=id_number))
    assert user.id is not None
    return user.id


def _save(db: Session, user_id: int, draft: str, service: str, matter_code: str,
          steps: int, **changes: str) -> None:
    _, matter = get_matter(service, matter_code)
    sample = {**matter.samples.valid, **changes}
    for step in matter.steps[:steps]:
        if step.show_if is not None and not step.show_if.holds(sample):
            continue
        result = drafts.save_step(db, user_id=user_id, public_id=draft,
                                        step_name=step.name,
                                        submitted={f.name: sample.get(f.name, "")
                                                   for f in step.fields})
        assert result.errors == {}, (step.name, result.errors)


def test_start_now_continues_the_draft_already_started(db: Session):
    user_id = _citizen(db)
    first = drafts.start_or_continue(db, user_id=user_id,
                                           service_code="one-child-resident",
                                           matter_code="apply")
    again = drafts.start_or_continue(db, user_id=user_id,
                                           service_code="one-child-resident",
                                           matter_code="apply")
    assert again == first
    other_matter = drafts.start_or_continue(db, user_id=user_id,
                                                  service_code="one-child-resident",
                                                  matter_code="cancel")
    assert other_matter != first
    another = drafts.start_draft(db, user_id=user_id, service_code="one-child-resident",
                                       matter_code="apply")
    assert another != first
    rows = db.exec(select(ApplicationDraft).where(ApplicationDraft.user_id == user_id)).all()
    assert len(rows) == 3


def test_each_draft_says_how_far_it_has_come(db: Session):
    user_id = _citizen(db)
    draft = drafts.start_draft(db, user_id=user_id, service_code="one-child-resident",
                                     matter_code="apply")
    _save(db, user_id, draft, "one-child-resident", "apply", 3)
    listed = my_applications_page(db, user_id=user_id)["drafts"]
    # Six questions, the office and the documents (the check page is not a step to answer).
    assert listed[0]["progress_zh"] == "已完成 3/8 步"
    assert listed[0]["progress_en"] == "3 of 8 steps answered"
    _save(db, user_id, draft, "one-child-resident", "apply", 6)
    assert drafts.save_office(db, user_id=user_id, public_id=draft,
                                    office_code="410105001") is None
    for code in ("id_cards", "hukou_book", "marriage_certificate", "pregnancy_proof"):
        attachments.add_attachment(db, user_id=user_id, public_id=draft, material_code=code,
                                   filename=f"{code}.pdf", data=PDF)
    started = drafts_of_matter_page(db, user_id=user_id, service_code="one-child-resident",
                                    matter_code="apply")
    assert [d["progress_en"] for d in started] == ["8 of 8 steps answered"]


def test_a_county_whose_townships_receive_asks_for_the_township(db: Session):
    user_id = _citizen(db)
    draft = drafts.start_draft(db, user_id=user_id, service_code="one-child-resident",
                                     matter_code="apply")
    for office_code, code in (("410105", "apply.office_township_required"),
                              ("410000", "apply.office_wrong_level"),
                              ("", "apply.office_required")):
        with pytest.raises(Refused) as refused:
            drafts.save_office(db, user_id=user_id, public_id=draft,
                                     office_code=office_code)
        assert refused.value.code == code
        assert refused.value.field == "office"


def test_the_check_page_lists_the_documents_still_missing(db: Session):
    user_id = _citizen(db)
    draft = drafts.start_draft(db, user_id=user_id, service_code="one-child-resident",
                                     matter_code="apply")
    _save(db, user_id, draft, "one-child-resident", "apply", 6)
    attachments.add_attachment(db, user_id=user_id, public_id=draft, material_code="id_cards",
                               filename="id.pdf", data=PDF)
    page = present(wizard_pages.page_data(db, user_id=user_id, public_id=draft, step="check"))
    missing = [m["en"] for m in page.content.missing]
    assert missing == ["Household register (hukou book)", "Marriage certificate",
                       "Proof of pregnancy from a medical institution"]
    assert page.heading.title_en == "Check your answers before you submit"


def test_an_answer_that_adds_a_step_says_so(db: Session):
    _, matter = get_matter("honor-certificate", "apply")
    sample = matter.samples.valid
    user_id = _citizen(db, sample["applicant_id_number"])
    draft = drafts.start_draft(db, user_id=user_id, service_code="honor-certificate",
                                     matter_code="apply")
    _save(db, user_id, draft, "honor-certificate", "apply", 2)
    marriage = next(s for s in matter.steps if s.name == "marriage")
    submitted = {f.name: [sample[f.name]] for f in marriage.fields}
    submitted["marital_status"] = ["remarried"]
    outcome = wizard_pages.save_and_continue(db, user_id=user_id, public_id=draft,
                                             step="marriage", submitted=submitted,
                                             returning=False)
    assert outcome.step == "remarriage"
    assert present(outcome.page).heading.total == 10
    assert flow_note(outcome.change) == {
        "zh": "根据您的回答，增加了一步：“再婚情况”。申请现共 10 步。",
        "en": "Because of your answer, a step was added: “Remarriage”. The application now "
              "has 10 steps.",
    }
    submitted["marital_status"] = ["first"]
    outcome = wizard_pages.save_and_continue(db, user_id=user_id, public_id=draft,
                                             step="marriage", submitted=submitted,
                                             returning=False)
    assert outcome.step == "child"
    assert flow_note(outcome.change)["en"] == ("Because of your answer, this step is no longer "
                                          "needed: “Remarriage”. The application now has 9 "
                                          "steps.")
    unchanged = wizard_pages.save_and_continue(db, user_id=user_id, public_id=draft,
                                               step="marriage", submitted=submitted,
                                               returning=False)
    assert flow_note(unchanged.change) == {}


def test_the_stamp_step_offers_the_blank_form(db: Session):
    _, matter = get_matter("honor-certificate", "apply")
    user_id = _citizen(db, matter.samples.valid["applicant_id_number"])
    draft = drafts.start_draft(db, user_id=user_id, service_code="honor-certificate",
                                     matter_code="apply")
    _save(db, user_id, draft, "honor-certificate", "apply", 5)
    page = present(wizard_pages.page_data(db, user_id=user_id, public_id=draft,
                                          step="endorsement"))
    assert page.content.form_zh == "/forms/honor-certificate/apply.pdf?lang=zh"
    assert page.content.form_en == "/forms/honor-certificate/apply.pdf?lang=en"
    other = present(wizard_pages.page_data(db, user_id=user_id, public_id=draft, step="child"))
    assert other.content.form_zh == ""
