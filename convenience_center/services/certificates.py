"""Electronic certificates (电子证照): issued at the end of a case, checked by anyone.

A certificate has a unique number, a holder, an issuing office and a validity. Cancelling,
replacing, reissuing or verifying one is an application of its own: when that case is issued,
the certificate it names is cancelled or replaced by the new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from convenience_center.domain.cases import (
    ENDED_CERTIFICATE_STATUSES,
    CertificateStanding,
    CertificateStatus,
    format_certificate_no,
    issued_online,
    normalise_certificate_no,
)
from convenience_center.domain.errors import NotAllowed
from convenience_center.domain.identity import mask_name
from convenience_center.domain.services import get_matter, get_service
from convenience_center.domain.services.base import Matter, Text
from convenience_center.domain.services.definition import ServiceCertificate
from convenience_center.i18n import translate
from convenience_center.models import Case, Certificate, Office, User
from convenience_center.models.lengths import clip
from convenience_center.services.common import CHINA_TZ, china_today
from convenience_center.services.counters import next_number

T = Text


def _next_number(db: Session, prefix: str, region: str, year: int) -> str:
    sequence = next_number(db, scope=region, key=f"C{year}{prefix}")
    return format_certificate_no(prefix, region, year, sequence)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def complete_case(db: Session, *, case: Case, matter: Matter, now: datetime, issues: bool,
                  ends: str | None) -> Certificate | None:
    """What the completing action declares (the caller commits): with ``issues`` the
    certificate of the case is issued; with ``ends`` the certificate the case names is ended
    so (cancelled, or replaced by the one issued)."""
    assert case.id is not None
    named = _named_certificate(db, case, matter) if ends else None
    if not issues:
        if named is not None and ends:
            named.status, named.ended_at, named.ended_by_case = ends, now, case.case_no
            db.add(named)
        return None
    issued = _issued_by(case.service_code)
    today = china_today(now)
    user = db.get(User, case.applicant_id)
    holder_name = case.applicant_name or (user.real_name if user else "")
    certificate = Certificate(
        cert_no=_next_number(db, issued.prefix, case.office_code[:6], today.year),
        case_id=case.id, service_code=case.service_code, matter_code=case.matter_code,
        holder_id=case.applicant_id, holder_name=holder_name,
        issuing_office=case.holder_office or case.office_code, issued_at=now,
        valid_from=today,
        valid_until=_add_years(today, matter.certificate_years) if matter.certificate_years
        else None,
        details=issued.kept(case.answers),
    )
    db.add(certificate)
    if named is not None and ends:
        named.status, named.ended_at = ends, now
        named.ended_by_case, named.replaced_by = case.case_no, certificate.cert_no
        db.add(named)
    return certificate


def _issued_by(service_code: str) -> ServiceCertificate:
    """The certificate the service declares (every service that issues one declares it:
    see tests/domain/test_service_definitions.py)."""
    service = get_service(service_code)
    if service is None or service.certificate is None:
        raise LookupError(f"{service_code} declares no certificate")
    return service.certificate


def _named_certificate(db: Session, case: Case, matter: Matter) -> Certificate | None:
    """The holder's own valid certificate of the same service that the case names (the
    matter's ``certificate_field``), if it was issued here."""
    if matter.certificate_field is None:
        return None
    return _valid_certificate(db, str(case.answers.get(matter.certificate_field) or ""),
                              service_code=case.service_code, holder_id=case.applicant_id)


def _valid_certificate(db: Session, number: str, *, service_code: str,
                       holder_id: int) -> Certificate | None:
    number = normalise_certificate_no(number)
    if not number:
        return None
    return db.exec(select(Certificate).where(Certificate.cert_no == number,
                                             Certificate.service_code == service_code,
                                             Certificate.holder_id == holder_id,
                                             Certificate.status == CertificateStatus.VALID)).first()


def named_certificate_problem(db: Session, *, matter: Matter, service_code: str,
                              answers: dict, holder_id: int) -> dict[str, Text]:
    """The problem, at its field, with the certificate an application names: a number of
    this platform's form that no valid certificate of the service in the applicant's name
    carries (a mistyped, someone else's or an ended certificate). Numbers of older paper
    certificates are the office's to check."""
    field = matter.certificate_field
    if field is None or not issued_online(str(answers.get(field) or "")):
        return {}
    if _valid_certificate(db, str(answers[field]), service_code=service_code,
                          holder_id=holder_id) is not None:
        return {}
    return {field: T("您名下没有这个编号的有效证件，请核对证件上的编号",
                     "No valid certificate with this number is held in your name. "
                     "Check the number on the certificate")}


STATUS_KEYS = {CertificateStanding.VALID: "verify.status_valid",
               CertificateStanding.REPLACED: "verify.status_replaced",
               CertificateStanding.CANCELLED: "verify.status_cancelled",
               CertificateStanding.EXPIRED: "verify.status_expired"}


@dataclass(frozen=True)
class Standing:
    """Whether a certificate still holds; if not, since when and what ended it."""

    status: CertificateStanding
    ended_on: date | None      # the day it was cancelled or replaced; for expired, its last day
    ended_by_case: str | None  # the case that cancelled or replaced it
    replaced_by: str | None    # the number of the certificate that replaced it


def standing(certificate: Certificate, today: date | None = None) -> Standing:
    """The standing of ``certificate`` on ``today`` (China time)."""
    today = today or china_today()
    if certificate.status in ENDED_CERTIFICATE_STATUSES:
        ended = certificate.ended_at.astimezone(CHINA_TZ).date() if certificate.ended_at \
            else None
        return Standing(CertificateStanding(certificate.status), ended,
                        certificate.ended_by_case, certificate.replaced_by)
    if certificate.valid_until and certificate.valid_until < today:
        return Standing(CertificateStanding.EXPIRED, certificate.valid_until, None, None)
    return Standing(CertificateStanding.VALID, None, None, None)


def standing_text(found: Standing) -> Text:
    """One sentence on the standing, for the case pages: the date, and the case or the
    certificate that ended it."""
    params = {"date": found.ended_on.isoformat() if found.ended_on else "—",
              "case": found.ended_by_case or "—", "number": found.replaced_by or "—"}
    key = f"certificate.standing_{found.status}"
    return T(translate(key, "zh", **params), translate(key, "en", **params))


@dataclass(frozen=True)
class VerifiedCertificate:
    """What the public verification page shows (nothing beyond what is printed)."""

    cert_no: str
    status: CertificateStanding
    service_zh: str
    service_en: str
    office_zh: str
    office_en: str
    issued_on: date
    valid_until: date | None
    holder_masked: str
    replaced_by: str | None
    ended_on: date | None = None       # cancelled or replaced on
    ended_by_case: str | None = None   # by this case


def verify(db: Session, *, cert_no: str, today: date | None = None) -> VerifiedCertificate | None:
    """The public status of a certificate, or ``None`` when there is no such number."""
    number = clip(Certificate, "cert_no", normalise_certificate_no(cert_no))
    certificate = db.exec(select(Certificate).where(Certificate.cert_no == number)).first()
    return None if certificate is None else _verified(db, certificate, today)


def _verified(db: Session, certificate: Certificate, today: date | None) -> VerifiedCertificate:
    now = standing(certificate, today)
    found = get_matter(certificate.service_code, certificate.matter_code)
    office = db.get(Office, certificate.issuing_office)
    ended = now.status in ENDED_CERTIFICATE_STATUSES
    return VerifiedCertificate(
        cert_no=certificate.cert_no, status=now.status,
        service_zh=found[0].name.zh if found else certificate.service_code,
        service_en=found[0].name.en if found else certificate.service_code,
        office_zh=office.name_zh if office else "", office_en=office.name_en if office else "",
        issued_on=certificate.issued_at.astimezone(CHINA_TZ).date(),
        valid_until=certificate.valid_until, holder_masked=mask_name(certificate.holder_name),
        replaced_by=certificate.replaced_by,
        ended_on=now.ended_on if ended else None,
        ended_by_case=now.ended_by_case if ended else None,
    )


def named_certificate_note(db: Session, *, case: Case, matter: Matter,
                           today: date | None = None) -> Text | None:
    """For the officer: what the certificate a case names is -- its status here when this
    platform issued it to the applicant, otherwise that it must be checked on paper."""
    raw = str(case.answers.get(matter.certificate_field or "") or "").strip()
    if not raw:
        return None
    if not issued_online(raw):
        return T(f"{raw}：不是本平台发放的证件，请与纸质档案核对",
                 f"{raw}: not issued on this platform; check it against the paper register")
    number = normalise_certificate_no(raw)
    held = db.exec(select(Certificate).where(
        Certificate.cert_no == number, Certificate.holder_id == case.applicant_id,
        Certificate.service_code == case.service_code)).first()
    if held is None:
        return T(f"{number}：本平台没有申请人持有的这个编号的证件",
                 f"{number}: the applicant holds no certificate with this number here")
    checked = _verified(db, held, today)
    status = STATUS_KEYS[checked.status]
    return T(f"{number}：{translate(status, 'zh')}（{checked.issued_on:%Y-%m-%d} "
             f"{checked.office_zh}发放）",
             f"{number}: {translate(status, 'en')} (issued {checked.issued_on:%Y-%m-%d} by "
             f"{checked.office_en})")


def certificate_of_case(db: Session, *, case_id: int) -> Certificate | None:
    """The certificate issued for a case, if any."""
    return db.exec(select(Certificate).where(Certificate.case_id == case_id)).first()


def case_certificate(db: Session, *, case_id: int) -> dict[str, str]:
    """For the case pages: the certificate issued for the case and whether it still holds
    (a sentence on when and by what it ended, if it did); empty values when there is none."""
    certificate = certificate_of_case(db, case_id=case_id)
    if certificate is None:
        return {"certificate": "", "certificate_status": "", "certificate_note_zh": "",
                "certificate_note_en": "", "certificate_replaced_by": ""}
    now = standing(certificate)
    note = standing_text(now)
    return {"certificate": certificate.cert_no, "certificate_status": now.status,
            "certificate_note_zh": note.zh, "certificate_note_en": note.en,
            "certificate_replaced_by": now.replaced_by or ""}


def certificate_document(db: Session, *, cert_no: str, user_id: int, role: str,
                         office_code: str | None, lang: str,
                         today: date | None = None) -> bytes | None:
    """The certificate PDF for its holder, or for staff whose jurisdiction covers it; ``None``
    when there is no such certificate, ``NotAllowed`` for anyone else. A certificate
    that no longer holds carries its stamp (cancelled, replaced, expired)."""
    from convenience_center.documents import CertificateDocument, CertificateEnding, certificate_pdf
    from convenience_center.services.common import public_link
    from convenience_center.services.jurisdiction import covers

    certificate = db.exec(select(Certificate).where(Certificate.cert_no == cert_no)).first()
    if certificate is None:
        return None
    allowed = certificate.holder_id == user_id or (
        role in {"province", "city", "county", "township"} and office_code is not None
        and covers(db, staff_office=office_code, case_office=certificate.issuing_office))
    if not allowed:
        raise NotAllowed(cert_no)
    found = get_matter(certificate.service_code, certificate.matter_code)
    office = db.get(Office, certificate.issuing_office)
    holder = db.get(User, certificate.holder_id)
    issued = found[0].certificate if found else None
    details = issued.printed(certificate.details) if issued else []
    now = standing(certificate, today)
    document = CertificateDocument(
        cert_no=certificate.cert_no,
        title=found[0].name if found else T(certificate.service_code, certificate.service_code),
        holder_name=certificate.holder_name,
        holder_id_masked=holder.id_masked or "" if holder else "",
        office_name=T(office.name_zh, office.name_en) if office else T("", ""),
        issued_on=certificate.issued_at.astimezone(CHINA_TZ).date(),
        valid_from=certificate.valid_from, valid_until=certificate.valid_until,
        details=details, verify_url=public_link(f"/verify/{certificate.cert_no}"),
        ended=None if now.status == CertificateStanding.VALID or now.ended_on is None
        else CertificateEnding(status=now.status, on=now.ended_on, by_case=now.ended_by_case,
                               replaced_by=now.replaced_by),
    )
    return certificate_pdf(document, lang)
