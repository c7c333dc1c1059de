"""The staff workflow: jurisdiction, transitions as data, concurrency, supplements, certificates."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from convenience_center.domain.cases import CaseStatus
from convenience_center.domain.errors import Conflict, NotAllowed, Refused
from convenience_center.domain.services import get_matter
from convenience_center.domain.wizard import find_step, step_of_field
from convenience_center.domain.workflow import Actor, standard_workflow, workflow_of
from convenience_center.models import AuditEntry, Case, CaseEvent, Certificate, User
from convenience_center.services import (
    applications,
    certificates,
    drafts,
    staff_queues,
    submission_checks,
    workflow,
)
from convenience_center.services.admin_users import create_staff
from convenience_center.services.common import CurrentUser
from tests.factories import Person
from tests.services.helpers import current, mails_to, register, staff_case_page
from tests.services.test_applications import NOW, complete_draft

S = CaseStatus


def officer(db: Session, role: str, office: str) -> CurrentUser:
    person = Person()
    user = create_staff(db, username=person.username, real_name="审核员", email=person.email,
                        role=role, office_code=office, password=person.password)
    return current(user)


def submitted(db: Session) -> tuple[Case, int]:
    user_id, public_id, _ = complete_draft(db)
    return applications.submit(db, user_id=user_id, public_id=public_id, now=NOW), user_id


def act(db: Session, user: CurrentUser, case: Case, name: str, reason: str = "") -> Case:
    db.refresh(case)
    workflow.take_action(db, user=user, case_no=case.case_no, action_name=name,
                         version=case.version, reason=reason, now=NOW)
    db.refresh(case)
    return case


def test_the_standard_workflow_is_data():
    _, matter = get_matter("one-child-resident", "apply")
    flow = workflow_of(matter)
    assert [level.value for level in flow.chain] == ["township", "county"]
    township = {a.name for a in flow.available("submitted", "township", Actor.STAFF)}
    assert township == {"accept", "not_accept", "request_supplement"}
    # The one-time notice of missing items is sent at acceptance only, and only once.
    assert {a.name for a in flow.available("in_review", "township", Actor.STAFF)} == {
        "forward"}
    assert {a.name for a in flow.available("in_review", "county", Actor.STAFF)} == {
        "return", "approve", "deny"}
    assert {a.name for a in flow.available("submitted", "township", Actor.STAFF,
                                           taken=frozenset({"request_supplement"}))} == {
        "accept", "not_accept"}
    assert "accept" not in {a.name for a in flow.available("submitted", "county", Actor.STAFF)}
    assert {a.name for a in flow.available("supplement_required", "", Actor.CITIZEN)} == {
        "resubmit", "withdraw"}
    _, licence = get_matter("institution-practice-license", "apply")
    assert [lv.value for lv in standard_workflow(licence).chain] == ["city"]


def test_a_case_goes_up_the_chain_and_is_issued(db: Session):
    case, applicant_id = submitted(db)
    assert (case.current_level, case.holder_office) == ("township", "410105001")
    assert case.applicant_name == "李娜" and case.due_date is not None
    township = officer(db, "township", "410105001")
    county = officer(db, "county", "410105")
    case = act(db, township, case, "accept")
    assert case.status == S.IN_REVIEW
    case = act(db, township, case, "forward", "材料齐全")
    assert (case.current_level, case.holder_office) == ("county", "410105")
    case = act(db, county, case, "approve")
    case = act(db, county, case, "issue")
    assert case.status == S.ISSUED
    certificate = db.exec(select(Certificate).where(Certificate.case_id == case.id)).one()
    assert certificate.cert_no.startswith("YHS-410105-") and certificate.status == "valid"
    assert certificate.holder_id == applicant_id
    events = db.exec(select(CaseEvent.action).where(CaseEvent.case_id == case.id)
                     .order_by(CaseEvent.id)).all()
    assert events == ["submit", "accept", "forward", "approve", "issue"]
    user = db.get(User, applicant_id)
    templates = [m.template for m in mails_to(db, user.email)]
    assert templates.count("case_update") == 4  # accepted, forwarded, approved, issued
    verified = certificates.verify(db, cert_no=certificate.cert_no)
    assert verified.status == "valid" and verified.holder_masked == "李*"


def test_officers_outside_the_jurisdiction_cannot_see_or_act(db: Session):
    case, _ = submitted(db)
    other_county = officer(db, "county", "410102")
    other_township = officer(db, "township", "410105002")
    for user in (other_county, other_township):
        with pytest.raises(NotAllowed):
            workflow.staff_case(db, user=user, case_no=case.case_no, ip=None)
        with pytest.raises(NotAllowed):
            act(db, user, case, "accept")
    # The county above sees the case but may not accept it: that is the township's step.
    county = officer(db, "county", "410105")
    assert workflow.staff_case(db, user=county, case_no=case.case_no, ip=None)
    with pytest.raises(NotAllowed):
        act(db, county, case, "accept")
    refusals = db.exec(select(AuditEntry).where(AuditEntry.action == "permission.denied")).all()
    assert len(refusals) >= 5
    assert db.get(Case, case.id).status == S.SUBMITTED


def test_a_citizen_is_no_officer(db: Session):
    case, applicant_id = submitted(db)
    with pytest.raises(NotAllowed):
        act(db, current(db.get(User, applicant_id)), case, "accept")


def test_refusals_need_a_reason(db: Session):
    case, _ = submitted(db)
    township = officer(db, "township", "410105001")
    with pytest.raises(Refused) as info:
        act(db, township, case, "not_accept", "  ")
    assert info.value.code == "workflow.reason_required"
    case = act(db, township, case, "not_accept", "不属于本辖区")
    assert case.status == S.NOT_ACCEPTED and case.decision_reason == "不属于本辖区"


def test_two_officers_at_the_same_moment_make_one_transition(engine):
    with Session(engine, expire_on_commit=False) as db:
        case, _ = submitted(db)
        first = officer(db, "township", "410105001")
        second = officer(db, "township", "410105001")
        version = case.version
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def attempt(user: CurrentUser, action: str, reason: str) -> None:
        with Session(engine, expire_on_commit=False) as db:
            barrier.wait()
            try:
                workflow.take_action(db, user=user, case_no=case.case_no, action_name=action,
                                     version=version, reason=reason, now=NOW)
                outcomes.append(action)
            except Conflict:
                outcomes.append("changed")
            except Exception as exc:  # reported by the assertion below
                outcomes.append(repr(exc))

    threads = [threading.Thread(target=attempt, args=(first, "accept", "")),
               threading.Thread(target=attempt, args=(second, "not_accept", "重复申请"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 2 and outcomes.count("changed") == 1, outcomes
    with Session(engine) as db:
        events = db.exec(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                 CaseEvent.action != "submit")).all()
        assert len(events) == 1


def test_a_supplement_pauses_the_clock_until_the_citizen_resubmits(db: Session):
    case, applicant_id = submitted(db)
    township = officer(db, "township", "410105001")
    due_before = case.due_date
    case = act(db, township, case, "request_supplement", "请补充结婚证原件照片")
    assert case.status == S.SUPPLEMENT_REQUIRED and case.paused_since is not None
    draft = db.get(applications.ApplicationDraft, case.draft_id)
    assert draft.status == "amending"
    later = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # five working days later
    resubmitted = applications.submit(db, user_id=applicant_id, public_id=draft.public_id,
                                      now=later)
    assert resubmitted.case_no == case.case_no
    db.refresh(case)
    assert case.status == S.SUBMITTED and case.paused_since is None
    assert case.due_date > due_before  # the days spent waiting do not count
    assert len(db.exec(select(Case)).all()) == 1


def test_cancelling_a_certificate_is_an_application_of_its_own(db: Session):
    case, applicant_id = submitted(db)
    township, county = officer(db, "township", "410105001"), officer(db, "county", "410105")
    for user, name in ((township, "accept"), (township, "forward"), (county, "approve"),
                       (county, "issue")):
        case = act(db, user, case, name)
    number = db.exec(select(Certificate.cert_no).where(Certificate.case_id == case.id)).one()
    _, cancel = get_matter("one-child-resident", "cancel")
    public_id = drafts.start_draft(db, user_id=applicant_id,
                                         service_code="one-child-resident", matter_code="cancel")
    answers = {**cancel.samples.valid, "certificate_no": number}
    for step in cancel.steps:
        drafts.save_step(db, user_id=applicant_id, public_id=public_id,
                               step_name=step.name,
                               submitted={f.name: answers.get(f.name, "") for f in step.fields},
                               today=NOW.date())
    drafts.save_office(db, user_id=applicant_id, public_id=public_id,
                             office_code="410105001")
    from convenience_center.services import attachments
    attachments.add_attachment(db, user_id=applicant_id, public_id=public_id,
                               material_code="applicant_id_card", filename="id.pdf",
                               data=b"%PDF-1.4\n%%EOF\n")
    cancellation = applications.submit(db, user_id=applicant_id, public_id=public_id, now=NOW)
    for user, name in ((township, "accept"), (township, "forward"), (county, "approve"),
                       (county, "cancel_certificate")):
        cancellation = act(db, user, cancellation, name)
    assert certificates.verify(db, cert_no=number).status == "cancelled"
    assert db.exec(select(Certificate).where(Certificate.case_id == cancellation.id)).all() == []


def test_queues_follow_the_case(db: Session):
    case, _ = submitted(db)
    township, county = officer(db, "township", "410105001"), officer(db, "county", "410105")
    today = date(2026, 11, 27)
    assert staff_queues.counts(db, user=township, today=today)["to_accept"] == 1
    assert staff_queues.counts(db, user=county, today=today)["to_accept"] == 0
    assert staff_queues.counts(db, user=county, today=today)["all"] == 1
    case = act(db, township, case, "accept")
    case = act(db, township, case, "forward")
    assert staff_queues.counts(db, user=county, today=today)["in_review"] == 1
    rows, cursor = staff_queues.page(db, user=county, queue="in_review",
                                     filters=staff_queues.Filters(search="李娜"), today=today)
    assert [r.case_no for r in rows] == [case.case_no] and cursor is None
    late = date(2027, 6, 1)
    assert staff_queues.counts(db, user=county, today=late)["overdue"] == 1
    city = officer(db, "city", "410100")
    assert staff_queues.counts(db, user=city, today=late)["overdue"] == 1
    elsewhere = officer(db, "city", "410200")
    assert staff_queues.counts(db, user=elsewhere, today=late)["all"] == 0


def test_due_dates_skip_chinese_public_holidays(db: Session):
    from convenience_center.services.offices import seed_offices

    seed_offices(db)
    _, matter = get_matter("one-child-resident", "apply")  # 5 promised working days
    before_national_day = datetime(2026, 9, 29, 2, 0, tzinfo=UTC)  # Tuesday, 10:00 in China
    holding = workflow.initial_holding(db, office_code="410105001", matter=matter,
                                       submitted=before_national_day)
    # 30 Sep, 8, 9, 10 (a make-up Saturday) and 12 Oct: the 1-7 October holiday does not count.
    assert holding["due_date"] == date(2026, 10, 12)
    ordinary_week = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)  # Monday
    assert workflow.initial_holding(db, office_code="410105001", matter=matter,
                                    submitted=ordinary_week)["due_date"] == date(2026, 11, 23)


def _submit_matter(db: Session, user_id: int, service_code: str, matter_code: str,
                   office_code: str, **answers: str) -> Case:
    """A submitted application of any matter (see ``_complete_draft``)."""
    public_id = _complete_draft(db, user_id, service_code, matter_code, office_code, **answers)
    return applications.submit(db, user_id=user_id, public_id=public_id, now=NOW)


def _complete_draft(db: Session, user_id: int, service_code: str, matter_code: str,
                    office_code: str, **answers: str) -> str:
    """A complete draft of any matter: its sample answers, ``answers`` over them, and a PDF
    for every document it needs."""
    from convenience_center.domain.wizard import required_uploads
    from convenience_center.services import attachments

    _, matter = get_matter(service_code, matter_code)
    values = {**matter.samples.valid, **answers}
    public_id = drafts.start_draft(db, user_id=user_id, service_code=service_code,
                                         matter_code=matter_code)
    for step in matter.steps:
        result = drafts.save_step(db, user_id=user_id, public_id=public_id,
                                        step_name=step.name,
                                        submitted={f.name: values.get(f.name, "")
                                                   for f in step.fields},
                                        today=NOW.date())
        assert result.errors == {}, (step.name, result.errors)
    assert drafts.save_office(db, user_id=user_id, public_id=public_id,
                                    office_code=office_code) is None
    for material in required_uploads(matter, values):
        attachments.add_attachment(db, user_id=user_id, public_id=public_id,
                                   material_code=material.code, filename="scan.pdf",
                                   data=b"%PDF-1.4\n%%EOF\n")
    return public_id


def test_verifying_a_practice_licence_replaces_the_licence_it_names(db: Session):
    _, _, person = complete_draft(db)  # a citizen with an account (the institution's contact)
    user_id = db.exec(select(User.id).where(User.username == person.username)).one()
    city = officer(db, "city", "410100")
    service = "institution-practice-license"
    licence_case = _submit_matter(db, user_id, service, "apply", "410100")
    for name in ("accept", "approve", "issue"):
        licence_case = act(db, city, licence_case, name)
    licence = db.exec(select(Certificate).where(Certificate.case_id == licence_case.id)).one()
    assert licence.cert_no.startswith("ZYX-410100-")

    verification = _submit_matter(db, user_id, service, "verify", "410100",
                                  licence_no=licence.cert_no)
    for name in ("accept", "approve", "issue"):
        verification = act(db, city, verification, name)
    renewed = db.exec(select(Certificate).where(Certificate.case_id == verification.id)).one()
    checked = certificates.verify(db, cert_no=licence.cert_no)
    assert (checked.status, checked.replaced_by) == ("replaced", renewed.cert_no)
    assert certificates.verify(db, cert_no=renewed.cert_no).status == "valid"


def _name_certificate(db: Session, user_id: int, service_code: str, matter_code: str,
                      certificate_no: str) -> dict:
    """The errors of the step naming the certificate, in a new draft of the matter."""
    _, matter = get_matter(service_code, matter_code)
    step = find_step(matter, step_of_field(matter, matter.certificate_field))
    public_id = drafts.start_draft(db, user_id=user_id, service_code=service_code,
                                         matter_code=matter_code)
    values = {**matter.samples.valid, matter.certificate_field: certificate_no}
    result = drafts.save_step(
        db, user_id=user_id, public_id=public_id, step_name=step.name,
        submitted={f.name: values.get(f.name, "") for f in step.fields}, today=NOW.date())
    if not result.errors:  # the input is kept as typed
        assert result.values[matter.certificate_field] == certificate_no.strip()
    return result.errors


def test_a_cancellation_names_a_certificate_of_its_own_service(db: Session):
    case, applicant_id = submitted(db)
    township, county = officer(db, "township", "410105001"), officer(db, "county", "410105")
    for name in ("accept", "forward", "approve", "issue"):
        case = act(db, township if name in ("accept", "forward") else county, case, name)
    birth_certificate = db.exec(select(Certificate.cert_no)
                                .where(Certificate.case_id == case.id)).one()
    # the certificate-of-honour cancellation names the birth certificate's number
    errors = _name_certificate(db, applicant_id, "honor-certificate", "cancel",
                               birth_certificate)
    assert set(errors) == {"certificate_no"}
    assert certificates.verify(db, cert_no=birth_certificate).status == "valid"


def test_a_cancellation_names_a_valid_certificate_the_applicant_holds(db: Session):
    case, applicant_id = submitted(db)
    township, county = officer(db, "township", "410105001"), officer(db, "county", "410105")
    for name in ("accept", "forward", "approve", "issue"):
        case = act(db, township if name in ("accept", "forward") else county, case, name)
    number = db.exec(select(Certificate.cert_no).where(Certificate.case_id == case.id)).one()
    step = step_of_field(get_matter("one-child-resident", "cancel")[1], "certificate_no")

    def named(user_id: int, certificate_no: str) -> dict:
        return _name_certificate(db, user_id, "one-child-resident", "cancel", certificate_no)

    mistyped = number[:-1] + ("0" if number[-1] != "0" else "1")
    assert set(named(applicant_id, mistyped)) == {"certificate_no"}
    assert named(applicant_id, number) == {}
    assert named(applicant_id, " " + number.lower().replace("-", " - ")) == {}
    assert named(applicant_id, "豫一孩2019-000777") == {}  # an older paper certificate
    stranger, _ = register(db)
    assert set(named(stranger.id, number)) == {"certificate_no"}

    # Two cancellations of the same certificate: once the first is done, the second is
    # refused at submit, on the step that names the certificate.
    first = _complete_draft(db, applicant_id, "one-child-resident", "cancel", "410105001",
                            certificate_no=number)
    second = _complete_draft(db, applicant_id, "one-child-resident", "cancel", "410105001",
                             certificate_no=number)
    cancellation = applications.submit(db, user_id=applicant_id, public_id=first, now=NOW)

    def named_for_officer(case_no: str) -> str:
        return staff_case_page(db, user=county, case_no=case_no, ip=None)["named_en"]

    assert named_for_officer(cancellation.case_no).startswith(f"{number}: Valid (issued ")
    for name in ("accept", "forward", "approve", "cancel_certificate"):
        cancellation = act(db, township if name in ("accept", "forward") else county,
                           cancellation, name)
    assert named_for_officer(cancellation.case_no).startswith(f"{number}: Cancelled")
    with pytest.raises(submission_checks.SubmissionIncomplete) as info:
        applications.submit(db, user_id=applicant_id, public_id=second, now=NOW)
    assert info.value.step == step and set(info.value.errors) == {"certificate_no"}
    cancellations = db.exec(select(Case.id).where(Case.matter_code == "cancel")).all()
    assert cancellations == [cancellation.id]
    paper = _submit_matter(db, applicant_id, "one-child-resident", "cancel", "410105001")
    assert named_for_officer(paper.case_no) == (
        "豫一孩2024-000321: not issued on this platform; check it against the paper register")
    assert staff_case_page(db, user=county, case_no=case.case_no,
                                      ip=None)["named_en"] == ""  # an application names none
