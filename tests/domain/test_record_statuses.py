"""The statuses of drafts, certificates and complaints: the strings stored in the database
(unchanged, so that no migration is needed), each fits its column and is named where shown."""

from __future__ import annotations

from enum import StrEnum

import pytest

from convenience_center.documents.certificate_stamp import SENTENCES, WORDS
from convenience_center.domain.cases import (
    ENDED_CERTIFICATE_STATUSES,
    CertificateStanding,
    CertificateStatus,
    DraftStatus,
)
from convenience_center.domain.participation import (
    COMPLAINT_STATUS,
    OPEN_COMPLAINT_STATUSES,
    ComplaintStatus,
)
from convenience_center.i18n import EN, ZH
from convenience_center.models import ApplicationDraft, Certificate, Complaint
from convenience_center.models.lengths import max_length
from convenience_center.services.certificates import STATUS_KEYS

STORED = [
    (DraftStatus, ApplicationDraft, {"draft", "amending", "submitted", "deleted"}),
    (CertificateStatus, Certificate, {"valid", "replaced", "cancelled"}),
    (ComplaintStatus, Complaint, {"submitted", "assigned", "replied", "closed", "reopened"}),
]


@pytest.mark.parametrize(("statuses", "table", "stored"), STORED,
                         ids=[t.__name__ for _, t, _ in STORED])
def test_the_stored_strings_are_unchanged_and_fit_the_column(
        statuses: type[StrEnum], table: type, stored: set[str]):
    assert {s.value for s in statuses} == stored
    assert max(len(s) for s in statuses) <= max_length(table, "status")
    default = table.model_fields["status"].default
    assert default == next(iter(statuses))


def test_a_standing_is_a_stored_status_or_expired():
    assert {s.value for s in CertificateStanding} == \
        {s.value for s in CertificateStatus} | {"expired"}
    assert ENDED_CERTIFICATE_STATUSES.issubset(CertificateStatus)
    assert CertificateStatus.VALID not in ENDED_CERTIFICATE_STATUSES


@pytest.mark.parametrize("standing", list(CertificateStanding))
def test_every_standing_is_named_in_both_languages(standing: CertificateStanding):
    key = STATUS_KEYS[standing]
    assert ZH[key] and EN[key]
    if standing != CertificateStanding.VALID:
        assert WORDS[standing].zh and SENTENCES[standing].en


@pytest.mark.parametrize("status", list(ComplaintStatus))
def test_every_complaint_status_is_named_in_both_languages(status: ComplaintStatus):
    assert COMPLAINT_STATUS[status].zh and COMPLAINT_STATUS[status].en
    assert (status in OPEN_COMPLAINT_STATUSES) == \
        (status not in {ComplaintStatus.REPLIED, ComplaintStatus.CLOSED})
