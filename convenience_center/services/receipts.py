"""The PDF receipt of a submitted application, for its applicant."""

from __future__ import annotations

from sqlmodel import Session

from convenience_center.documents import Receipt, receipt_pdf
from convenience_center.domain.errors import NotFound
from convenience_center.domain.identity import mask_name
from convenience_center.domain.services import get_matter
from convenience_center.domain.services.base import Text
from convenience_center.domain.wizard import needed_materials, summary
from convenience_center.models import Office, User
from convenience_center.services import applications, attachments
from convenience_center.services.common import public_link
from convenience_center.services.tracking import tracking_path


def receipt_for(db: Session, *, user_id: int, case_no: str, lang: str) -> bytes:
    """The receipt PDF of the user's case (``NotFound`` for anyone else's)."""
    case = applications.case_of_applicant(db, user_id=user_id, case_no=case_no)
    found = get_matter(case.service_code, case.matter_code)
    if found is None or case.id is None:
        raise NotFound(case_no)
    service, matter = found
    office = db.get(Office, case.office_code)
    user = db.get(User, user_id)
    assert office is not None and user is not None
    files = attachments.case_attachments(db, case_id=case.id)
    materials = [
        (material.name.get(lang),
         ", ".join(f.name for f in files if f.material_code == material.code) or "—")
        for material in needed_materials(matter, case.answers)
    ]
    receipt = Receipt(
        case_no=case.case_no, service_name=service.name, matter_name=matter.name,
        submitted_at=case.submitted_at, promised_date=case.promised_date,
        promised_date_provisional=case.promised_provisional,
        office_name=Text(office.name_zh, office.name_en),
        applicant_name_masked=mask_name(user.real_name),
        rows=[(row.label, row.value)
              for row in summary(matter, case.answers, lang, mask_personal=True)],
        materials=materials, track_url=public_link(tracking_path(case.case_no)),
    )
    return receipt_pdf(receipt, lang)
