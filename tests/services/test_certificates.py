"""What a certificate keeps and prints comes from its service's definition."""

from __future__ import annotations

from sqlmodel import Session, select

from convenience_center.models import Certificate, User
from convenience_center.services import certificates
from tests.documents.pdfcheck import squash, text_of
from tests.services.test_applications import complete_draft
from tests.services.test_workflow import _submit_matter, act, officer, submitted


def _document(db: Session, certificate: Certificate, lang: str) -> str:
    data = certificates.certificate_document(
        db, cert_no=certificate.cert_no, user_id=certificate.holder_id, role="citizen",
        office_code=None, lang=lang)
    assert data is not None
    return squash(text_of(data))


def test_a_birth_certificate_keeps_and_prints_the_spouse_its_service_declares(db: Session):
    case, _ = submitted(db)  # one-child-resident, the sample answers (spouse 王强)
    township, county = officer(db, "township", "410105001"), officer(db, "county", "410105")
    for who, name in ((township, "accept"), (township, "forward"), (county, "approve"),
                      (county, "issue")):
        case = act(db, who, case, name)
    certificate = db.exec(select(Certificate).where(Certificate.case_id == case.id)).one()
    assert certificate.cert_no.startswith("YHS-410105-")
    assert certificate.details == {"spouse_name": "王强"}
    chinese = _document(db, certificate, "zh")
    assert "配偶姓名" in chinese and "王强" in chinese
    assert "Spouse'sname" in _document(db, certificate, "en")


def test_a_licence_keeps_its_service_items_on_record_and_prints_the_institution(db: Session):
    _, _, person = complete_draft(db)
    user_id = db.exec(select(User.id).where(User.username == person.username)).one()
    city = officer(db, "city", "410100")
    case = _submit_matter(db, user_id, "institution-practice-license", "apply", "410100")
    for name in ("accept", "approve", "issue"):
        case = act(db, city, case, name)
    licence = db.exec(select(Certificate).where(Certificate.case_id == case.id)).one()
    assert licence.cert_no.startswith("ZYX-410100-")
    assert set(licence.details) == {"institution_name", "service_items"}
    assert licence.details["service_items"] == case.answers["service_items"]
    text = _document(db, licence, "zh")
    assert "机构名称" in text and squash(licence.details["institution_name"]) in text
    for item in licence.details["service_items"]:
        assert item not in text  # the scope is on record, not printed
