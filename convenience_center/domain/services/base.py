"""The vocabulary of service definitions: a matter and everything in it, as plain data.

A government service (独生子女证, 执业许可证, ...) has one or more *matters* (办理事项): apply,
cancel, replace, reissue, change, verify. Each matter is what a citizen applies for: it has its
own wizard (steps of fields), required materials, time limits and handling level. The service
guide (办事指南), the wizard, the blank PDF form and the validation all read these definitions;
no page, state or table knows a particular service.

Every text is bilingual (:class:`Text`). Field and step names are keys in the answers dict and
must be unique within a matter. The service around its matters (its group in the catalogue, the
guide's facts, the certificate it issues) is in :mod:`.definition`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

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
