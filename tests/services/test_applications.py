"""Applying: drafts saved per step, submission into exactly one case, withdrawal, tracking."""

from __future__ import annotations

import re
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from convenience_center.domain.cases import CaseStatus
from convenience_center.domain.errors import NotFound, Refused
from convenience_center.domain.services import get_matter
from convenience_center.models import ApplicationDraft, Case, CaseEvent
from convenience_center.services import (
    applications,
    attachments,
    citizen_actions,
    drafts,
    submission_checks,
    tracking,
)
from convenience_center.services.offices import seed_offices
from tests.factories import Person
from tests.services.helpers import mails_to, register

SERVICE, MATTER = "one-child-resident", "apply"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # 10:00 in China


def complete_draft(db: Session, person: Person | None = None,
                   id_number: str = "410105199203150020") -> tuple[int, str, Person]:
    """A citizen whose draft of the one-child certificate is complete, documents included."""
    seed_offices(db)
    user, person = register(db, person or Person(real_name="李娜", id_number=id_number))
    public_id = drafts.start_draft(db, user_id=user.id, service_code=SERVICE,
                                         matter_code=MATTER)
    _, matter = get_matter(SERVICE, MATTER)
    sample = dict(matter.samples.valid)
    for step in matter.steps:
        values = {f.name: sample.get(f.name, "") for f in step.fields}
        result = drafts.save_step(db, user_id=user.id, public_id=public_id,
                                        step_name=step.name, submitted=values,
                                        today=NOW.date())
        assert result.errors == {}, (step.name, result.errors)
    assert drafts.save_office(db, user_id=user.id, public_id=public_id,
                                    office_code="410105001") is None
    for code in ("id_cards", "hukou_book", "marriage_certificate", "pregnancy_proof"):
        attachments.add_attachment(db, user_id=user.id, public_id=public_id,
                                   material_code=code, filename=f"{code}.pdf", data=PDF)
    return user.id, public_id, person


def test_prefilled_identity_cannot_be_overridden(db: Session):
    seed_offices(db)
    user, person = register(db, Person(id_number="410105199203150020"))
    public_id = drafts.start_draft(db, user_id=user.id, service_code=SERVICE,
                                         matter_code=MATTER)
    _, matter = get_matter(SERVICE, MATTER)
    values = {f.name: matter.samples.valid.get(f.name, "") for f in matter.steps[0].fields}
    values["applicant_id_number"] = "410105199008080012"  # someone else's number
    values["applicant_name"] = "冒名者"
    result = drafts.save_step(db, user_id=user.id, public_id=public_id,
                                    step_name="applicant", submitted=values, today=NOW.date())
    assert result.values["applicant_id_number"] == person.id_number
    assert result.values["applicant_name"] == person.real_name
    draft = drafts.open_draft(db, user_id=user.id, public_id=public_id)
    assert "applicant_id_number" not in draft.answers  # never stored: read from the account


def test_a_step_with_errors_is_not_saved(db: Session):
    seed_offices(db)
    user, _ = register(db, Person(id_number="410105199203150020"))
    public_id = drafts.start_draft(db, user_id=user.id, service_code=SERVICE,
                                         matter_code=MATTER)
    result = drafts.save_step(db, user_id=user.id, public_id=public_id,
                                    step_name="children",
                                    submitted={"children_count": "2", "pregnant": "maybe"},
                                    today=NOW.date())
    assert set(result.errors) == {"pregnant"}
    draft = drafts.open_draft(db, user_id=user.id, public_id=public_id)
    assert draft.answers == {} and draft.steps_done == []


def test_submit_creates_one_case_with_a_meaningful_number(db: Session):
    user_id, public_id, person = complete_draft(db)
    case = applications.submit(db, user_id=user_id, public_id=public_id, now=NOW)
    assert re.fullmatch(r"410105-20261126-\d{4}", case.case_no)
    assert case.status == CaseStatus.SUBMITTED
    assert case.office_code == "410105001"
    assert case.promised_date > NOW.date()
    assert case.answers["spouse_name"] == "王强"
    again = applications.submit(db, user_id=user_id, public_id=public_id, now=NOW)
    assert again.case_no == case.case_no
    assert len(db.exec(select(Case)).all()) == 1
    events = db.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
    assert [e.to_status for e in events] == ["submitted"]
    assert mails_to(db, person.email)[-1].template == "application_submitted"
    draft = db.exec(select(ApplicationDraft).where(ApplicationDraft.public_id == public_id)
                    ).one()
    assert draft.status == "submitted"
    with pytest.raises(NotFound):  # a submitted draft cannot be edited
        drafts.save_step(db, user_id=user_id, public_id=public_id,
                               step_name="residence", submitted={}, today=NOW.date())


def test_a_promise_across_the_2027_spring_festival_skips_it_and_says_it_is_provisional(
        db: Session):
    # 5 working days from Monday 1 Feb 2027: Feb 2-4, then the Spring Festival (Feb 5-10, no
    # official arrangement yet, computed by the regulation), then Feb 11-12.
    user_id, public_id, _ = complete_draft(db)
    monday = datetime(2027, 2, 1, 2, 0, tzinfo=UTC)  # 10:00 in China
    case = applications.submit(db, user_id=user_id, public_id=public_id, now=monday)
    assert case.promised_date == date(2027, 2, 12)
    assert case.promised_provisional


def test_every_step_is_checked_again_at_submit(db: Session):
    user_id, public_id, _ = complete_draft(db)
    draft = drafts.open_draft(db, user_id=user_id, public_id=public_id)
    answers = dict(draft.answers)
    del answers["marriage_date"]  # as if the browser had skipped the marriage step
    draft.answers = answers
    db.add(draft)
    db.commit()
    with pytest.raises(submission_checks.SubmissionIncomplete) as info:
        applications.submit(db, user_id=user_id, public_id=public_id, now=NOW)
    assert info.value.step == "marriage" and "marriage_date" in info.value.errors
    assert db.exec(select(Case)).all() == []


def test_missing_documents_are_refused_at_submit(db: Session):
    seed_offices(db)
    user_id, public_id, _ = complete_draft(db)
    for view in attachments.draft_attachments(db, user_id=user_id, public_id=public_id):
        if view.material_code == "marriage_certificate":
            attachments.remove_attachment(db, user_id=user_id, public_id=public_id,
                                          attachment_id=view.public_id)
    with pytest.raises(submission_checks.SubmissionIncomplete) as info:
        applications.submit(db, user_id=user_id, public_id=public_id, now=NOW)
    assert info.value.step == "documents" and "marriage_certificate" in info.value.errors


def test_drafts_of_others_are_not_found(db: Session):
    user_id, public_id, _ = complete_draft(db)
    intruder, _ = register(db)
    with pytest.raises(NotFound):
        drafts.open_draft(db, user_id=intruder.id, public_id=public_id)
    with pytest.raises(NotFound):
        applications.submit(db, user_id=intruder.id, public_id=public_id, now=NOW)
    with pytest.raises(NotFound):
        attachments.add_attachment(db, user_id=intruder.id, public_id=public_id,
                                   material_code="id_cards", filename="a.pdf", data=PDF)
    del user_id


def test_twenty_concurrent_submissions_get_twenty_different_numbers(engine):
    with Session(engine, expire_on_commit=False) as db:
        drafts = [complete_draft(db, Person(id_number=_female_id(i)))[:2] for i in range(20)]
    numbers: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)

    def submit(user_id: int, public_id: str) -> None:
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                numbers.append(applications.submit(session, user_id=user_id,
                                                   public_id=public_id, now=NOW).case_no)
            except BaseException as exc:  # collected and reported below
                errors.append(exc)

    threads = [threading.Thread(target=submit, args=draft) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(numbers) == 20 and len(set(numbers)) == 20
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, 21))


def test_double_submit_at_the_same_moment_makes_one_case(engine):
    with Session(engine, expire_on_commit=False) as db:
        user_id, public_id, _ = complete_draft(db)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def submit() -> None:
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            results.append(applications.submit(session, user_id=user_id,
                                                public_id=public_id, now=NOW).case_no)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2 and results[0] == results[1]
    with Session(engine) as db:
        assert len(db.exec(select(Case)).all()) == 1


def test_withdraw_before_a_decision(db: Session):
    user_id, public_id, _ = complete_draft(db)
    case = applications.submit(db, user_id=user_id, public_id=public_id, now=NOW)
    intruder, _ = register(db)
    with pytest.raises(NotFound):
        citizen_actions.withdraw(db, user_id=intruder.id, case_no=case.case_no)
    withdrawn = citizen_actions.withdraw(db, user_id=user_id, case_no=case.case_no,
                                         reason="不再需要")
    assert withdrawn.status == CaseStatus.WITHDRAWN
    with pytest.raises(Refused, match="not_withdrawable"):
        citizen_actions.withdraw(db, user_id=user_id, case_no=case.case_no)
    entries = applications.timeline(db, case_id=case.id)
    assert [e.status for e in entries] == ["submitted", "withdrawn"]
    assert "不再需要" in entries[-1].message_zh


def test_tracking_needs_the_right_id_number_and_is_limited(db: Session):
    user_id, public_id, person = complete_draft(db)
    case = applications.submit(db, user_id=user_id, public_id=public_id, now=NOW)
    found = tracking.track(db, case_no=case.case_no.replace("-", " "),
                           id_number=person.id_number, ip="10.9.9.9")
    assert found is not None and found.status == "submitted"
    assert not hasattr(found, "answers")
    assert tracking.track(db, case_no=case.case_no, id_number="410105199008080012",
                          ip="10.9.9.9") is None
    assert tracking.track(db, case_no="410105-20260101-9999", id_number=person.id_number,
                          ip="10.9.9.9") is None
    with pytest.raises(tracking.TooManyQueries):
        for _ in range(tracking.PER_MINUTE):
            tracking.track(db, case_no=case.case_no, id_number=person.id_number,
                           ip="10.9.9.9")
    assert tracking.track(db, case_no=case.case_no, id_number=person.id_number,
                          ip="10.9.9.10") is not None


def _female_id(index: int) -> str:
    from stdnum.cn import ric

    birth = datetime(1990, 1, 1) + timedelta(days=index * 37)
    first17 = f"410105{birth:%Y%m%d}{(index * 2) % 1000:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")
