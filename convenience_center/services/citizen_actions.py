"""What an applicant does to a case once it is filed: resubmit it after a supplement request,
withdraw it before a decision, each as the case's workflow declares it (``Actor.CITIZEN``
actions; staff actions are ``services.workflow``).

Like the staff transitions, each is one conditional UPDATE on the case's version, an entry on
the timeline and one in the audit log.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select, update

from convenience_center.domain.errors import Conflict, NotFound, Refused
from convenience_center.domain.services import get_matter
from convenience_center.domain.workflow import Action, workflow_of
from convenience_center.domain.working_days import add_working_days, working_days_between
from convenience_center.models import Case, CaseEvent, User, utcnow
from convenience_center.services import audit, mail
from convenience_center.services.audit import Actor
from convenience_center.services.common import china_today, local_time_text
from convenience_center.services.drafts import known_matter
from convenience_center.services.jurisdiction import ancestors
from convenience_center.services.workflow import Transition, timeline_message


def citizen_action(case: Case, name: str, refusal: str) -> Action:
    """The applicant's action ``name`` as the case's workflow declares it, when they may take
    it in the case's status; ``Refused(refusal)`` otherwise."""
    found = get_matter(case.service_code, case.matter_code)
    action = workflow_of(found[1]).citizen_action(name, case.status) if found else None
    if action is None:
        raise Refused(refusal)
    return action


def resubmit(db: Session, *, case: Case, answers: dict, user: User, ip: str | None,
             now: datetime | None = None) -> Transition:
    """The applicant resubmits after a supplement request (called by the submit use case).

    The case goes where the declared action says (``resumes``: back to where it was); the
    working days spent waiting are added to its due date (the clock paused).
    """
    now = now or utcnow()
    action = citizen_action(case, "resubmit", "workflow.not_waiting")
    from_status = case.status
    back_to = (case.supplement_from or action.to_state) if action.resumes else action.to_state
    due = case.due_date
    if due is not None and case.paused_since is not None:
        waited = working_days_between(china_today(case.paused_since), china_today(now))
        due = add_working_days(due, waited) if waited else due
    changed = db.exec(update(Case).where(  # type: ignore[call-overload]
        col(Case.id) == case.id, col(Case.version) == case.version).values(
        status=back_to, answers=answers, due_date=due, paused_since=None, state_since=now,
        version=case.version + 1))
    if changed.rowcount != 1:
        db.rollback()
        raise Conflict(case.case_no)
    assert case.id is not None
    message = timeline_message(action)
    db.add(CaseEvent(case_id=case.id, at=now, actor_id=user.id, actor_role="citizen",
                     office_code=case.office_code, action=action.name,
                     from_status=from_status, to_status=back_to,
                     public_message_zh=message.zh, public_message_en=message.en))
    audit.record(db, actor=Actor(user.id, user.username, user.role, None, ip),
                 action=f"case.{action.name}", target_type="case", target_id=case.case_no)
    return Transition(case.case_no, from_status, back_to, ancestors(db, case.office_code))


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
