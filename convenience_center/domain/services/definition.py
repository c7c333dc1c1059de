"""A service as a whole: its group in the catalogue, the facts of its guide (办事指南), its
matters (:mod:`.base`) and the certificate it issues."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from convenience_center.domain.contact import COMPLAINT_HOTLINE, SERVICE_HOTLINE
from convenience_center.domain.services.base import Answers, Matter, Text


@dataclass(frozen=True)
class ServiceGroup:
    """A heading of the catalogue, and what the group's paper forms ask of who signs them.

    The groups are declared in :mod:`convenience_center.domain.services.groups`.
    """

    code: str
    order: int          # place in the catalogue (and of its services in the registry)
    label: Text         # the catalogue's heading
    endorsement: Text   # the second signature box of the paper form: who comments and stamps
    organisation_applies: bool = False  # the applicant signs as an organisation's representative


@dataclass(frozen=True)
class CertificateEntry:
    """An answer a service's certificate keeps (登记项目)."""

    field: str
    # As printed on the certificate; None: kept with the certificate's record, not printed.
    label: Text | None = None


@dataclass(frozen=True)
class ServiceCertificate:
    """The certificates a service issues: the prefix of their numbers and the answers they
    keep. A prefix is part of every number issued with it: it never changes."""

    prefix: str                                # three capitals, unique among the services
    entries: tuple[CertificateEntry, ...] = ()

    def kept(self, answers: Answers) -> dict[str, Any]:
        """The answers of a case that its certificate keeps, in the order of ``answers``."""
        fields = {entry.field for entry in self.entries}
        return {name: value for name, value in answers.items() if name in fields}

    def printed(self, kept: Mapping[str, Any]) -> list[tuple[Text, str]]:
        """The kept answers printed on the certificate, with their labels: those that have a
        label and a value, in the order they were kept."""
        labels = {entry.field: entry.label for entry in self.entries if entry.label}
        return [(labels[name], str(value)) for name, value in kept.items()
                if name in labels and value]


@dataclass(frozen=True)
class ServiceDefinition:
    """A service of the platform and its guide."""

    code: str
    group: ServiceGroup
    name: Text
    summary: Text
    service_type: Text                       # 事项类型, e.g. 行政确认 / 行政许可 / 公共服务
    legal_basis: tuple[Text, ...]
    matters: tuple[Matter, ...]
    fee: Text = field(default_factory=lambda: Text("不收费", "Free of charge"))
    handling_office: Text = field(default_factory=lambda: Text(
        "申请人户籍地或现居住地县级人口和计划生育行政部门",
        "The population and family planning department of the county where the applicant's "
        "household is registered or where the applicant lives"))
    office_hours: Text = field(default_factory=lambda: Text(
        "工作日 上午 8:30—12:00，下午 14:30—17:30（法定节假日除外）",
        "Working days 8:30-12:00 and 14:30-17:30 (closed on public holidays)"))
    consultation_phone: str = SERVICE_HOTLINE
    complaint_phone: str = COMPLAINT_HOTLINE
    keywords: tuple[str, ...] = ()
    certificate: ServiceCertificate | None = None  # None: the service issues none

    def matter(self, code: str) -> Matter:
        """The matter with ``code`` (``KeyError`` if there is none)."""
        for matter in self.matters:
            if matter.code == code:
                return matter
        raise KeyError(f"{self.code} has no matter {code!r}")
