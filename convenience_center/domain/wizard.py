"""The generic application wizard: which steps and fields apply, and checking answers.

Pure functions over a :class:`Matter` and an answers dict (field name → str or list of str).
Errors are bilingual :class:`Text`, keyed by field name. The web layer shows a step, sends the
submitted values to :func:`check_step`, stores the cleaned values, and at the end calls
:func:`check_all` again on everything (the browser can skip steps or send anything).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import phonenumbers
from stdnum.cn import uscc

from convenience_center.domain.contact import (
    display_phone,
    mask_phone,
    normalise_email,
    normalise_mobile,
)
from convenience_center.domain.errors import InvalidValue
from convenience_center.domain.identity import (
    check_real_name,
    mask_id_number,
    mask_name,
    parse_id_number,
)
from convenience_center.domain.services.base import (
    Field,
    FieldKind,
    Material,
    Matter,
    Prefill,
    Step,
    Text,
)
from convenience_center.domain.text import without_invisible
from convenience_center.i18n import translate

T = Text
DEFAULT_MAX_LENGTH = {FieldKind.TEXT: 100, FieldKind.TEXTAREA: 2000,
                      FieldKind.CERTIFICATE_NO: 40}
_CHOICE_KINDS = {FieldKind.SELECT, FieldKind.RADIO, FieldKind.YES_NO, FieldKind.CHECKBOXES,
                 FieldKind.DECLARATION}


def visible_steps(matter: Matter, answers: Mapping[str, Any]) -> list[Step]:
    """The steps that apply, given the answers so far."""
    return [step for step in matter.steps
            if step.show_if is None or step.show_if.holds(answers)]


def visible_fields(step: Step, answers: Mapping[str, Any]) -> list[Field]:
    """The fields of ``step`` that apply, given the answers so far."""
    return [f for f in step.fields if f.show_if is None or f.show_if.holds(answers)]


def needed_materials(matter: Matter, answers: Mapping[str, Any]) -> list[Material]:
    """The materials this application needs, given its answers."""
    return [m for m in matter.materials if m.show_if is None or m.show_if.holds(answers)]


def required_uploads(matter: Matter, answers: Mapping[str, Any]) -> list[Material]:
    """Materials of which an electronic copy must be uploaded before submitting."""
    return [m for m in needed_materials(matter, answers)
            if m.upload and (m.required or m.show_if is not None)]


@dataclass(frozen=True)
class Applicant:
    """What the account knows about the applicant (the source of prefilled fields)."""

    name: str
    id_number: str
    mobile: str
    email: str

    def value(self, prefill: Prefill) -> str:
        """The account's value for a prefilled field."""
        return {
            Prefill.NAME: self.name,
            Prefill.ID_NUMBER: self.id_number,
            Prefill.MOBILE: self.mobile.removeprefix("+86"),
            Prefill.EMAIL: self.email,
        }[prefill]


def prefilled(matter: Matter, applicant: Applicant) -> dict[str, str]:
    """The answers that come from the account."""
    return {f.name: applicant.value(f.prefill) for step in matter.steps for f in step.fields
            if f.prefill is not None}


# Free text is kept as people type it: Chinese punctuation (，。：“”), full-width digits in an
# address, a full-width space. Only invisible format characters (Unicode category Cf: zero-width
# spaces and joiners, direction overrides) are removed. Numbers, ID numbers, codes, dates and
# choices are normalised (NFKC) before they are checked: ``１３８`` is ``138``.
FREE_TEXT_KINDS = frozenset({FieldKind.TEXT, FieldKind.TEXTAREA})
_LINE_BREAKS = frozenset("\n\r\t")


def _text(raw: Any) -> str:
    """A submitted value as typed, without invisible characters, trimmed."""
    if raw is None:
        return ""
    if isinstance(raw, list | tuple):
        raw = raw[0] if raw else ""
    return without_invisible(str(raw)).strip()


def _without_controls(text: str) -> str:
    """Several lines of text without control characters other than line breaks and tabs."""
    return "".join(ch for ch in text
                   if ch in _LINE_BREAKS or unicodedata.category(ch) != "Cc")


def _required(field: Field) -> FieldProblem:
    code = "wizard.choose" if field.kind in _CHOICE_KINDS else "wizard.enter"
    if field.kind == FieldKind.DECLARATION:
        code = "wizard.confirm"
    # Whole sentences that quote the label as it is written: labels are questions ("Whose
    # child is this?"), phrases ("You are the") or names ("Marital status"), and no verb can
    # be glued in front of all of them.
    return FieldProblem(code, label=field.label)


def clean_value(field: Field, raw: Any, *, today: date) -> str | list[str]:
    """Check one value; return it cleaned (``""``/``[]`` when empty and optional).

    Raises :class:`FieldProblem` with a bilingual message.
    """
    if field.kind == FieldKind.CHECKBOXES:
        values = [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw]) if v]
        allowed = {o.value for o in field.options}
        if any(v not in allowed for v in values):
            raise FieldProblem("wizard.invalid_choice")
        if field.required and not values:
            raise _required(field)
        return [o.value for o in field.options if o.value in values]
    text = _text(raw)
    if field.kind not in FREE_TEXT_KINDS:
        text = unicodedata.normalize("NFKC", text).strip()
    elif field.kind == FieldKind.TEXTAREA:
        text = _without_controls(text).strip()
    if not text:
        if field.required:
            raise _required(field)
        return ""
    try:
        return _clean_text(field, text, today)
    except InvalidValue as exc:
        raise FieldProblem(exc.code) from None


def _clean_text(field: Field, text: str, today: date) -> str:
    kind = field.kind
    if kind in (FieldKind.TEXT, FieldKind.TEXTAREA, FieldKind.CERTIFICATE_NO):
        limit = field.max_length or DEFAULT_MAX_LENGTH[kind]
        if len(text) > limit:
            raise FieldProblem("wizard.too_long", limit=str(limit))
        if kind != FieldKind.TEXTAREA and any(ord(c) < 32 for c in text):
            raise FieldProblem("wizard.invalid_characters")
        return text
    if kind == FieldKind.NAME:
        return check_real_name(text)
    if kind == FieldKind.ID_NUMBER:
        return parse_id_number(text, today=today).number
    if kind == FieldKind.MOBILE:
        return normalise_mobile(text).removeprefix("+86")
    if kind == FieldKind.PHONE:
        return _clean_phone(text)
    if kind == FieldKind.EMAIL:
        return normalise_email(text)
    if kind == FieldKind.DATE:
        return _clean_date(field, text, today)
    if kind == FieldKind.INTEGER:
        return _clean_integer(field, text)
    if kind in (FieldKind.SELECT, FieldKind.RADIO):
        if text not in {o.value for o in field.options}:
            raise FieldProblem("wizard.invalid_choice")
        return text
    if kind == FieldKind.YES_NO:
        if text not in ("yes", "no"):
            raise FieldProblem("wizard.invalid_choice")
        return text
    if kind == FieldKind.DECLARATION:
        if text != "yes":
            raise _required(field)
        return text
    if kind == FieldKind.USCC:
        try:
            return uscc.validate(text)
        except Exception:  # stdnum raises several ValidationError subclasses
            raise FieldProblem("wizard.uscc_invalid") from None
    raise AssertionError(f"unknown field kind {kind}")


def _clean_phone(text: str) -> str:
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        raise FieldProblem("wizard.phone_invalid") from None
    if not phonenumbers.is_valid_number(number) or \
            phonenumbers.region_code_for_number(number) != "CN":
        raise FieldProblem("wizard.phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def _clean_date(field: Field, text: str, today: date) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise FieldProblem("wizard.date_format")
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise FieldProblem("wizard.date_format") from None
    if value.year < 1900 or value.year > 2100:
        raise FieldProblem("wizard.date_format")
    if field.past_only and value > today:
        raise FieldProblem("wizard.date_not_future")
    if field.future_only and value < today:
        raise FieldProblem("wizard.date_not_past")
    return value.isoformat()


def _clean_integer(field: Field, text: str) -> str:
    if not re.fullmatch(r"-?\d{1,9}", text):
        raise FieldProblem("wizard.whole_number")
    value = int(text)
    low = field.min_value if field.min_value is not None else -(10**9)
    high = field.max_value if field.max_value is not None else 10**9
    if not low <= value <= high:
        raise FieldProblem("wizard.number_range", low=str(low), high=str(high))
    return str(value)


class FieldProblem(Exception):
    """A value refused: the message's key and its params (a :class:`Text` param is said in
    each language in its own words), and the bilingual message to show next to the field."""

    def __init__(self, code: str, **params: str | Text) -> None:
        self.code, self.params = code, params
        self.message = T(*(translate(code, lang, **{
            name: value.get(lang) if isinstance(value, Text) else value
            for name, value in params.items()}) for lang in ("zh", "en")))
        super().__init__(self.message.en)


@dataclass(frozen=True)
class StepResult:
    """The cleaned values of a step and the problems found (field → message)."""

    values: dict[str, Any]
    errors: dict[str, Text]


def check_step(step: Step, submitted: Mapping[str, Any], *, answers: Mapping[str, Any],
               applicant: Applicant | None = None, today: date) -> StepResult:
    """Check the values submitted for ``step``.

    ``answers`` are the answers of the other steps (conditions and cross-checks may need them).
    Prefilled fields take the account's value whatever was submitted. Fields hidden by a
    condition are dropped. Cross-checks run only when every field passed its own check.
    ``today`` is the applicant's date (China's), which the caller knows and the domain does not.
    """
    merged = {**answers, **{k: v for k, v in submitted.items()}}
    values: dict[str, Any] = {}
    errors: dict[str, Text] = {}
    # Conditions are evaluated on the submitted values, so that a choice made on this very
    # page (e.g. "pregnant: yes") shows its dependent field.
    for field in visible_fields(step, merged):
        raw = (applicant.value(field.prefill) if applicant and field.prefill
               else submitted.get(field.name))
        try:
            values[field.name] = clean_value(field, raw, today=today)
        except FieldProblem as problem:
            errors[field.name] = problem.message
    if not errors:
        combined = {**answers, **values}
        for check in step.checks:
            for error in check(combined, today):
                errors.setdefault(error.field, error.message)
    return StepResult(values, errors)


def step_submission(step: Step, form: Mapping[str, list[str]]) -> dict[str, Any]:
    """A submitted form (name → the values sent) as the raw answers of ``step``: every field
    of the step, a list for checkboxes and the first value (or ``""``) for the others."""
    raw: dict[str, Any] = {}
    for field in step.fields:
        values = form.get(field.name) or []
        raw[field.name] = list(values) if field.kind == FieldKind.CHECKBOXES else \
            (values[0] if values else "")
    return raw


def step_answers(step: Step, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The stored answers that belong to ``step`` (for filling its form again)."""
    return {f.name: answers[f.name] for f in step.fields if f.name in answers}


def drop_hidden(matter: Matter, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers without those of steps and fields that no longer apply."""
    kept: dict[str, Any] = {}
    for step in visible_steps(matter, answers):
        for field in visible_fields(step, answers):
            if field.name in answers:
                kept[field.name] = answers[field.name]
    return kept


@dataclass(frozen=True)
class FullCheck:
    """The result of checking a whole application: the first step with problems, if any."""

    answers: dict[str, Any]
    errors: dict[str, dict[str, Text]]  # step name → field → message

    @property
    def ok(self) -> bool:
        """Whether every step passed."""
        return not self.errors

    @property
    def first_step_with_errors(self) -> str | None:
        """Where to send the applicant back to."""
        return next(iter(self.errors), None)


def check_all(matter: Matter, answers: Mapping[str, Any], *, applicant: Applicant | None = None,
              today: date) -> FullCheck:
    """Check every step that applies, in order, as if each were submitted again."""
    accepted: dict[str, Any] = {}
    errors: dict[str, dict[str, Text]] = {}
    for step in visible_steps(matter, answers):
        result = check_step(step, answers, answers={**answers, **accepted},
                            applicant=applicant, today=today)
        accepted.update(result.values)
        if result.errors:
            errors[step.name] = result.errors
    return FullCheck(drop_hidden(matter, accepted), errors)


def display_value(field: Field, value: Any, lang: str, *, mask_ids: bool = False,
                  staff: bool = False, mask_personal: bool = False) -> str:
    """How an answer reads on the check page, the receipt and the case page (``staff``: as
    officers read it). ID numbers from the account, and every ID number when ``mask_ids``,
    are shown masked; with ``mask_personal`` (a receipt, which travels on paper) names and
    phone numbers too, as the applicant's name is at its top. Phone numbers read as on every
    other page."""
    if value in (None, "", []):
        return "—"
    if field.kind == FieldKind.ID_NUMBER and (mask_ids or mask_personal or
                                              field.prefill is not None):
        return mask_id_number(str(value))
    if field.kind == FieldKind.NAME and mask_personal:
        return mask_name(str(value))
    if field.kind in (FieldKind.MOBILE, FieldKind.PHONE):
        shown = display_phone(str(value))
        return mask_phone(shown) if mask_personal else shown
    labels = {o.value: o.label_for(staff=staff).get(lang) for o in field.options}
    if field.kind == FieldKind.CHECKBOXES:
        return ("、" if lang != "en" else ", ").join(labels.get(v) or v for v in value)
    if field.kind in (FieldKind.SELECT, FieldKind.RADIO):
        return labels.get(value, str(value))
    if field.kind in (FieldKind.YES_NO, FieldKind.DECLARATION):
        return translate("common.yes" if value == "yes" else "common.no", lang)
    return str(value)


@dataclass(frozen=True)
class SummaryRow:
    """One answer on the check page."""

    step: str
    field: str
    label: str
    value: str
    changeable: bool


def summary(matter: Matter, answers: Mapping[str, Any], lang: str, *,
            mask_ids: bool = False, staff: bool = False,
            mask_personal: bool = False) -> list[SummaryRow]:
    """The answers of every step that applies, in order, readable (``staff``: in the words
    officers read, about the applicant rather than to them; masked as ``display_value``
    says)."""
    rows = []
    for step in visible_steps(matter, answers):
        for field in visible_fields(step, answers):
            if field.kind == FieldKind.DECLARATION:
                continue
            rows.append(SummaryRow(step.name, field.name,
                                   field.label_for(staff=staff).get(lang),
                                   display_value(field, answers.get(field.name), lang,
                                                 mask_ids=mask_ids, staff=staff,
                                                 mask_personal=mask_personal),
                                   field.prefill is None))
    return rows


# --- the path through the wizard ------------------------------------------------------------

OFFICE_STEP = "office"
DOCUMENTS_STEP = "documents"
CHECK_STEP = "check"


def flow(matter: Matter, answers: Mapping[str, Any]) -> list[str]:
    """Every page of the wizard in order: the definition's steps that apply, then the
    handling office, the documents (when any are to be uploaded) and the check page."""
    names = [step.name for step in visible_steps(matter, answers)]
    names.append(OFFICE_STEP)
    if required_uploads(matter, answers) or any(m.upload for m in
                                                needed_materials(matter, answers)):
        names.append(DOCUMENTS_STEP)
    names.append(CHECK_STEP)
    return names


def next_step(matter: Matter, answers: Mapping[str, Any], current: str) -> str:
    """The page after ``current`` (the check page is the last)."""
    pages = flow(matter, answers)
    if current not in pages:
        return pages[0]
    return pages[min(pages.index(current) + 1, len(pages) - 1)]


def previous_step(matter: Matter, answers: Mapping[str, Any], current: str) -> str | None:
    """The page before ``current``, or ``None`` on the first page."""
    pages = flow(matter, answers)
    if current not in pages or pages.index(current) == 0:
        return None
    return pages[pages.index(current) - 1]


def find_step(matter: Matter, name: str) -> Step | None:
    """The definition step called ``name``."""
    return next((step for step in matter.steps if step.name == name), None)


def step_of_field(matter: Matter, field_name: str) -> str:
    """The name of the step that asks ``field_name``."""
    return next(step.name for step in matter.steps
                if any(f.name == field_name for f in step.fields))
