"""What an applicant may do to their case comes from the matter's workflow declaration."""

from __future__ import annotations

import dataclasses

import pytest

from convenience_center.domain.cases import UNDECIDED_STATUSES, CertificateStatus
from convenience_center.domain.cases import CaseStatus as S
from convenience_center.domain.services import registry
from convenience_center.domain.services.base import Matter, MatterKind
from convenience_center.domain.workflow import (
    REPLACING_KINDS,
    Actor,
    Workflow,
    citizen_states,
    workflow_of,
)

MATTERS = [m for s in registry().values() for m in s.matters]
IDS = [m.code for m in MATTERS]


@pytest.mark.parametrize("matter", MATTERS, ids=IDS)
def test_withdrawal_is_open_until_a_decision_as_declared(matter: Matter):
    states = set(citizen_states(matter, "withdraw"))
    assert states == {S.SUBMITTED, S.SUPPLEMENT_REQUIRED, S.IN_REVIEW} == UNDECIDED_STATUSES
    assert not states & {S.APPROVED, S.ISSUED, S.DENIED, S.NOT_ACCEPTED, S.WITHDRAWN}
    assert set(citizen_states(matter, "resubmit")) == {S.SUPPLEMENT_REQUIRED}


def test_a_staff_action_or_an_unknown_one_is_nothing_the_applicant_may_do():
    matter = MATTERS[0]
    assert citizen_states(matter, "approve") == ()
    assert citizen_states(matter, "no_such_action") == ()


def test_a_matter_that_declares_no_withdrawal_cannot_be_withdrawn():
    matter = MATTERS[0]
    standard = workflow_of(matter)
    own = Workflow(standard.chain, tuple(a for a in standard.actions if a.name != "withdraw"),
                   standard.limits)
    assert citizen_states(dataclasses.replace(matter, workflow=own), "withdraw") == ()
    assert citizen_states(matter, "withdraw") != ()


@pytest.mark.parametrize("matter", MATTERS, ids=IDS)
def test_what_completing_a_case_does_to_certificates_is_declared(matter: Matter):
    completing = [a for a in workflow_of(matter).actions
                  if a.issues_certificate or a.ends_certificate]
    assert len(completing) == 1 and completing[0].to_state == S.ISSUED
    action = completing[0]
    if matter.kind == MatterKind.CANCEL:
        assert (action.issues_certificate, action.ends_certificate) == (
            False, CertificateStatus.CANCELLED)
    elif matter.kind in REPLACING_KINDS:
        assert (action.issues_certificate, action.ends_certificate) == (
            True, CertificateStatus.REPLACED)
    else:
        assert (action.issues_certificate, action.ends_certificate) == (True, None)


@pytest.mark.parametrize("matter", MATTERS, ids=IDS)
def test_what_else_an_action_causes_is_declared(matter: Matter):
    flow = workflow_of(matter)
    paused = {limit.status for limit in flow.limits if limit.clock_paused}
    for action in flow.actions:
        # Whoever sends the case to the applicant reopens the draft; only the applicant's
        # return from there resumes; decisions end the case or approve it.
        assert action.reopens_draft == (action.to_state in paused), action.name
        assert action.resumes == (action.actor == Actor.CITIZEN and action.to_state not in
                                  (S.WITHDRAWN,)), action.name
        assert action.decides == (action.to_state in
                                  {S.APPROVED, S.DENIED, S.NOT_ACCEPTED, S.WITHDRAWN}), action.name


def test_the_applicant_s_action_is_found_by_name_and_status():
    flow = workflow_of(MATTERS[0])
    assert flow.citizen_action("withdraw", S.IN_REVIEW) is flow.action("withdraw")
    assert flow.citizen_action("withdraw", S.APPROVED) is None
    assert flow.citizen_action("resubmit", S.SUPPLEMENT_REQUIRED) is flow.action("resubmit")
    assert flow.citizen_action("resubmit", S.SUBMITTED) is None
    assert flow.citizen_action("accept", S.SUBMITTED) is None  # a staff action


def test_the_timeline_message_is_made_one_way_for_every_action():
    flow = workflow_of(MATTERS[0])
    withdraw, refuse = flow.action("withdraw"), flow.action("not_accept")
    assert withdraw is not None and refuse is not None
    assert withdraw.timeline_message().zh == "申请人已撤回申请。"
    given = withdraw.timeline_message("不再需要")
    assert (given.zh, given.en) == ("申请人已撤回申请。原因：不再需要",
                                    "The applicant withdrew the application. Reason: 不再需要")
    assert refuse.timeline_message().en.endswith("Reason: —")
    assert refuse.timeline_message("{office} 缺页").zh.endswith("理由：{office} 缺页")
