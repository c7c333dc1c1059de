"""What citizens see of their applications, typed and language-neutral: the drafts of a matter
to continue, one case in full ("My applications" is ``applications.my_applications``). The
presenters in ``state/application_rows`` and ``state/case_view`` make the views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from convenience_center.domain.cases import promise_stands
from convenience_center.domain.participation import level_of
from convenience_center.domain.services import get_matter
from convenience_center.domain.services.base import Text
from convenience_center.domain.wizard_progress import Progress
from convenience_center.domain.workflow import citizen_states
from convenience_center.models import ApplicationDraft, Office, Rating
from convenience_center.services import applications
from convenience_center.services.case_records import CaseRecord, case_record
from convenience_center.services.drafts import draft_progress
from convenience_center.services.ratings import can_rate


def drafts_for(db: Session, *, user_id: int, service_code: str,
               matter_code: str) -> list[applications.DraftRow]:
    """The user's open drafts of one matter, newest first (to continue instead of starting
    again)."""
    rows = db.exec(select(ApplicationDraft).where(
        ApplicationDraft.user_id == user_id, ApplicationDraft.status == "draft",
        ApplicationDraft.service_code == service_code,
        ApplicationDraft.matter_code == matter_code)
        .order_by(col(ApplicationDraft.updated_at).desc()).limit(20)).all()
    progress_of = draft_progress(db, list(rows))
    return [applications.DraftRow(d.public_id, d.service_code, d.matter_code, d.updated_at,
                                  len(d.steps_done), progress_of.get(d.id or 0, Progress(0, 0)))
            for d in rows]


@dataclass(frozen=True)
class CitizenCase:
    """One of the user's cases in full (``state/case_view.citizen_case_view`` shows it)."""

    record: CaseRecord
    can_rate: bool
    rating: Text | None           # the rating given, if any
    supplement: str               # what to supplement, while the case waits for it
    amend_draft: str              # the draft being corrected ("" none)
    decision_reason: str
    office: Text | None
    submitted_at: datetime
    promised_date: date
    promise_stands: bool
    provisional: bool
    withdrawable: bool
    events: tuple[applications.TimelineEntry, ...]


def case_page(db: Session, *, user_id: int, case_no: str) -> CitizenCase:
    """One of the user's cases in full: answers, documents, timeline."""
    case = applications.case_of_applicant(db, user_id=user_id, case_no=case_no)
    assert case.id is not None
    office = db.get(Office, case.office_code)
    found = get_matter(case.service_code, case.matter_code)
    withdrawable = citizen_states(found[1], "withdraw") if found is not None else ()
    draft = db.get(ApplicationDraft, case.draft_id)
    rating = db.exec(select(Rating).where(Rating.case_id == case.id)).first()
    level = level_of(rating.level) if rating else None
    return CitizenCase(
        record=case_record(db, case=case, mask_ids=True, staff=False),
        can_rate=can_rate(db, user_id=user_id, case=case),
        rating=level.label if level else None,
        supplement=case.supplement_items or "" if case.status == "supplement_required"
        else "",
        amend_draft=draft.public_id if draft is not None and draft.status == "amending"
        else "",
        decision_reason=case.decision_reason or "",
        office=Text(office.name_zh, office.name_en) if office else None,
        submitted_at=case.submitted_at, promised_date=case.promised_date,
        promise_stands=promise_stands(case.status), provisional=case.promised_provisional,
        withdrawable=case.status in withdrawable,
        events=tuple(applications.timeline(db, case_id=case.id)))
