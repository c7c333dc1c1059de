"""A rectification task records when the call back was made (not when the task was closed)
and what came of it, against a real database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from convenience_center.domain.errors import ValidationFailed
from convenience_center.models import RectificationTask
from convenience_center.services import ratings
from tests.services.test_participation import NOW, SCORES, codes, finished_case
from tests.services.test_workflow import officer

CALL = "2026-11-27T09:30"  # the morning after the rating, China time


def test_a_rectification_records_when_the_call_was_made_and_what_came_of_it(db: Session):
    case, applicant_id = finished_case(db)
    ratings.rate(db, user_id=applicant_id, case_no=case.case_no, level=1, scores=SCORES,
                 now=NOW)
    task = db.exec(select(RectificationTask)).one()
    county = officer(db, "county", "410105")
    closing = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    with pytest.raises(ValidationFailed) as failure:
        ratings.close_task(db, user=county, task_id=task.id, measures="已整改", called_at="",
                           outcome="happy", callback_note="电话回访", now=closing)
    assert codes(failure) == {"called_at": "rating.called_at_required",
                              "outcome": "rating.outcome_required"}
    for moment, code in (("2026-12-01T09:00", "rating.called_at_future"),
                         ("2026-11-25T09:00", "rating.called_at_before_rating"),
                         ("yesterday", "rating.called_at_invalid")):
        with pytest.raises(ValidationFailed) as failure:
            ratings.close_task(db, user=county, task_id=task.id, measures="已整改",
                               called_at=moment, outcome="satisfied", callback_note="电话回访",
                               now=closing)
        assert codes(failure) == {"called_at": code}

    ratings.close_task(db, user=county, task_id=task.id, measures="已整改", called_at=CALL,
                       outcome="partly", callback_note="电话回访，基本认可", now=closing)
    [closed] = ratings.tasks(db, user=county, status="closed")
    assert closed.called_at == "2026-11-27 09:30"  # the call, not the closing
    assert closed.closed_at == "2026-11-30 16:00"
    assert closed.outcome == "partly"
