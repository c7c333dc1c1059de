"""The vocabulary of service definitions: everything a service is, as plain data.

A government service (独生子女证, 执业许可证, ...) has one or more *matters* (办理事项): apply,
cancel, replace, reissue, change, verify. Each matter is what a citizen applies for: it has its
own wizard (steps of fields), required materials, time limits and handling level. The service
guide (办事指南), the wizard, the blank PDF form and the validation all read these definitions;
no page, state or table knows a particular service.

Every text is bilingual (:class:`Text`). Field and step names are keys in the answers dict and
must be unique within a matter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from convenience_center.domain.contact import COMPLAINT_HOTLINE, SERVICE_HOTLINE

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Text:
    """A text in Simplified Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``en`` or Chinese for anything else)."""
        return self.en if lang == "en" else self.zh


class FieldKind(StrEnum):
    """What a field asks for; decides its control, its validation and how it is printed."""

    TEXT = "text"              # one line of text (max_length, default 100)
    TEXTAREA = "textarea"      # several lines (max_length, default 2000)
    NAME = "name"              # a person's real name (as on the ID card)
    ID_NUMBER = "id_number"    # resident ID number (GB 11643)
    MOBILE = "mobile"          # mainland China mobile number
    PHONE = "phone"            # any mainland China phone number, landline included
    EMAIL = "email"
    DATE = "date"              # ISO date; see past_only / future_only
    INTEGER = "integer"        # whole number within min_value..max_value
    SELECT = "select"          # one of options (a drop-down)
    RADIO = "radio"            # one of options (radio buttons, for 2-6 options)
    YES_NO = "yes_no"          # "yes" or "no"
    CHECKBOXES = "checkboxes"  # any of options; required means at least one
    DECLARATION = "declaration"  # a statement the applicant must tick ("yes")
    USCC = "uscc"              # Unified Social Credit Code of an organisation
    CERTIFICATE_NO = "certificate_no"  # number of a certificate issued before


@dataclass(frozen=True)
class Option:
    """One choice of a select, radio or checkboxes field."""

    value: str
    label: Text
    staff_label: Text | None = None  # how officers read it, where ``label`` says "you"

    def label_for(self, *, staff: bool) -> Text:
        """The label the applicant reads, or the one officers read."""
        return (self.staff_label or self.label) if staff else self.label


@dataclass(frozen=True)
class Condition:
    """Shown only when ``answers[field]`` is one of ``values`` (for checkboxes: contains one)."""

    field: str
    values: tuple[str, ...]

    def holds(self, answers: Answers) -> bool:
        """Whether the condition is met by ``answers``."""
        value = answers.get(self.field)
        if isinstance(value, list | tuple):
            return any(v in self.values for v in value)
        return value in self.values


def when(field_name: str, *values: str) -> Condition:
    """``when("married", "yes")``: shorthand for a :class:`Condition`."""
    return Condition(field_name, tuple(values))


class Prefill(StrEnum):
    """Values taken from the applicant's verified account: asked never, shown read-only."""

    NAME = "applicant.name"
    ID_NUMBER = "applicant.id_number"
    MOBILE = "applicant.mobile"
    EMAIL = "applicant.email"


@dataclass(frozen=True)
class Field:
    """One question."""

    name: str
    kind: FieldKind
    label: Text
    hint: Text | None = None
    required: bool = True
    options: tuple[Option, ...] = ()
    show_if: Condition | None = None
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    past_only: bool = False      # DATE: not after today
    future_only: bool = False    # DATE: not before today
    prefill: Prefill | None = None  # from the account, read-only
    width: str = "full"          # "full", "20" (about 20 characters), "10"
    # How officers read the question (case page, case summary), where ``label`` speaks to the
    # applicant ("您是" / "You are the"); None: ``label`` reads well for both.
    staff_label: Text | None = None

    def label_for(self, *, staff: bool) -> Text:
        """The label the applicant reads, or the one officers read."""
        return (self.staff_label or self.label) if staff else self.label


@dataclass(frozen=True)
class CrossCheckProblem:
    """A problem found by a cross-field check: field name and message."""

    field: str
    message: Text


CrossCheck = Callable[[Answers, date], list[CrossCheckProblem]]  # (answers, today)


@dataclass(frozen=True)
class Step:
    """One page of the wizard: a few related questions."""

    name: str
    title: Text
    fields: tuple[Field, ...]
    intro: Text | None = None
    show_if: Condition | None = None
    checks: tuple[CrossCheck, ...] = ()  # run after the fields' own checks pass
    offers_form: bool = False  # the page links to the matter's blank application form (PDF)


class MaterialForm(StrEnum):
    """How a material is provided."""

    ORIGINAL = "original"  # 原件 (shown, returned)
    COPY = "copy"          # 复印件
    BOTH = "both"          # 原件及复印件


@dataclass(frozen=True)
class Material:
    """A required document (申请材料)."""

    code: str
    name: Text
    form: MaterialForm = MaterialForm.COPY
    copies: int = 1
    required: bool = True
    condition: Text | None = None      # for the guide: when a conditional material is needed
    show_if: Condition | None = None   # when it is needed, as a rule on the answers
    source: Text | None = None         # who issues it (出具单位)
    upload: bool = True                # an electronic copy is uploaded with the application


class MatterKind(StrEnum):
    """The kinds of matters the services have."""

    APPLY = "apply"          # 申请 / 办理
    CANCEL = "cancel"        # 注销
    REPLACE = "replace"      # 换领
    REISSUE = "reissue"      # 补办
    CHANGE = "change"        # 变更
    VERIFY = "verify"        # 校验


class Level(StrEnum):
    """Office levels (same values as :class:`convenience_center.domain.roles.OfficeLevel`)."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"


@dataclass(frozen=True)
class Samples:
    """Answer sets for the tests: ``valid`` passes every step; each entry of ``invalid``
    changes the valid set and names the field that must then be refused."""

    valid: Mapping[str, Any]
    invalid: tuple[tuple[Mapping[str, Any], str], ...]


@dataclass(frozen=True)
class Matter:
    """One thing to apply for within a service (apply, cancel, ...)."""

    code: str
    kind: MatterKind
    name: Text
    summary: Text
    steps: tuple[Step, ...]
    materials: tuple[Material, ...]
    statutory_days: int          # 法定办结时限 (working days)
    promised_days: int           # 承诺办结时限 (working days)
    handling_level: Level        # who decides
    receiving_level: Level       # where the application is filed (and the office chosen)
    eligibility: tuple[Text, ...] = ()
    process: tuple[Text, ...] = ()
    # The answer that names the certificate this matter cancels, replaces, reissues, renews or
    # changes (None: the matter issues a new one). Issuing ends the certificate it names.
    certificate_field: str | None = None
    samples: Samples | None = None
    # The case workflow (a domain.workflow.Workflow); None: the standard one built from the
    # receiving and handling levels (see domain.workflow.standard_workflow).
    workflow: object | None = None
    certificate_years: int | None = None  # validity of the certificate issued (None: no end)


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
