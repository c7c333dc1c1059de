"""Checking one submitted value of a wizard field, and the refusal when it does not pass.

Every field kind has its rule here (lengths, names, ID numbers, phone numbers, dates, whole
numbers, choices, unified social credit codes); the value comes back cleaned, as it is stored.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

import phonenumbers
from stdnum.cn import uscc

from convenience_center.domain.contact import normalise_email, normalise_mobile
from convenience_center.domain.errors import InvalidValue
from convenience_center.domain.identity import check_real_name, parse_id_number
from convenience_center.domain.services.base import Field, FieldKind, Text
from convenience_center.domain.text import without_invisible
from convenience_center.i18n import translate

DEFAULT_MAX_LENGTH = {FieldKind.TEXT: 100, FieldKind.TEXTAREA: 2000,
                      FieldKind.CERTIFICATE_NO: 40}
_CHOICE_KINDS = {FieldKind.SELECT, FieldKind.RADIO, FieldKind.YES_NO, FieldKind.CHECKBOXES,
                 FieldKind.DECLARATION}


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
        self.message = Text(*(translate(code, lang, **{
            name: value.get(lang) if isinstance(value, Text) else value
            for name, value in params.items()}) for lang in ("zh", "en")))
        super().__init__(self.message.en)
