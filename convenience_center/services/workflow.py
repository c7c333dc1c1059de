"""Moving a case through its workflow: who among the staff may see and act on it, their
actions and what each causes (the applicant's own actions are ``services.citizen_actions``).

Every transition is one conditional UPDATE on the case's version: when two officers act on
the same case at the same moment exactly one succeeds and the other is told the case changed.
Every transition adds an entry to the append-only timeline, the audit log records who did it,
and the citizen gets an e-mail where the workflow says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select, update

from convenience_center import paths
from convenience_center.domain.cases import DraftStatus
from convenience_center.domain.errors import Conflict, NotAllowed, Refused
from convenience_center.domain.participation import RATEABLE_STATUSES
from convenience_center.domain.services import get_matter
from convenience_center.domain.services.base import Matter, Text
from convenience_center.domain.workflow import (
    Action,
    Actor,
    Needs,
    Workflow,
    workflow_of,
)
from convenience_center.domain.working_days import add_working_days
from convenience_center.models import ApplicationDraft, Case, CaseEvent, Office, User, utcnow
from convenience_center.models.lengths import clip
from convenience_center.services import audit, mail
from convenience_center.services.audit import Actor as AuditActor
from convenience_center.services.certificates import complete_case
from convenience_center.services.common import (
    CurrentUser,
    china_today,
    local_time_text,
    public_link,
)
from convenience_center.services.jurisdiction import ancestors, covers

T = Text
MAX_REASON = 2000


@dataclass(frozen=True)
class Transition:
    """What happened: the case after the action, and who should be told."""

    case_no: str
    from_status: str
    to_status: str
    office_chain: list[str]


def matter_of(case: Case) -> Matter:
    """The matter a case applies for."""
    found = get_matter(case.service_code, case.matter_code)
    if found is None:
        raise Refused("workflow.unknown_service")
    return found[1]


def office_at_level(db: Session, office_code: str, level: str) -> str:
    """The office of ``level`` above (or at) ``office_code`` (e.g. the county of a township)."""
    for code in ancestors(db, office_code):
        office = db.get(Office, code)
        if office is not None and office.level == level:
            return code
    raise Refused("workflow.no_office_at_level")


def can_view(db: Session, user: CurrentUser, case: Case) -> bool:
    """Staff see the cases of their office and of the offices below it."""
    return user.is_staff and user.office_code is not None and covers(
        db, staff_office=user.office_code, case_office=case.office_code)


def can_act(user: CurrentUser, case: Case) -> bool:
    """Only the office that holds the case, at its level, acts on it."""
    return user.is_staff and user.role == case.current_level and \
        user.office_code == case.holder_office


def staff_case(db: Session, *, user: CurrentUser, case_no: str, ip: str | None) -> Case:
    """A case a staff member may see; anyone else gets ``NotAllowed`` (logged)."""
    case = db.exec(select(Case).where(Case.case_no == case_no)).first()
    if case is None or not can_view(db, user, case):
        audit.record_now(db, actor=AuditActor(user.id, user.username, user.role,
                                              user.office_code, ip),
                         action="permission.denied",
                         detail={"attempted": "view_case", "case": case_no[:24]})
        raise NotAllowed(case_no)
    return case


def received_level(db: Session, case: Case) -> str | None:
    """The level of the office the case was filed with."""
    office = db.get(Office, case.office_code)
    return office.level if office is not None else None


def actions_taken(db: Session, case: Case) -> frozenset[str]:
    """The names of the actions taken on the case so far (from its timeline)."""
    return frozenset(db.exec(select(CaseEvent.action).where(CaseEvent.case_id == case.id)
                             .distinct()).all())


def available_actions(db: Session, user: CurrentUser, case: Case, *,
                      taken: frozenset[str] | None = None) -> list[Action]:
    """The actions this staff member may take on the case now (``taken``: as if only those
    actions had been taken on it so far)."""
    if not can_act(user, case):
        return []
    return workflow_of(matter_of(case)).available(
        case.status, case.current_level, Actor.STAFF, received_level(db, case),
        actions_taken(db, case) if taken is None else taken)


def timeline_message(action: Action, *, reason: str = "", office: Office | None = None) -> Text:
    """The declared message of ``action`` as the timeline keeps it (see
    ``Action.timeline_message``), cut to its columns: the one way for staff and citizen
    actions alike."""
    message = action.timeline_message(
        reason, T(office.name_zh, office.name_en) if office is not None else None)
    return T(clip(CaseEvent, "public_message_zh", message.zh),
             clip(CaseEvent, "public_message_en", message.en))


def take_action(db: Session, *, user: CurrentUser, case_no: str, action_name: str,
                version: int, reason: str = "", ip: str | None = None,
                now: datetime | None = None) -> Transition:
    """A staff member takes a workflow action on a case (checked, atomic, recorded)."""
    now = now or utcnow()
    case = staff_case(db, user=user, case_no=case_no, ip=ip)
    if case.version != version:  # someone acted since this officer loaded the case
        raise Conflict(case_no)
    matter = matter_of(case)
    workflow = workflow_of(matter)
    action = _permitted_action(db, user=user, case=case, workflow=workflow,
                               action_name=action_name, ip=ip)
    text = reason.strip()[:MAX_REASON]
    if action.needs in (Needs.REASON, Needs.MISSING_ITEMS) and not text:
        raise Refused("workflow.reason_required" if action.needs == Needs.REASON
                            else "workflow.items_required")
    from_status = case.status
    _move_case(db, case=case, workflow=workflow, action=action, text=text, version=version,
               now=now)
    _carry_out(db, case=case, matter=matter, action=action, user=user, ip=ip,
               from_status=from_status, text=text, now=now)
    db.commit()
    return Transition(case.case_no, from_status, action.to_state,
                      ancestors(db, case.office_code))


def _permitted_action(db: Session, *, user: CurrentUser, case: Case, workflow: Workflow,
                      action_name: str, ip: str | None) -> Action:
    """The declared action ``action_name`` if this officer may take it on the case now;
    refused when it may be taken once only and was, not allowed (and audited) otherwise."""
    action = workflow.action(action_name)
    if action is not None and action.once_per_case and \
            action.name in actions_taken(db, case) and \
            action in available_actions(db, user, case, taken=frozenset()):
        raise Refused("workflow.already_taken")  # allowed, but once only
    if action is None or action not in available_actions(db, user, case):
        audit.record_now(db, actor=AuditActor(user.id, user.username, user.role,
                                              user.office_code, ip),
                         action="permission.denied",
                         detail={"attempted": action_name[:40], "case": case.case_no})
        raise NotAllowed(action_name)
    return action


def _move_case(db: Session, *, case: Case, workflow: Workflow, action: Action, text: str,
               version: int, now: datetime) -> None:
    """Write the case's new status, level and holder, if nobody moved it since ``version``
    (a conflict otherwise)."""
    from_status = case.status
    level = workflow.next_level(case.current_level, action.move, received_level(db, case)) \
        if action.move else case.current_level
    holder = office_at_level(db, case.office_code, level) if action.move else case.holder_office
    values: dict = {"status": action.to_state, "current_level": level, "holder_office": holder,
                    "state_since": now, "version": case.version + 1}
    values.update(_declared_values(workflow, action, text, from_status, now))
    changed = db.exec(update(Case).where(  # type: ignore[call-overload]
        col(Case.id) == case.id, col(Case.version) == version).values(**values))
    if changed.rowcount != 1:
        db.rollback()
        raise Conflict(case.case_no)
    db.refresh(case)


def _carry_out(db: Session, *, case: Case, matter: Matter, action: Action, user: CurrentUser,
               ip: str | None, from_status: str, text: str, now: datetime) -> None:
    """What the moved case's action causes, in this order: the event on its timeline, the
    draft reopened, the certificate issued or ended, the audit entry, the notice to the
    applicant and the invitation to rate (each as the action declares)."""
    office = db.get(Office, user.office_code) if user.office_code else None
    message = timeline_message(action, reason=text, office=office)
    assert case.id is not None
    db.add(CaseEvent(case_id=case.id, at=now, actor_id=user.id, actor_role=user.role,
                     office_code=user.office_code, action=action.name,
                     from_status=from_status, to_status=action.to_state,
                     comment=text or None, public_message_zh=message.zh,
                     public_message_en=message.en))
    if action.reopens_draft:
        _reopen_draft(db, case)
    if action.issues_certificate or action.ends_certificate:

        complete_case(db, case=case, matter=matter, now=now,
                      issues=action.issues_certificate, ends=action.ends_certificate)
    audit.record(db, actor=AuditActor(user.id, user.username, user.role, user.office_code, ip),
                 action=f"case.{action.name}", target_type="case", target_id=case.case_no,
                 detail={"from": from_status, "to": action.to_state})
    if action.notify:
        _notify(db, case=case, matter=matter, message=message, now=now)
    if action.to_state in RATEABLE_STATUSES:
        _invite_rating(db, case=case, matter=matter)


def _declared_values(workflow: Workflow, action: Action, text: str, from_status: str,
                     now: datetime) -> dict:
    """What the action's declaration and the state it leads to say to keep on the case: the
    clock paused where the workflow pauses it, the missing items and the status left when the
    draft reopens, the time (and the reason it needs) of a decision."""
    values: dict = {}
    limit = workflow.limit(action.to_state)
    if limit is not None and limit.clock_paused:
        values.update(paused_since=now)
    if action.reopens_draft:
        values.update(supplement_items=text, supplement_from=from_status)
    if action.decides:
        values.update(decided_at=now)
        if action.needs == Needs.REASON:
            values.update(decision_reason=text)
    return values


def _reopen_draft(db: Session, case: Case) -> None:
    """Let the applicant correct answers and add documents through the wizard again."""
    draft = db.get(ApplicationDraft, case.draft_id)
    if draft is not None:
        draft.status = DraftStatus.AMENDING
        draft.answers = dict(case.answers)
        draft.updated_at = utcnow()
        db.add(draft)


def _notify(db: Session, *, case: Case, matter: Matter, message: Text, now: datetime) -> None:
    user = db.get(User, case.applicant_id)
    if user is None:
        return
    mail.enqueue(db, to=user.email, template="case_update", lang=case.lang,
                 name=user.real_name, case_no=case.case_no,
                 service=matter.name.get(case.lang), when=local_time_text(now),
                 message=message.get(case.lang),
                 link=public_link(paths.my_case(case.case_no)))


def _invite_rating(db: Session, *, case: Case, matter: Matter) -> None:
    user = db.get(User, case.applicant_id)
    if user is not None:
        mail.enqueue(db, to=user.email, template="rating_invitation", lang=case.lang,
                     name=user.real_name, case_no=case.case_no,
                     service=matter.name.get(case.lang),
                     link=public_link(paths.my_case(case.case_no) + "#rate"))


def initial_holding(db: Session, *, office_code: str, matter: Matter,
                    submitted: datetime) -> dict:
    """Where a new case starts: held by the receiving office, due in the promised days."""
    workflow: Workflow = workflow_of(matter)
    office = db.get(Office, office_code)
    level = office.level if office is not None else workflow.receiving.value
    return {"current_level": level, "holder_office": office_code,
            "due_date": add_working_days(china_today(submitted), matter.promised_days),
            "state_since": submitted}
