"""The sets of statuses the queries use agree with the workflows that declare them."""

from __future__ import annotations

import re

from convenience_center.domain.cases import CaseStatus
from convenience_center.domain.services import registry
from convenience_center.domain.workflow import workflow_of
from convenience_center.models.applications import RUNNING_DUE_SQL
from convenience_center.services import staff_queues, statistics_counts

FLOWS = [workflow_of(m) for s in registry().values() for m in s.matters]


def test_the_clock_runs_where_the_workflows_give_a_limit_that_does_not_pause():
    declared = {limit.status for flow in FLOWS for limit in flow.limits
                if not limit.clock_paused}
    assert set(staff_queues.CLOCK_RUNNING) == declared


def test_the_database_runs_the_due_date_in_the_same_statuses():
    """The generated column was defined by migration 0008 with "accepted", a status no case
    ever had (and that is gone): it runs in exactly the others."""
    listed = set(re.findall(r"'(\w+)'", RUNNING_DUE_SQL))
    assert listed - {"accepted"} == set(staff_queues.CLOCK_RUNNING)
    assert "accepted" not in {s.value for s in CaseStatus}


def test_statistics_and_queues_cover_every_status_once():
    assert list(statistics_counts.STATUS_ORDER) == list(CaseStatus)
    assert not set(staff_queues.CLOCK_RUNNING) & set(staff_queues.DECIDED)
