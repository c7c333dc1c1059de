"""What both case pages (the applicant's and the officer's) show of a case, as typed,
language-neutral results: the matter, the answers, the documents, the certificate.

The presenter (``state/case_view.py``) makes the view data of either page from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from convenience_center.domain.services import get_matter
from convenience_center.domain.services.base import Matter, Text
from convenience_center.domain.wizard import summary
from convenience_center.models import Case
from convenience_center.services import attachments
from convenience_center.services.certificates import case_certificate


@dataclass(frozen=True)
class AnswerRow:
    label: Text
    value: Text


@dataclass(frozen=True)
class CaseDocument:
    public_id: str
    filename: str
    material: Text  # the document's name in the matter (its code when the matter has none)


@dataclass(frozen=True)
class CaseRecord:
    """The part of a case both its pages show."""

    case_no: str
    status: str
    service_code: str
    matter_code: str
    kind: str             # the matter's kind ("" a matter no longer registered)
    service: Text | None  # None: a service no longer registered
    matter: Text | None
    answers: tuple[AnswerRow, ...]
    documents: tuple[CaseDocument, ...]
    certificate: dict[str, str]  # services.certificates.case_certificate


def _answers(matter: Matter, case: Case, *, mask_ids: bool, staff: bool) -> tuple[AnswerRow, ...]:
    zh = summary(matter, case.answers, "zh", mask_ids=mask_ids, staff=staff)
    en = summary(matter, case.answers, "en", mask_ids=mask_ids, staff=staff)
    return tuple(AnswerRow(Text(a.label, b.label), Text(a.value, b.value))
                 for a, b in zip(zh, en, strict=True))


def case_record(db: Session, *, case: Case, mask_ids: bool, staff: bool) -> CaseRecord:
    """The record of a case the caller may see (checked by the caller)."""
    assert case.id is not None
    found = get_matter(case.service_code, case.matter_code)
    matter = found[1] if found else None
    names = {m.code: m.name for m in matter.materials} if matter else {}
    documents = tuple(
        CaseDocument(a.public_id, a.name,
                     names.get(a.material_code, Text(a.material_code, a.material_code)))
        for a in attachments.case_attachments(db, case_id=case.id))
    return CaseRecord(
        case_no=case.case_no, status=case.status, service_code=case.service_code,
        matter_code=case.matter_code, kind=matter.kind.value if matter else "",
        service=found[0].name if found else None,
        matter=matter.name if matter else None,
        answers=_answers(matter, case, mask_ids=mask_ids, staff=staff) if matter else (),
        documents=documents, certificate=case_certificate(db, case_id=case.id))
