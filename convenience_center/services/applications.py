"""Applying online: a draft (``services.drafts``) submitted into a case (or resubmitted with a
supplement), the applicant's list and timeline (withdrawal: ``services.citizen_actions``).

Every function takes the calling user's id and only ever touches that user's drafts and cases;
a draft or case of someone else reads as "not found".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select, update

from convenience_center import paths
from convenience_center.domain.cases import (
    CaseStatus,
    DraftStatus,
    format_case_no,
)
from convenience_center.domain.errors import NotFound
from convenience_center.domain.services.base import Text
from convenience_center.domain.wizard_progress import Progress
from convenience_center.domain.working_days import add_working_days, calendar_is_official
from convenience_center.i18n import translate
from convenience_center.models import (
    ApplicationDraft,
    Attachment,
    Case,
    CaseEvent,
    Office,
    User,
    utcnow,
)
from convenience_center.models.lengths import clip
from convenience_center.services import audit, case_search, mail
from convenience_center.services.audit import Actor
from convenience_center.services.citizen_actions import resubmit
from convenience_center.services.common import (
    china_today,
    local_time_text,
    public_link,
)
from convenience_center.services.counters import next_number
from convenience_center.services.drafts import (
    draft_progress,
    open_draft,
)
from convenience_center.services.submission_checks import (
    CheckedDraft,
    SubmissionIncomplete,
    checked_draft,
)
from convenience_center.services.workflow import initial_holding

T = Text


def submit(db: Session, *, user_id: int, public_id: str, ip: str | None = None,
           now: datetime | None = None) -> Case:
    """Turn a complete draft into a case. Submitting the same draft again returns the same
    case (double clicks, reconnects). Every step is checked again here."""
    existing = _case_of_draft(db, user_id=user_id, public_id=public_id)
    if existing is not None and not _amending(db, user_id=user_id, public_id=public_id):
        return existing
    try:
        draft = open_draft(db, user_id=user_id, public_id=public_id)
    except NotFound as missing:  # submitted a moment ago by a concurrent request
        return _submitted_meanwhile(db, user_id=user_id, public_id=public_id, error=missing)
    now = now or utcnow()
    checked = checked_draft(db, draft=draft, user_id=user_id, today=china_today(now))
    user = db.get(User, user_id)
    assert user is not None
    if existing is not None:  # a supplement: the same case goes on, at its office
        if checked.office.code != existing.office_code:
            raise SubmissionIncomplete("office", {"office": T(
                translate("apply.office_fixed", "zh"), translate("apply.office_fixed", "en"))})
        return _resubmit(db, case=existing, draft=draft, answers=checked.answers, user=user,
                         ip=ip, now=now)
    case = _new_case(db, draft=draft, checked=checked, user=user, now=now)
    db.add(case)
    try:
        db.flush()
    except IntegrityError as clash:  # the same draft was submitted concurrently: that case wins
        db.rollback()
        return _submitted_meanwhile(db, user_id=user_id, public_id=public_id, error=clash)
    _file_case(db, case=case, draft=draft, office=checked.office, user=user, ip=ip, now=now)
    _tell_submitted(db, case=case, checked=checked, user=user, now=now)
    db.commit()
    return case


def _case_of_draft(db: Session, *, user_id: int, public_id: str) -> Case | None:
    return db.exec(select(Case).join(ApplicationDraft, col(ApplicationDraft.id) == Case.draft_id)
                   .where(ApplicationDraft.public_id == public_id,
                          Case.applicant_id == user_id)).first()


def _amending(db: Session, *, user_id: int, public_id: str) -> bool:
    """Whether the user's draft is open again to supplement the case it made."""
    draft = db.exec(select(ApplicationDraft).where(ApplicationDraft.public_id == public_id,
                                                   ApplicationDraft.user_id == user_id)).first()
    return draft is not None and draft.status == DraftStatus.AMENDING


def _submitted_meanwhile(db: Session, *, user_id: int, public_id: str,
                         error: Exception) -> Case:
    """The case a concurrent submission of the draft made; ``error`` again if there is none."""
    again = _case_of_draft(db, user_id=user_id, public_id=public_id)
    if again is None:
        raise error
    return again


def _new_case(db: Session, *, draft: ApplicationDraft, checked: CheckedDraft, user: User,
              now: datetime) -> Case:
    """The case of a first submission, numbered per county and day and promised in the
    matter's working days (one case per draft: ``draft_id`` is unique)."""
    assert draft.id is not None
    office, matter, today = checked.office, checked.matter, china_today(now)
    case_no = format_case_no(office.code[:6], today,
                             next_number(db, scope=office.code[:6], key=f"{today:%Y%m%d}"))
    promised = add_working_days(today, matter.promised_days)
    return Case(case_no=case_no, draft_id=draft.id, applicant_id=draft.user_id,
                service_code=checked.service.code, matter_code=matter.code,
                answers=checked.answers, office_code=office.code, status=CaseStatus.SUBMITTED,
                submitted_at=now, promised_date=promised,
                promised_provisional=not calendar_is_official(promised), lang=user.lang,
                applicant_name=user.real_name, id_last4=(user.id_masked or "")[-4:],
                **initial_holding(db, office_code=office.code, matter=matter, submitted=now))


def _file_case(db: Session, *, case: Case, draft: ApplicationDraft, office: Office,
               user: User, ip: str | None, now: datetime) -> None:
    """Put a new case on file: its search keys, the draft's documents, the draft closed, the
    first entry of its timeline and the audit entry."""
    assert case.id is not None
    case_search.key_case(db, case)
    _hand_over(db, draft=draft, case=case, now=now)
    db.add(CaseEvent(case_id=case.id, at=now, actor_id=user.id, actor_role="citizen",
                     office_code=office.code, action="submit", from_status=None,
                     to_status=CaseStatus.SUBMITTED,
                     public_message_zh=f"申请已提交，受理单位：{office.name_zh}。",
                     public_message_en=f"Application submitted to {office.name_en}."))
    audit.record(db, actor=Actor(user.id, user.username, user.role, None, ip),
                 action="case.submit", target_type="case", target_id=case.case_no)


def _tell_submitted(db: Session, *, case: Case, checked: CheckedDraft, user: User,
                    now: datetime) -> None:
    """The applicant's e-mail: case number, office, promised date, link."""
    lang, office = user.lang, checked.office
    mail.enqueue(db, to=user.email, template="application_submitted", lang=lang,
                 name=user.real_name, case_no=case.case_no,
                 service=f"{checked.service.name.get(lang)} — {checked.matter.name.get(lang)}",
                 when=local_time_text(now),
                 office=office.name_en if lang == "en" else office.name_zh,
                 promised=case.promised_date.isoformat(),
                 link=public_link(paths.my_case(case.case_no)))


def _hand_over(db: Session, *, draft: ApplicationDraft, case: Case, now: datetime) -> None:
    """The draft's documents not yet the case's become the case's, and the draft is closed
    (a first submission and a resubmission alike)."""
    assert draft.id is not None and case.id is not None
    db.exec(update(Attachment).where(  # type: ignore[call-overload]
        col(Attachment.draft_id) == draft.id, col(Attachment.deleted_at).is_(None),
        col(Attachment.case_id).is_(None)).values(case_id=case.id))
    draft.status = DraftStatus.SUBMITTED
    draft.updated_at = now
    db.add(draft)


def _resubmit(db: Session, *, case: Case, draft: ApplicationDraft, answers: dict[str, Any],
              user: User, ip: str | None, now: datetime) -> Case:
    """Resubmit a case after a supplement request, with the corrected answers and the
    documents added since."""
    resubmit(db, case=case, answers=answers, user=user, ip=ip, now=now)
    _hand_over(db, draft=draft, case=case, now=now)
    db.commit()
    db.refresh(case)
    return case


@dataclass(frozen=True)
class DraftRow:
    """A draft in "My applications"."""

    public_id: str
    service_code: str
    matter_code: str
    updated_at: datetime
    steps_done: int
    progress: Progress


@dataclass(frozen=True)
class CaseRow:
    """A case in "My applications"."""

    case_no: str
    service_code: str
    matter_code: str
    status: str
    submitted_at: datetime
    promised_date: date
    promised_provisional: bool


def my_applications(db: Session, *, user_id: int) -> tuple[list[DraftRow], list[CaseRow]]:
    """The user's drafts (newest first) and cases (newest first)."""
    drafts = db.exec(select(ApplicationDraft).where(ApplicationDraft.user_id == user_id,
                                                    ApplicationDraft.status == DraftStatus.DRAFT)
                     .order_by(col(ApplicationDraft.updated_at).desc()).limit(100)).all()
    cases = db.exec(select(Case).where(Case.applicant_id == user_id)
                    .order_by(col(Case.submitted_at).desc()).limit(200)).all()
    progress_of = draft_progress(db, list(drafts))
    return (
        [DraftRow(d.public_id, d.service_code, d.matter_code, d.updated_at, len(d.steps_done),
                  progress_of.get(d.id or 0, Progress(0, 0)))
         for d in drafts],
        [CaseRow(c.case_no, c.service_code, c.matter_code, c.status, c.submitted_at,
                 c.promised_date, c.promised_provisional) for c in cases],
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One citizen-facing entry of a case's history."""

    at: datetime
    status: str
    message_zh: str
    message_en: str


def timeline(db: Session, *, case_id: int) -> list[TimelineEntry]:
    """The public history of a case, oldest first."""
    events = db.exec(select(CaseEvent).where(CaseEvent.case_id == case_id)
                     .order_by(col(CaseEvent.at), col(CaseEvent.id))).all()
    return [TimelineEntry(e.at, e.to_status, e.public_message_zh, e.public_message_en)
            for e in events]


def case_of_applicant(db: Session, *, user_id: int, case_no: str) -> Case:
    """The user's own case (``NotFound`` for anyone else's: that refusal is logged)."""
    case = db.exec(select(Case).where(Case.case_no == clip(Case, "case_no", case_no))).first()
    if case is None:
        raise NotFound(case_no)
    if case.applicant_id != user_id:
        audit.record_now(db, actor=Actor.of(db.get(User, user_id)),
                         action="permission.denied", target_type="case",
                         target_id=case.case_no, detail={"attempted": "applicant_case"})
        raise NotFound(case_no)
    return case

