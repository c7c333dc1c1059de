"""What anyone may do to a case, and what it causes, is what the matter's workflow declares:
a declaration changed here (a matter's own workflow, as a service module may give one) changes
what the services do, with no name of an action or status written in them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from sqlmodel import Session, select

from convenience_center.domain.cases import CaseStatus as S
from convenience_center.domain.errors import Refused
from convenience_center.domain.services import get_matter, registry
from convenience_center.domain.services.base import Text
from convenience_center.domain.workflow import Action, Workflow, workflow_of
from convenience_center.models import ApplicationDraft, Case, CaseEvent, Certificate
from convenience_center.services import applications, citizen_actions
from tests.services.test_applications import MATTER, NOW, SERVICE, _female_id, complete_draft
from tests.services.test_workflow import act, officer, submitted

Change = Callable[[Action], Action]


def declare(monkeypatch: pytest.MonkeyPatch, **changes: Change) -> Workflow:
    """Give the matter the tests apply for its own workflow: the standard one with the named
    actions changed."""
    service = registry()[SERVICE]
    found = get_matter(SERVICE, MATTER)
    assert found is not None
    standard = workflow_of(found[1])
    own = Workflow(standard.chain, tuple(changes[a.name](a) if a.name in changes else a
                                         for a in standard.actions), standard.limits)
    matters = tuple(dataclasses.replace(m, workflow=own) if m.code == MATTER else m
                    for m in service.matters)
    monkeypatch.setitem(registry(), SERVICE, dataclasses.replace(service, matters=matters))
    assert workflow_of(get_matter(SERVICE, MATTER)[1]) is own  # type: ignore[index]
    return own


def test_withdrawal_is_allowed_where_the_declaration_allows_it(db: Session,
                                                                monkeypatch: pytest.MonkeyPatch):
    declare(monkeypatch, withdraw=lambda a: dataclasses.replace(
        a, from_states=(S.SUBMITTED,),
        citizen_message=Text("申请人撤回了申请。", "The applicant took the application back.")))
    first, applicant_id = submitted(db)
    township = officer(db, "township", "410105001")
    first = act(db, township, first, "accept")
    with pytest.raises(Refused) as refused:
        citizen_actions.withdraw(db, user_id=applicant_id, case_no=first.case_no)
    assert refused.value.code == "case.not_withdrawable"
    assert db.get(Case, first.id).status == S.IN_REVIEW
    second_applicant, public_id, _ = complete_draft(db, id_number=_female_id(7))
    second = applications.submit(db, user_id=second_applicant, public_id=public_id, now=NOW)
    withdrawn = citizen_actions.withdraw(db, user_id=second_applicant, case_no=second.case_no,
                                      reason="不再需要")
    assert withdrawn.status == S.WITHDRAWN and withdrawn.decided_at is not None
    last = applications.timeline(db, case_id=second.id)[-1]
    assert last.message_zh == "申请人撤回了申请。原因：不再需要"
    assert last.message_en == "The applicant took the application back. Reason: 不再需要"


def test_a_withdrawal_that_is_no_decision_leaves_the_decision_time_empty(
        db: Session, monkeypatch: pytest.MonkeyPatch):
    declare(monkeypatch, withdraw=lambda a: dataclasses.replace(a, decides=False))
    case, applicant_id = submitted(db)
    withdrawn = citizen_actions.withdraw(db, user_id=applicant_id, case_no=case.case_no)
    assert withdrawn.status == S.WITHDRAWN and withdrawn.decided_at is None


def test_no_resubmission_where_none_is_declared(db: Session, monkeypatch: pytest.MonkeyPatch):
    declare(monkeypatch, resubmit=lambda a: dataclasses.replace(a, from_states=()))
    case, applicant_id = submitted(db)
    case = act(db, officer(db, "township", "410105001"), case, "request_supplement", "户口簿")
    draft = db.get(ApplicationDraft, case.draft_id)
    assert draft is not None and draft.status == "amending"
    with pytest.raises(Refused) as refused:
        applications.submit(db, user_id=applicant_id, public_id=draft.public_id)
    assert refused.value.code == "workflow.not_waiting"
    assert db.get(Case, case.id).status == S.SUPPLEMENT_REQUIRED


def test_a_resubmission_goes_where_it_is_declared_to(db: Session,
                                                     monkeypatch: pytest.MonkeyPatch):
    declare(monkeypatch, resubmit=lambda a: dataclasses.replace(
        a, to_state=S.IN_REVIEW, resumes=False,
        citizen_message=Text("已补正。", "Corrected.")))
    case, applicant_id = submitted(db)
    case = act(db, officer(db, "township", "410105001"), case, "request_supplement", "户口簿")
    draft = db.get(ApplicationDraft, case.draft_id)
    assert draft is not None
    applications.submit(db, user_id=applicant_id, public_id=draft.public_id)
    db.refresh(case)
    assert case.status == S.IN_REVIEW  # not back to "submitted", where it was
    event = db.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)
                    .order_by(CaseEvent.id.desc())).first()  # type: ignore[union-attr]
    assert event is not None and (event.action, event.from_status, event.to_status) == (
        "resubmit", S.SUPPLEMENT_REQUIRED, S.IN_REVIEW)
    assert (event.public_message_zh, event.public_message_en) == ("已补正。", "Corrected.")


def test_a_supplement_request_that_does_not_reopen_the_draft(db: Session,
                                                            monkeypatch: pytest.MonkeyPatch):
    declare(monkeypatch, request_supplement=lambda a: dataclasses.replace(
        a, reopens_draft=False))
    case, _ = submitted(db)
    case = act(db, officer(db, "township", "410105001"), case, "request_supplement", "户口簿")
    draft = db.get(ApplicationDraft, case.draft_id)
    assert draft is not None and draft.status == "submitted"
    assert case.supplement_items is None and case.supplement_from is None
    assert case.paused_since is not None  # the declared limit of the status pauses the clock


def _to_the_end(db: Session, case: Case, last: str) -> Case:
    township, county = officer(db, "township", "410105001"), officer(db, "county", "410105")
    for user, name in ((township, "accept"), (township, "forward"), (county, "approve"),
                       (county, last)):
        case = act(db, user, case, name)
    return case


def test_the_certificate_comes_from_the_flag_not_the_name(db: Session,
                                                          monkeypatch: pytest.MonkeyPatch):
    declare(monkeypatch, issue=lambda a: dataclasses.replace(a, name="complete"))
    case = _to_the_end(db, submitted(db)[0], "complete")
    assert case.status == S.ISSUED
    assert db.exec(select(Certificate).where(Certificate.case_id == case.id)).one()


def test_an_ending_that_issues_nothing_issues_nothing(db: Session,
                                                      monkeypatch: pytest.MonkeyPatch):
    declare(monkeypatch, issue=lambda a: dataclasses.replace(a, issues_certificate=False))
    case = _to_the_end(db, submitted(db)[0], "issue")
    assert case.status == S.ISSUED
    assert db.exec(select(Certificate).where(Certificate.case_id == case.id)).all() == []


def test_decisions_are_kept_as_declared(db: Session, monkeypatch: pytest.MonkeyPatch):
    declare(monkeypatch, approve=lambda a: dataclasses.replace(a, decides=False),
            deny=lambda a: dataclasses.replace(a, decides=False))
    approved, _ = submitted(db)
    township, county = officer(db, "township", "410105001"), officer(db, "county", "410105")
    for user, name in ((township, "accept"), (township, "forward"), (county, "approve")):
        approved = act(db, user, approved, name)
    assert approved.status == S.APPROVED and approved.decided_at is None
    user_id, public_id, _ = complete_draft(db, id_number=_female_id(7))
    refused = applications.submit(db, user_id=user_id, public_id=public_id, now=NOW)
    refused = act(db, township, refused, "not_accept", "不属于本辖区")  # still a decision
    assert refused.decided_at is not None and refused.decision_reason == "不属于本辖区"
