"""Case statuses, case numbers and the messages citizens see on their timeline."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum

from convenience_center.domain.services.base import MatterKind, Text

T = Text


class CaseStatus(StrEnum):
    """Where a case stands (the workflows move it; see ``domain.workflow``), in the order
    lists, filters and statistics show them: the way through, then the other endings.

    Accepting a case (受理) takes it straight into review: no status "accepted" lies between
    (there was one, never reached; no case ever had it).
    """

    SUBMITTED = "submitted"                     # 已申报
    IN_REVIEW = "in_review"                     # 审核中（已受理）
    SUPPLEMENT_REQUIRED = "supplement_required"  # 待补正
    APPROVED = "approved"                       # 审核通过
    ISSUED = "issued"                           # 已办结（已发证）
    NOT_ACCEPTED = "not_accepted"               # 不予受理
    DENIED = "denied"                           # 不予批准
    WITHDRAWN = "withdrawn"                     # 已撤回


class DraftStatus(StrEnum):
    """Where an application being filled in stands (``ApplicationDraft.status``)."""

    DRAFT = "draft"          # being filled in
    AMENDING = "amending"    # reopened for the applicant to correct (补正) a submitted case
    SUBMITTED = "submitted"  # became a case
    DELETED = "deleted"      # thrown away by the applicant


# The drafts an applicant still works on (listed, continued, saved).
OPEN_DRAFT_STATUSES = frozenset({DraftStatus.DRAFT, DraftStatus.AMENDING})


class CertificateStatus(StrEnum):
    """What is stored of a certificate's standing (``Certificate.status``)."""

    VALID = "valid"
    REPLACED = "replaced"    # by the certificate of a replacement, reissue, change or check
    CANCELLED = "cancelled"  # by a cancellation


class CertificateStanding(StrEnum):
    """A certificate's standing as shown: its stored status, or expired (a valid one past
    its last day; computed, never stored)."""

    VALID = CertificateStatus.VALID.value
    REPLACED = CertificateStatus.REPLACED.value
    CANCELLED = CertificateStatus.CANCELLED.value
    EXPIRED = "expired"


ENDED_CERTIFICATE_STATUSES = frozenset({CertificateStatus.REPLACED, CertificateStatus.CANCELLED})


STATUS_LABELS: dict[CaseStatus, Text] = {
    CaseStatus.SUBMITTED: T("已申报，等待受理", "Submitted, waiting to be accepted"),
    CaseStatus.NOT_ACCEPTED: T("不予受理", "Not accepted"),
    CaseStatus.SUPPLEMENT_REQUIRED: T("待补正材料", "Waiting for you to add documents"),
    CaseStatus.IN_REVIEW: T("审核中", "Being reviewed"),
    CaseStatus.APPROVED: T("审核通过，待发证", "Approved, certificate being issued"),
    CaseStatus.DENIED: T("不予批准", "Refused"),
    CaseStatus.ISSUED: T("已办结", "Completed"),
    CaseStatus.WITHDRAWN: T("已撤回", "Withdrawn"),
}

# Where a matter or the reader needs other words: a cancellation ends a certificate rather
# than issuing one; staff read about the applicant, not "you".
CANCEL_STATUS_LABELS: dict[CaseStatus, Text] = {
    CaseStatus.APPROVED: T("审核通过，待注销证件", "Approved, certificate being cancelled"),
    CaseStatus.ISSUED: T("已办结，证件已注销", "Completed: certificate cancelled"),
}
STAFF_STATUS_LABELS: dict[CaseStatus, Text] = {
    CaseStatus.SUPPLEMENT_REQUIRED: T("待申请人补正材料",
                                      "Waiting for the applicant to add documents"),
}

# Before a decision (what the standard workflow lets the applicant withdraw from). Not to be
# confused with the statuses in which the office's clock runs (``staff_queues.CLOCK_RUNNING``).
UNDECIDED_STATUSES = frozenset({CaseStatus.SUBMITTED, CaseStatus.SUPPLEMENT_REQUIRED,
                                CaseStatus.IN_REVIEW})

CASE_NO_PATTERN = re.compile(r"^\d{6}-\d{8}-\d{4,6}$")


def format_case_no(region: str, day: date, sequence: int) -> str:
    """``410105-20261126-0007``: region of the receiving office, date, sequence of the day."""
    if not re.fullmatch(r"\d{6}", region) or sequence < 1:
        raise ValueError("region must be 6 digits and sequence positive")
    return f"{region}-{day:%Y%m%d}-{sequence:04d}"


CERTIFICATE_NO_PATTERN = re.compile(r"^[A-Z]{3}-\d{6}-\d{4}-\d{6}$")


def format_certificate_no(prefix: str, region: str, year: int, sequence: int) -> str:
    """``YHS-410105-2026-000123``: the service's prefix, region of the issuing office, year,
    sequence of the year."""
    if not re.fullmatch(r"[A-Z]{3}", prefix) or not re.fullmatch(r"\d{6}", region) \
            or sequence < 1:
        raise ValueError("prefix must be 3 capitals, region 6 digits, sequence positive")
    return f"{prefix}-{region}-{year:04d}-{sequence:06d}"


def normalise_certificate_no(raw: str) -> str:
    """A certificate number as people type it: full-width characters, lower case, spaces."""
    text = unicodedata.normalize("NFKC", raw or "").strip().upper()
    return re.sub(r"\s*[-—_]\s*", "-", text)


def issued_online(number: str) -> bool:
    """Whether ``number`` has the form of a certificate this platform issues (older paper
    certificates carry numbers of their own form)."""
    return CERTIFICATE_NO_PATTERN.fullmatch(normalise_certificate_no(number)) is not None


_CASE_NO_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―－_./]+")


def normalise_case_no(raw: str) -> str:
    """A case number as people type it: full-width digits, spaces or any dash between any
    digits, or none (``410105202611260007``, ``410105 202611260007``,
    ``41010520261126-0007``), and a sequence without its leading zeros
    (``410105-20261126-7``). Input that is no case number comes back with its separators
    made dashes, so that a search can still match a part of a number."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    groups = [g for g in _CASE_NO_SEPARATORS.split(text) if g]
    digits = "".join(groups)
    if [len(g) for g in groups[:2]] == [6, 8] and len(groups) == 3 and \
            re.fullmatch(r"\d{1,6}", groups[2]) and digits.isdigit():
        return f"{groups[0]}-{groups[1]}-{groups[2].zfill(4)}"
    if re.fullmatch(r"\d{18,20}", digits):
        return f"{digits[:6]}-{digits[6:14]}-{digits[14:]}"
    return "-".join(groups)


def status_label(status: str, lang: str, *, kind: str = "", staff: bool = False) -> str:
    """The status as the citizen reads it -- or, with ``staff``, as an officer does; ``kind``
    is the matter's kind (a cancellation's completion reads "certificate cancelled")."""
    try:
        known = CaseStatus(status)
    except ValueError:
        return status
    label = STAFF_STATUS_LABELS.get(known) if staff else None
    if label is None and kind == MatterKind.CANCEL:
        label = CANCEL_STATUS_LABELS.get(known)
    return (label or STATUS_LABELS[known]).get(lang)


def status_texts(status: str, service_code: str, matter_code: str, *,
                 staff: bool = False) -> dict[str, str]:
    """``status_zh`` and ``status_en`` of a case of that matter (see :func:`status_label`)."""
    from convenience_center.domain.services import get_matter  # the services use this module

    found = get_matter(service_code, matter_code)
    kind = found[1].kind.value if found else ""
    return {"status_zh": status_label(status, "zh", kind=kind, staff=staff),
            "status_en": status_label(status, "en", kind=kind, staff=staff)}


# Until a decision the promised date is what the applicant waits for; after it (or a
# withdrawal) the date means nothing any more and is not shown.
PROMISE_STATUSES = frozenset({*UNDECIDED_STATUSES, CaseStatus.APPROVED})


def promise_stands(status: str) -> bool:
    """Whether the promised completion date still applies to a case in ``status``."""
    return status in PROMISE_STATUSES
