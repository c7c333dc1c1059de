"""What an applicant may do to their case comes from the matter's workflow declaration."""

from __future__ import annotations

import dataclasses

import pytest

from convenience_center.domain.cases import CaseStatus as S
from convenience_center.domain.services import registry
from convenience_center.domain.services.base import Matter
from convenience_center.domain.workflow import Workflow, citizen_states, workflow_of

MATTERS = [m for s in registry().values() for m in s.matters]
IDS = [m.code for m in MATTERS]


@pytest.mark.parametrize("matter", MATTERS, ids=IDS)
def test_withdrawal_is_open_until_a_decision_as_declared(matter: Matter):
    states = set(citizen_states(matter, "withdraw"))
    assert states == {S.SUBMITTED, S.ACCEPTED, S.SUPPLEMENT_REQUIRED, S.IN_REVIEW}
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
