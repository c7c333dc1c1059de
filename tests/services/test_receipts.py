"""The receipt of a submitted application: this case's tracking link in its QR code, and the
applicant's personal data masked throughout (as the name at its top is)."""

from __future__ import annotations

from sqlmodel import Session

from convenience_center.services import applications, receipts
from convenience_center.services.common import public_link
from tests.documents.pdfcheck import qr_matrix, read_qr, squash, text_of
from tests.services.test_applications import NOW, complete_draft


def test_the_qr_code_opens_the_tracking_page_of_this_case(db: Session):
    user_id, public_id, _ = complete_draft(db)
    case = applications.submit(db, user_id=user_id, public_id=public_id, now=NOW)
    data = receipts.receipt_for(db, user_id=user_id, case_no=case.case_no, lang="zh")
    modules, _ = read_qr(data)
    assert modules == qr_matrix(public_link(f"/track?case_no={case.case_no}"))


def test_names_numbers_and_phones_are_masked_among_the_answers_too(db: Session):
    user_id, public_id, person = complete_draft(db)
    case = applications.submit(db, user_id=user_id, public_id=public_id, now=NOW)
    mobile = case.answers["applicant_mobile"]
    for lang in ("zh", "en"):
        text = squash(text_of(receipts.receipt_for(db, user_id=user_id, case_no=case.case_no,
                                                   lang=lang)))
        assert person.real_name not in text and case.answers["spouse_name"] not in text
        assert "李*" in text and "王*" in text
        assert mobile not in text and squash(f"{mobile[:3]} **** {mobile[7:]}") in text
        assert person.id_number not in text and case.answers["spouse_id_number"] not in text
