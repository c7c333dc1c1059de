"""A draft checked again as a whole when it is submitted: every step's answers (the account's
prefilled values over the draft's), the certificate they name, the office, the documents.

The wizard checks each step as it is answered; this is the check that counts (a draft may be
old, edited in another tab, or sent by hand).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from convenience_center.domain.services.base import Matter, Text
from convenience_center.domain.services.definition import ServiceDefinition
from convenience_center.domain.wizard import check_all, prefilled, required_uploads, step_of_field
from convenience_center.models import ApplicationDraft, Attachment, Office
from convenience_center.services import certificates
from convenience_center.services.drafts import acceptable_office, applicant_of, draft_matter

T = Text


class SubmissionIncomplete(Exception):
    """Submit refused: a step's answers fail, an office or a document is missing."""

    def __init__(self, step: str, errors: dict[str, Text]) -> None:
        super().__init__(step)
        self.step = step
        self.errors = errors


@dataclass(frozen=True)
class CheckedDraft:
    """A draft found complete: what it applies for, the answers to keep, the office."""

    service: ServiceDefinition
    matter: Matter
    answers: dict[str, Any]
    office: Office


def checked_draft(db: Session, *, draft: ApplicationDraft, user_id: int,
                  today: date) -> CheckedDraft:
    """The draft checked again as a whole: answers, office, documents, in the wizard's order
    (:class:`SubmissionIncomplete` names the first step that fails)."""
    service, matter = draft_matter(draft)
    answers = _answers(db, draft=draft, matter=matter, user_id=user_id, today=today)
    office = db.get(Office, draft.office_code) if draft.office_code else None
    if not acceptable_office(db, matter, office):
        raise SubmissionIncomplete("office", {"office": T("请选择受理单位",
                                                          "Choose the office")})
    assert office is not None
    _documents(db, draft=draft, matter=matter, answers=answers)
    return CheckedDraft(service, matter, answers, office)


def _answers(db: Session, *, draft: ApplicationDraft, matter: Matter, user_id: int,
                     today: date) -> dict[str, Any]:
    """The answers to keep (the account's prefilled values over the draft's), every step
    valid and the certificate they name the applicant's own."""
    applicant = applicant_of(db, user_id=user_id)
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
    return result.answers


def _documents(db: Session, *, draft: ApplicationDraft, matter: Matter,
                     answers: dict[str, Any]) -> None:
    """Every document the answers call for has been uploaded."""
    assert draft.id is not None
    uploaded = {a.material_code for a in db.exec(select(Attachment).where(
        Attachment.draft_id == draft.id, col(Attachment.deleted_at).is_(None)))}
    missing = [m for m in required_uploads(matter, answers) if m.code not in uploaded]
    if missing:
        raise SubmissionIncomplete("documents", {m.code: T(
            f"请上传“{m.name.zh}”", f"Upload “{m.name.en}”") for m in missing})
