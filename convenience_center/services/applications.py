"""Applying online: drafts saved at every step, submission into a case, withdrawal.

Every function takes the calling user's id and only ever touches that user's drafts and cases;
a draft or case of someone else reads as "not found".
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select, update

from convenience_center import paths
from convenience_center.domain.cases import (
    OPEN_DRAFT_STATUSES,
    CaseStatus,
    DraftStatus,
    format_case_no,
)
from convenience_center.domain.errors import Conflict, NotFound, Refused
from convenience_center.domain.services import get_matter
from convenience_center.domain.services.base import Matter, ServiceDefinition, Text
from convenience_center.domain.wizard import (
    Applicant,
    StepResult,
    check_all,
    check_step,
    find_step,
    prefilled,
    required_uploads,
    step_of_field,
)
from convenience_center.domain.wizard_progress import Progress, progress
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
from convenience_center.services import audit, case_search, certificates, mail, security
from convenience_center.services.audit import Actor
from convenience_center.services.common import (
    china_today,
    local_time_text,
    public_link,
)
from convenience_center.services.counters import next_number
from convenience_center.services.workflow import citizen_action, initial_holding, timeline_message

T = Text


class SubmissionIncomplete(Exception):
    """Submit refused: a step's answers fail, an office or a document is missing."""

    def __init__(self, step: str, errors: dict[str, Text]) -> None:
        super().__init__(step)
        self.step = step
        self.errors = errors


def _matter(service_code: str, matter_code: str) -> tuple[ServiceDefinition, Matter]:
    found = get_matter(service_code, matter_code)
    if found is None:
        raise NotFound(f"{service_code}.{matter_code}")
    return found


def applicant_of(db: Session, *, user_id: int) -> Applicant:
    """The applicant's verified identity from the account (ID number decrypted)."""
    user = db.get(User, user_id)
    if user is None:
        raise NotFound("user")
    number = security.decrypt(user.id_number_enc) if user.id_number_enc else ""
    return Applicant(name=user.real_name, id_number=number, mobile=user.phone or "",
                     email=user.email)


def _default_office(db: Session, user: User, matter: Matter) -> str | None:
    """The applicant's county (from the ID number's region) when the county receives."""
    region = user.id_region or ""
    if not region.startswith("41") or matter.receiving_level != "county":
        return None
    office = db.get(Office, region)
    return office.code if office and office.level == "county" else None


def start_draft(db: Session, *, user_id: int, service_code: str, matter_code: str) -> str:
    """Open a new draft; returns its public id."""
    _service, matter = _matter(service_code, matter_code)
    user = db.get(User, user_id)
    if user is None or user.role != "citizen":
        raise NotFound("only citizens apply")
    draft = ApplicationDraft(public_id=secrets.token_hex(8), user_id=user_id,
                             service_code=service_code, matter_code=matter_code,
                             answers={}, steps_done=[],
                             office_code=_default_office(db, user, matter))
    db.add(draft)
    db.commit()
    return draft.public_id


def start_or_continue(db: Session, *, user_id: int, service_code: str,
                      matter_code: str) -> str:
    """"Start now": the user's newest open draft of this matter when there is one (a second
    click, a second tab, or someone who forgot they had started), else a new draft."""
    _matter(service_code, matter_code)
    existing = db.exec(select(ApplicationDraft.public_id).where(
        ApplicationDraft.user_id == user_id, ApplicationDraft.status == DraftStatus.DRAFT,
        ApplicationDraft.service_code == service_code,
        ApplicationDraft.matter_code == matter_code)
        .order_by(col(ApplicationDraft.updated_at).desc())).first()
    if existing is not None:
        return existing
    return start_draft(db, user_id=user_id, service_code=service_code, matter_code=matter_code)


def draft_progress(db: Session, drafts: list[ApplicationDraft]) -> dict[int, Progress]:
    """How far each draft has come (by draft id), with one query for their documents."""
    ids = [d.id for d in drafts if d.id is not None]
    uploaded: dict[int, set[str]] = {}
    if ids:
        for draft_id, code in db.exec(select(col(Attachment.draft_id), Attachment.material_code)
                                      .where(col(Attachment.draft_id).in_(ids),
                                             col(Attachment.deleted_at).is_(None))):
            if draft_id is not None:  # attachments of complaints have no draft
                uploaded.setdefault(draft_id, set()).add(code)
    found: dict[int, Progress] = {}
    for draft in drafts:
        matter = get_matter(draft.service_code, draft.matter_code)
        if matter is not None and draft.id is not None:
            found[draft.id] = progress(matter[1], draft.answers, draft.steps_done,
                                       uploaded.get(draft.id, set()))
    return found


# Built once (every wizard event opens the draft): see sessions._LIVE_SESSION.
_EDITABLE_DRAFT = select(ApplicationDraft).where(
    col(ApplicationDraft.public_id) == bindparam("public_id"),
    col(ApplicationDraft.user_id) == bindparam("user_id"),
    col(ApplicationDraft.status).in_(OPEN_DRAFT_STATUSES))


def open_draft(db: Session, *, user_id: int, public_id: str) -> ApplicationDraft:
    """The user's draft with ``public_id`` that can still be edited."""
    draft = db.exec(_EDITABLE_DRAFT, params={"public_id": public_id, "user_id": user_id}).first()
    if draft is None:
        raise NotFound(public_id)
    return draft


def draft_matter(draft: ApplicationDraft) -> tuple[ServiceDefinition, Matter]:
    """The service and matter a draft applies for."""
    return _matter(draft.service_code, draft.matter_code)


def answers_with_prefill(db: Session, draft: ApplicationDraft) -> dict[str, Any]:
    """The draft's answers with the account's values for prefilled fields."""
    _service, matter = draft_matter(draft)
    return {**draft.answers, **prefilled(matter, applicant_of(db, user_id=draft.user_id))}


def save_step(db: Session, *, user_id: int, public_id: str, step_name: str,
              submitted: dict[str, Any], today: date | None = None) -> StepResult:
    """Check one step's answers; when they pass, store them in the draft."""
    draft = open_draft(db, user_id=user_id, public_id=public_id)
    return store_step(db, draft=draft, applicant=applicant_of(db, user_id=user_id),
                      step_name=step_name, submitted=submitted, today=today)


def store_step(db: Session, *, draft: ApplicationDraft, applicant: Applicant, step_name: str,
               submitted: dict[str, Any], today: date | None = None) -> StepResult:
    """:func:`save_step` on a draft already opened for its owner (``applicant``)."""
    _service, matter = draft_matter(draft)
    step = find_step(matter, step_name)
    if step is None:
        raise NotFound(step_name)
    from_account = prefilled(matter, applicant)
    answers = {**draft.answers, **from_account}
    result = check_step(step, submitted, answers=answers, applicant=applicant,
                        today=today or china_today())
    if result.errors:
        return result
    if any(f.name == matter.certificate_field for f in step.fields):
        problem = certificates.named_certificate_problem(
            db, matter=matter, service_code=draft.service_code,
            answers={**answers, **result.values}, holder_id=draft.user_id)
        if problem:
            return StepResult(values=result.values, errors=problem)
    # Values of fields hidden on this step by the new answers are removed.
    for field in step.fields:
        answers.pop(field.name, None)
    answers.update(result.values)
    draft.answers = {k: v for k, v in answers.items() if k not in from_account}
    if step_name not in draft.steps_done:
        draft.steps_done = [*draft.steps_done, step_name]
    draft.updated_at = utcnow()
    draft.version += 1
    db.add(draft)
    db.commit()
    return result


def acceptable_office(db: Session, matter: Matter, office: Office | None) -> bool:
    """Whether ``office`` may receive applications for ``matter``: an active office at the
    matter's receiving level -- or, for township-level matters, a county none of whose
    townships is online yet (the county then receives directly)."""
    if office is None or not office.active:
        return False
    if office.level == matter.receiving_level:
        return True
    if matter.receiving_level == "township" and office.level == "county":
        has_townships = db.exec(select(Office.code).where(
            Office.parent_code == office.code, Office.level == "township",
            Office.active == True)).first()  # noqa: E712
        return has_townships is None
    return False


def save_office(db: Session, *, user_id: int, public_id: str, office_code: str) -> None:
    """Choose the receiving office; :class:`Refused` (its message code) when it is not
    acceptable."""
    draft = open_draft(db, user_id=user_id, public_id=public_id)
    store_office(db, draft=draft, office_code=office_code)


def store_office(db: Session, *, draft: ApplicationDraft, office_code: str) -> None:
    """:func:`save_office` on a draft already opened for its owner."""
    _service, matter = draft_matter(draft)
    office = db.get(Office, office_code) if office_code else None
    if office is None:
        raise Refused("apply.office_required", field="office")
    if draft.status == DraftStatus.AMENDING and office.code != draft.office_code:
        # Correcting a submitted case: the case stays with the office that holds it.
        raise Refused("apply.office_fixed", field="office")
    if not acceptable_office(db, matter, office):
        if matter.receiving_level == "township" and office.level == "county":
            # its townships receive online
            raise Refused("apply.office_township_required", field="office")
        raise Refused("apply.office_wrong_level", field="office")
    draft.office_code = office.code
    if "office" not in draft.steps_done:
        draft.steps_done = [*draft.steps_done, "office"]
    draft.updated_at = utcnow()
    draft.version += 1
    db.add(draft)
    db.commit()


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
    service, matter = _matter(case.service_code, case.matter_code)
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

