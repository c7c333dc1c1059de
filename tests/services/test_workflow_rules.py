"""Rules of the workflow found missing by trying it (issue 12): the one-time notice, what a
cancellation says, who is told, what officers read, certificates that no longer hold, the
office while correcting, refusals in the audit log, the promise of a withdrawn case."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from convenience_center.domain.cases import CaseStatus
from convenience_center.domain.errors import NotAllowed, NotFound, Refused
from convenience_center.models import AuditEntry, Case, Certificate, User
from convenience_center.services import (
    applications,
    attachments,
    certificates,
    citizen_actions,
    drafts,
    staff_cases,
    submission_checks,
)
from convenience_center.services.offices import seed_offices
from tests.documents.pdfcheck import squash, text_of
from tests.services.helpers import (
    citizen_case_page,
    mails_to,
    my_applications_page,
    register,
    staff_case_page,
)
from tests.services.test_applications import NOW
from tests.services.test_workflow import (
    _complete_draft,
    _submit_matter,
    act,
    officer,
    submitted,
)

S = CaseStatus


def _offered(db: Session, user, case: Case) -> set[str]:  # type: ignore[no-untyped-def]
    db.refresh(case)
    return {a["name"] for a in staff_case_page(db, user=user, case_no=case.case_no,
                                                          ip=None)["actions"]}


def _resubmit(db: Session, case: Case, applicant_id: int) -> Case:
    draft = db.get(applications.ApplicationDraft, case.draft_id)
    applications.submit(db, user_id=applicant_id, public_id=draft.public_id, now=NOW)
    db.refresh(case)
    return case


def test_the_one_time_notice_is_one_request_per_case_at_acceptance(db: Session):
    case, applicant_id = submitted(db)
    township, county = officer(db, "township", "410105001"), officer(db, "county", "410105")
    assert "request_supplement" in _offered(db, township, case)
    case = act(db, township, case, "request_supplement", "请补充户口簿首页")
    case = _resubmit(db, case, applicant_id)
    assert case.status == S.SUBMITTED
    # Back at acceptance: accept, or refuse with reasons; no second "complete list".
    assert _offered(db, township, case) == {"accept", "not_accept"}
    with pytest.raises(Refused) as info:
        act(db, township, case, "request_supplement", "还缺结婚证")
    assert info.value.code == "workflow.already_taken"
    assert db.get(Case, case.id).status == S.SUBMITTED
    # In review nobody sends one: what is found later is returned or refused with reasons.
    case = act(db, township, case, "accept")
    assert "request_supplement" not in _offered(db, township, case)
    case = act(db, township, case, "forward")
    assert _offered(db, county, case) == {"return", "approve", "deny"}
    with pytest.raises(NotAllowed):
        act(db, county, case, "request_supplement", "还缺结婚证")
    user = db.get(User, applicant_id)
    told = [m for m in mails_to(db, user.email) if "一次性告知" in m.body]
    assert len(told) == 1


def test_a_fresh_case_may_get_its_one_notice_without_a_first_one(db: Session):
    case, _ = submitted(db)
    township = officer(db, "township", "410105001")
    case = act(db, township, case, "accept")
    assert "request_supplement" not in _offered(db, township, case)  # only before accepting


def _issued(db: Session) -> tuple[Case, int, str]:
    case, applicant_id = submitted(db)
    township, county = officer(db, "township", "410105001"), officer(db, "county", "410105")
    for user, name in ((township, "accept"), (township, "forward"), (county, "approve"),
                       (county, "issue")):
        case = act(db, user, case, name)
    number = db.exec(select(Certificate.cert_no).where(Certificate.case_id == case.id)).one()
    return case, applicant_id, number


def _cancel(db: Session, applicant_id: int, number: str) -> Case:
    public_id = _complete_draft(db, applicant_id, "one-child-resident", "cancel", "410105001",
                                certificate_no=number)
    cancellation = applications.submit(db, user_id=applicant_id, public_id=public_id, now=NOW)
    township, county = officer(db, "township", "410105001"), officer(db, "county", "410105")
    for user, name in ((township, "accept"), (township, "forward"), (county, "approve")):
        cancellation = act(db, user, cancellation, name)
    assert _offered(db, county, cancellation) == {"cancel_certificate"}
    labels = staff_case_page(db, user=county, case_no=cancellation.case_no,
                                        ip=None)["actions"]
    assert [(a["zh"], a["en"]) for a in labels] == [("办结注销", "Cancel the certificate")]
    return act(db, county, cancellation, "cancel_certificate")


def test_a_cancellation_speaks_of_cancelling(db: Session):
    _, applicant_id, number = _issued(db)
    cancellation = _cancel(db, applicant_id, number)
    page = citizen_case_page(db, user_id=applicant_id, case_no=cancellation.case_no)
    assert page["status_en"] == "Completed: certificate cancelled"
    assert page["status_zh"] == "已办结，证件已注销"
    messages = " ".join(e["en"] for e in page["events"])
    assert "approved; the certificate is being cancelled" in messages
    assert "has been cancelled and is no longer valid" in messages
    assert "issued" not in messages and "download" not in messages
    last = [m for m in mails_to(db, db.get(User, applicant_id).email)
            if m.template == "case_update" and cancellation.case_no in m.subject][-1]
    assert "已注销" in last.body and "发放" not in last.body
    entries = db.exec(select(AuditEntry.action).where(
        AuditEntry.target_id == cancellation.case_no)).all()
    assert "case.cancel_certificate" in entries and "case.issue" not in entries


def test_the_cancelled_certificate_says_so_wherever_it_is_shown(db: Session):
    case, applicant_id, number = _issued(db)
    page = citizen_case_page(db, user_id=applicant_id, case_no=case.case_no)
    assert (page["certificate"], page["certificate_status"]) == (number, "valid")
    cancellation = _cancel(db, applicant_id, number)
    today = NOW.date().isoformat()

    page = citizen_case_page(db, user_id=applicant_id, case_no=case.case_no)
    assert page["certificate_status"] == "cancelled"
    assert page["certificate_note_en"] == (f"Cancelled on {today} (case "
                                           f"{cancellation.case_no}): no longer valid")
    assert cancellation.case_no in page["certificate_note_zh"]
    county = officer(db, "county", "410105")
    staff = staff_case_page(db, user=county, case_no=case.case_no, ip=None)
    assert staff["certificate_status"] == "cancelled"
    assert staff["certificate_note_zh"] == page["certificate_note_zh"]

    checked = certificates.verify(db, cert_no=number)
    assert (checked.status, checked.ended_on, checked.ended_by_case) == (
        "cancelled", NOW.date(), cancellation.case_no)
    for lang, word in (("zh", "已注销"), ("en", "CANCELLED")):
        pdf = certificates.certificate_document(db, cert_no=number, user_id=applicant_id,
                                                role="citizen", office_code=None, lang=lang)
        text = squash(text_of(pdf))
        assert word in text and squash(cancellation.case_no) in text


def test_a_replaced_or_expired_certificate_says_so_too(db: Session):
    seed_offices(db)
    city = officer(db, "city", "410100")
    user, _ = register(db)
    service = "institution-practice-license"
    licence_case = _submit_matter(db, user.id, service, "apply", "410100")
    for name in ("accept", "approve", "issue"):
        licence_case = act(db, city, licence_case, name)
    licence = db.exec(select(Certificate).where(Certificate.case_id == licence_case.id)).one()
    # No matter sets a validity yet (certificate_years); a certificate with one expires.
    licence.valid_until = date(2029, 11, 25)
    db.add(licence)
    db.commit()
    later = date(2029, 11, 26)
    expired = certificates.standing(licence, today=later)
    assert (expired.status, expired.ended_on) == ("expired", licence.valid_until)
    pdf = certificates.certificate_document(db, cert_no=licence.cert_no, user_id=user.id,
                                            role="citizen", office_code=None, lang="zh",
                                            today=later)
    assert "已过期" in squash(text_of(pdf))

    verification = _submit_matter(db, user.id, service, "verify", "410100",
                                  licence_no=licence.cert_no)
    for name in ("accept", "approve", "issue"):
        verification = act(db, city, verification, name)
    renewed = db.exec(select(Certificate.cert_no)
                      .where(Certificate.case_id == verification.id)).one()
    page = citizen_case_page(db, user_id=user.id, case_no=licence_case.case_no)
    assert (page["certificate_status"], page["certificate_replaced_by"]) == ("replaced",
                                                                              renewed)
    assert renewed in page["certificate_note_en"]
    pdf = certificates.certificate_document(db, cert_no=licence.cert_no, user_id=user.id,
                                            role="citizen", office_code=None, lang="zh")
    text = squash(text_of(pdf))
    assert "已换发" in text and renewed in text


def test_forwarding_tells_the_citizen(db: Session):
    case, applicant_id = submitted(db)
    township = officer(db, "township", "410105001")
    case = act(db, township, case, "accept")
    before = len(mails_to(db, db.get(User, applicant_id).email))
    act(db, township, case, "forward", "材料齐全")
    mails = mails_to(db, db.get(User, applicant_id).email)
    assert len(mails) == before + 1
    assert "报上级审批" in mails[-1].body


def test_officers_read_about_the_applicant(db: Session):
    case, _ = submitted(db)
    township = officer(db, "township", "410105001")
    case = act(db, township, case, "request_supplement", "请补充户口簿首页")
    view = staff_case_page(db, user=township, case_no=case.case_no, ip=None)
    labels = {r["label_zh"] for r in view["rows"]} | {r["label_en"] for r in view["rows"]}
    assert {"申请人是", "申请人户籍地址", "The applicant is the"} <= labels
    assert not {"您是", "您的户籍地址", "You are the"} & labels
    assert view["status_en"] == "Waiting for the applicant to add documents"
    for lang in ("zh", "en"):
        pdf = staff_cases.summary_document(db, user=township, case_no=case.case_no,
                                           lang=lang, ip=None)
        text = squash(text_of(pdf))
        assert "您是" not in text and "您的户籍地址" not in text and "Youarethe" not in text
    assert "申请人是" in squash(text_of(staff_cases.summary_document(
        db, user=township, case_no=case.case_no, lang="zh", ip=None)))


def test_the_missing_items_row_is_gone_once_resubmitted(db: Session):
    case, applicant_id = submitted(db)
    township = officer(db, "township", "410105001")
    case = act(db, township, case, "request_supplement", "请补充户口簿首页")

    def row() -> str:
        return staff_case_page(db, user=township, case_no=case.case_no,
                                          ip=None)["supplement"]

    assert row() == "请补充户口簿首页"
    _resubmit(db, case, applicant_id)
    assert row() == ""


def test_the_office_cannot_change_while_a_case_is_corrected(db: Session):
    case, applicant_id = submitted(db)
    township = officer(db, "township", "410105001")
    act(db, township, case, "request_supplement", "请补充户口簿首页")
    draft = db.get(applications.ApplicationDraft, case.draft_id)
    with pytest.raises(Refused) as refused:
        drafts.save_office(db, user_id=applicant_id, public_id=draft.public_id,
                                 office_code="410105002")
    assert refused.value.code == "apply.office_fixed"
    db.refresh(draft)
    assert draft.office_code == "410105001"
    assert drafts.save_office(db, user_id=applicant_id, public_id=draft.public_id,
                                    office_code="410105001") is None  # the same is fine
    draft.office_code = "410105002"  # a draft changed behind the service's back
    db.add(draft)
    db.commit()
    with pytest.raises(submission_checks.SubmissionIncomplete) as info:
        applications.submit(db, user_id=applicant_id, public_id=draft.public_id, now=NOW)
    assert info.value.step == "office"
    assert db.get(Case, case.id).status == S.SUPPLEMENT_REQUIRED


def test_refusals_of_files_certificates_and_cases_are_told_apart_and_logged(db: Session):
    case, _, number = _issued(db)
    stranger, _ = register(db)
    outsider = officer(db, "county", "410102")
    attachment = attachments.case_attachments(db, case_id=case.id)[0]
    with pytest.raises(attachments.FileRefused):
        attachments.readable_file(db, attachment_id=attachment.public_id, user_id=outsider.id,
                                  role=outsider.role, office_code=outsider.office_code)
    with pytest.raises(NotFound):  # no such file: not a refusal
        attachments.readable_file(db, attachment_id="0" * 16, user_id=outsider.id,
                                  role=outsider.role, office_code=outsider.office_code)
    with pytest.raises(NotAllowed):
        certificates.certificate_document(db, cert_no=number, user_id=stranger.id,
                                          role="citizen", office_code=None, lang="zh")
    assert certificates.certificate_document(db, cert_no="YHS-410105-2026-999999",
                                             user_id=stranger.id, role="citizen",
                                             office_code=None, lang="zh") is None
    with pytest.raises(NotFound):
        citizen_case_page(db, user_id=stranger.id, case_no=case.case_no)
    refused = db.exec(select(AuditEntry).where(AuditEntry.action == "permission.denied",
                                               AuditEntry.actor_id == stranger.id)).all()
    assert [(e.target_type, e.target_id) for e in refused] == [("case", case.case_no)]


def test_a_withdrawn_case_promises_nothing(db: Session):
    case, applicant_id = submitted(db)
    page = citizen_case_page(db, user_id=applicant_id, case_no=case.case_no)
    assert page["promise_stands"] is True
    citizen_actions.withdraw(db, user_id=applicant_id, case_no=case.case_no)
    page = citizen_case_page(db, user_id=applicant_id, case_no=case.case_no)
    assert page["promise_stands"] is False
    listed = my_applications_page(db, user_id=applicant_id)["cases"]
    assert [c["promised"] for c in listed] == ["—"]
    assert date.fromisoformat(page["promised"])  # still known, just not shown
