"""Drafts of applications: started, saved step by step and office by office, checked as
they go; what the wizard works on until the draft is submitted (``services.applications``).

Every function takes the calling user's id (or a draft already opened for its owner) and only
ever touches that user's drafts; someone else's draft reads as "not found".
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from convenience_center.domain.cases import OPEN_DRAFT_STATUSES, DraftStatus
from convenience_center.domain.errors import NotFound, Refused
from convenience_center.domain.services import get_matter
from convenience_center.domain.services.base import Matter
from convenience_center.domain.services.definition import ServiceDefinition
from convenience_center.domain.wizard import (
    Applicant,
    StepResult,
    check_step,
    find_step,
    prefilled,
)
from convenience_center.domain.wizard_progress import Progress, progress
from convenience_center.models import ApplicationDraft, Attachment, Office, User, utcnow
from convenience_center.services import certificates, security
from convenience_center.services.common import china_today


def known_matter(service_code: str, matter_code: str) -> tuple[ServiceDefinition, Matter]:
    """The service and matter of these codes; :class:`NotFound` when there is none."""
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
    _service, matter = known_matter(service_code, matter_code)
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
    known_matter(service_code, matter_code)
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
    return known_matter(draft.service_code, draft.matter_code)


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
