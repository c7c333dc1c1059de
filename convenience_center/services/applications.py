"""Applying online: a draft (``services.drafts``) submitted into a case, withdrawal, the
applicant's list and timeline.

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
from convenience_center.domain.errors import Conflict, NotFound
from convenience_center.domain.services.base import Text
from convenience_center.domain.wizard import (
    check_all,
    prefilled,
    required_uploads,
    step_of_field,
)
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
from convenience_center.services import audit, case_search, certificates, mail
from convenience_center.services.audit import Actor
from convenience_center.services.common import (
    china_today,
    local_time_text,
    public_link,
)
from convenience_center.services.counters import next_number
from convenience_center.services.drafts import (
    acceptable_office,
    applicant_of,
    draft_matter,
    draft_progress,
    known_matter,
    open_draft,
)
from convenience_center.services.workflow import citizen_action, initial_holding, timeline_message

T = Text


class SubmissionIncomplete(Exception):
    """Submit refused: a step's answers fail, an office or a document is missing."""

    def __init__(self, step: str, errors: dict[str, Text]) -> None:
        super().__init__(step)
        self.step = step
        self.errors = errors


def submit(db: Session, *, user_id: int, public_id: str, ip: str | None = None,
           now: datetime | None = None) -> Case:
    """Turn a complete draft into a case. Submitting the same draft again returns the same
    case (double clicks, reconnects). Every step is checked again here."""
    existing = _case_of_draft(db, user_id=user_id, public_id=public_id)
    draft = db.exec(select(ApplicationDraft).where(ApplicationDraft.public_id == public_id,
                                                   ApplicationDraft.user_id == user_id)).first()
    if existing is not None and (draft is None or draft.status != DraftStatus.AMENDING):
        return existing
    try:
        draft = open_draft(db, user_id=user_id, public_id=public_id)
    except NotFound:  # submitted a moment ago by a concurrent request: that case is the one
        again = _case_of_draft(db, user_id=user_id, public_id=public_id)
        if again is None:
            raise
        return again
    service, matter = draft_matter(draft)
    applicant = applicant_of(db, user_id=user_id)
    now = now or utcnow()
    today = china_today(now)
    answers = {**draft.answers, **prefilled(matter, applicant)}
    result = check_all(matter, answers, applicant=applicant, today=today)
    if not result.ok:
        step = result.first_step_with_errors
        assert step is not None
        raise SubmissionIncomplete(step, result.errors[step])
    problem = certificates.named_certificate_problem(
        db, matter=matter, service_code=draft.service_code, answers=result.answers,
        holder_id=user_id)
    if problem:
        raise SubmissionIncomplete(step_of_field(matter, *problem), problem)
    office = db.get(Office, draft.office_code) if draft.office_code else None
    if not acceptable_office(db, matter, office):
        raise SubmissionIncomplete("office", {"office": T("请选择受理单位",
                                                          "Choose the office")})
    assert draft.id is not None and office is not None
    uploaded = {a.material_code for a in db.exec(select(Attachment).where(
        Attachment.draft_id == draft.id, col(Attachment.deleted_at).is_(None)))}
    missing = [m for m in required_uploads(matter, result.answers) if m.code not in uploaded]
    if missing:
        raise SubmissionIncomplete("documents", {m.code: T(
            f"请上传“{m.name.zh}”", f"Upload “{m.name.en}”") for m in missing})
    user = db.get(User, user_id)
    assert user is not None
    if existing is not None:  # a supplement: the same case goes on, at its office
        if office.code != existing.office_code:
            raise SubmissionIncomplete("office", {"office": T(
                translate("apply.office_fixed", "zh"), translate("apply.office_fixed", "en"))})
        return _resubmit(db, case=existing, draft=draft, answers=result.answers, user=user,
                         ip=ip, now=now)
    case_no = format_case_no(office.code[:6], today,
                             next_number(db, scope=office.code[:6], key=f"{today:%Y%m%d}"))
    promised = add_working_days(today, matter.promised_days)
    case = Case(case_no=case_no, draft_id=draft.id, applicant_id=user_id,
                service_code=service.code, matter_code=matter.code, answers=result.answers,
                office_code=office.code, status=CaseStatus.SUBMITTED, submitted_at=now,
                promised_date=promised,
                promised_provisional=not calendar_is_official(promised), lang=user.lang,
                applicant_name=user.real_name, id_last4=(user.id_masked or "")[-4:],
                **initial_holding(db, office_code=office.code, matter=matter, submitted=now))
    db.add(case)
    try:
        db.flush()
    except IntegrityError:  # the same draft was submitted concurrently: that case wins
        db.rollback()
        again = _case_of_draft(db, user_id=user_id, public_id=public_id)
        if again is None:
            raise
        return again
    assert case.id is not None
    case_search.key_case(db, case)
    db.exec(update(Attachment).where(  # type: ignore[call-overload]
        col(Attachment.draft_id) == draft.id, col(Attachment.deleted_at).is_(None)
    ).values(case_id=case.id))
    draft.status = DraftStatus.SUBMITTED
    draft.updated_at = now
    db.add(draft)
    db.add(CaseEvent(case_id=case.id, at=now, actor_id=user_id, actor_role="citizen",
                     office_code=office.code, action="submit", from_status=None,
                     to_status=CaseStatus.SUBMITTED,
                     public_message_zh=f"申请已提交，受理单位：{office.name_zh}。",
                     public_message_en=f"Application submitted to {office.name_en}."))
    audit.record(db, actor=Actor(user_id, user.username, user.role, None, ip),
                 action="case.submit", target_type="case", target_id=case_no)
    mail.enqueue(db, to=user.email, template="application_submitted", lang=user.lang,
                 name=user.real_name, case_no=case_no,
                 service=f"{service.name.get(user.lang)} — {matter.name.get(user.lang)}",
                 when=local_time_text(now),
                 office=office.name_en if user.lang == "en" else office.name_zh,
                 promised=promised.isoformat(),
                 link=public_link(paths.my_case(case_no)))
    db.commit()
    return case


def _resubmit(db: Session, *, case: Case, draft: ApplicationDraft, answers: dict[str, Any],
              user: User, ip: str | None, now: datetime) -> Case:
    """Resubmit a case after a supplement request, with the corrected answers and the
    documents added since."""
    from convenience_center.services.workflow import resubmit

    assert draft.id is not None and case.id is not None
    resubmit(db, case=case, answers=answers, user=user, ip=ip, now=now)
    db.exec(update(Attachment).where(  # type: ignore[call-overload]
        col(Attachment.draft_id) == draft.id, col(Attachment.deleted_at).is_(None),
        col(Attachment.case_id).is_(None)).values(case_id=case.id))
    draft.status = DraftStatus.SUBMITTED
    draft.updated_at = now
    db.add(draft)
    db.commit()
    db.refresh(case)
    return case


def _case_of_draft(db: Session, *, user_id: int, public_id: str) -> Case | None:
    return db.exec(select(Case).join(ApplicationDraft, col(ApplicationDraft.id) == Case.draft_id)
                   .where(ApplicationDraft.public_id == public_id,
                          Case.applicant_id == user_id)).first()


def withdraw(db: Session, *, user_id: int, case_no: str, reason: str = "",
             ip: str | None = None) -> Case:
    """Withdraw a case before a decision. Raises :class:`NotFound` for others' cases and
    :class:`Refused` when it is already decided, :class:`Conflict` when it changed meanwhile."""
    case = db.exec(select(Case).where(Case.case_no == case_no,
                                      Case.applicant_id == user_id)).first()
    if case is None:
        raise NotFound(case_no)
    action = citizen_action(case, "withdraw", "case.not_withdrawable")
    now = utcnow()
    previous = case.status  # the update below refreshes the loaded case
    changed = db.exec(update(Case).where(  # type: ignore[call-overload]
        col(Case.id) == case.id, col(Case.version) == case.version,
        col(Case.status).in_(action.from_states),
    ).values(status=action.to_state, version=case.version + 1,
             **({"decided_at": now} if action.decides else {})))
    if changed.rowcount != 1:
        db.rollback()
        raise Conflict(case.case_no)
    assert case.id is not None
    text = reason.strip()[:500]
    message = timeline_message(action, reason=text)
    db.add(CaseEvent(case_id=case.id, at=now, actor_id=user_id, actor_role="citizen",
                     office_code=case.office_code, action=action.name, from_status=previous,
                     to_status=action.to_state, comment=text or None,
                     public_message_zh=message.zh, public_message_en=message.en))
    user = db.get(User, user_id)
    assert user is not None
    service, matter = known_matter(case.service_code, case.matter_code)
    audit.record(db, actor=Actor(user_id, user.username, user.role, None, ip),
                 action=f"case.{action.name}", target_type="case", target_id=case_no)
    mail.enqueue(db, to=user.email, template="application_withdrawn", lang=user.lang,
                 name=user.real_name, case_no=case_no, when=local_time_text(now),
                 service=f"{service.name.get(user.lang)} — {matter.name.get(user.lang)}")
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

