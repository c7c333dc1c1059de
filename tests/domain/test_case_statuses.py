"""Every case status is one the workflows declare a way to, and says what it is."""

from __future__ import annotations

import pytest

from convenience_center.domain.cases import (
    STATUS_LABELS,
    UNDECIDED_STATUSES,
    CaseStatus,
    promise_stands,
)
from convenience_center.domain.services import registry
from convenience_center.domain.workflow import workflow_of
from convenience_center.i18n import EN, ZH

MATTERS = [m for s in registry().values() for m in s.matters]
FLOWS = [workflow_of(m) for m in MATTERS]


def reachable() -> set[str]:
    """The statuses some matter's declared actions lead to from a submission."""
    found, todo = {CaseStatus.SUBMITTED.value}, [CaseStatus.SUBMITTED.value]
    while todo:
        status = todo.pop()
        for flow in FLOWS:
            for action in flow.actions:
                if status in action.from_states and action.to_state not in found:
                    found.add(action.to_state)
                    todo.append(action.to_state)
    return found


def test_every_status_can_be_reached_and_no_action_leads_elsewhere():
    assert reachable() == {s.value for s in CaseStatus}


@pytest.mark.parametrize("status", list(CaseStatus))
def test_every_status_is_named_in_both_languages(status: CaseStatus):
    assert STATUS_LABELS[status].zh and STATUS_LABELS[status].en
    assert ZH[f"status.{status}"] and EN[f"status.{status}"]


def test_undecided_means_before_any_decision_of_any_matter():
    deciding = {a.to_state for flow in FLOWS for a in flow.actions if a.decides}
    assert not UNDECIDED_STATUSES & deciding
    assert UNDECIDED_STATUSES | deciding | {CaseStatus.ISSUED} == set(CaseStatus)
    assert all(promise_stands(s) for s in UNDECIDED_STATUSES)
    assert promise_stands(CaseStatus.APPROVED) and not promise_stands(CaseStatus.DENIED)
