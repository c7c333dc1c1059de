"""Finding personal data in text that is about to be published (the FAQ, notices).

What is looked for, and how:

- telephone numbers, mobile and landline: ``phonenumbers``' matcher (region CN, numbers that
  are valid), plus bare 11-digit mobile numbers glued to letters (``tel13912345678``), which
  the matcher leaves alone;
- resident ID numbers: 18 characters with a right GB 11643 check digit (``python-stdnum``) and
  a real birth date, written whole or in groups (single spaces or hyphens between digits); and
  the old 15-digit numbers whose region code existed and whose date is real;
- e-mail addresses: an address-shaped run that ``email-validator`` accepts;
- case numbers (``410105-20261126-0007``): with the applicant's ID number they open the case's
  tracking page;
- a known person's names (the asker's): with any spacing between the characters, Latin names
  in any case;
- a known person's addresses: every run of at least five characters that the text shares with
  one of them and that holds a house-level detail (a number, 号, 栋, 幢, 室). The division
  names an address starts with (河南省郑州市金水区) are public and so are never marked alone.

Full-width characters count as their ASCII forms (１３９… is a number). Each finding gives the
span in the text as it was written, so that a page can mark the place. Numbers an office
publishes on purpose (its hotline) can be allowed. Pure: no database, no Reflex.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberType
from stdnum.cn import ric

from convenience_center.domain.errors import FieldError, ValidationFailed
from convenience_center.domain.identity import region_ever_existed
from convenience_center.domain.services.base import Text


class PersonalDataKind(StrEnum):
    """What kind of personal data a finding is."""

    MOBILE = "mobile"
    LANDLINE = "landline"
    ID_NUMBER = "id_number"
    EMAIL = "email"
    CASE_NUMBER = "case_number"
    NAME = "name"
    ADDRESS = "address"


KIND_LABELS: dict[PersonalDataKind, Text] = {
    PersonalDataKind.MOBILE: Text("手机号码", "Mobile number"),
    PersonalDataKind.LANDLINE: Text("电话号码", "Telephone number"),
    PersonalDataKind.ID_NUMBER: Text("身份证号码", "ID number"),
    PersonalDataKind.EMAIL: Text("电子邮箱", "E-mail address"),
    PersonalDataKind.CASE_NUMBER: Text("办件编号", "Case number"),
    PersonalDataKind.NAME: Text("提问人姓名", "The asker's name"),
    PersonalDataKind.ADDRESS: Text("提问人地址", "The asker's address"),
}


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: ``text == source[start:end]``."""

    kind: PersonalDataKind
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Segment:
    """A piece of a text, marked with the kind of personal data it is (or ``None``)."""

    text: str
    kind: PersonalDataKind | None


@dataclass(frozen=True)
class KnownPerson:
    """What is known about the person a text may be about (the asker of a question)."""

    names: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()


NOBODY = KnownPerson()
MIN_ADDRESS_RUN = 5
_HOUSE_DETAIL = re.compile(r"[0-9号栋幢室]")
_MOBILE_TYPES = {PhoneNumberType.MOBILE}
_LANDLINE_TYPES = {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_BARE_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
_ID_18 = re.compile(r"(?<![0-9A-Za-z])[0-9](?:[ -]?[0-9]){16}[ -]?[0-9Xx](?![0-9A-Za-z])")
_ID_15 = re.compile(r"(?<![0-9A-Za-z])[0-9]{15}(?![0-9A-Za-z])")
_CASE_NUMBER = re.compile(r"(?<![0-9A-Za-z-])[0-9]{6}-[0-9]{8}-[0-9]{4,6}(?![0-9A-Za-z-])")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def fold(text: str) -> str:
    """``text`` with each character in its NFKC form where that is one character (full-width
    digits and letters become ASCII), so that positions stay those of ``text``."""
    return "".join(_fold_char(char) for char in text)


def _fold_char(char: str) -> str:
    if char.isascii():
        return char
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def find_personal_data(text: str, *, today: date, person: KnownPerson = NOBODY,
                       public_numbers: frozenset[str] = frozenset()) -> tuple[Finding, ...]:
    """The personal data in ``text``, in order, never overlapping (the longer wins).

    ``today`` is the date in China (an ID number is one only with a birth date by then);
    ``public_numbers`` are telephone numbers (E.164) that may be published, e.g. a hotline.
    """
    folded = fold(text or "")
    spans = [
        *_phones(folded, public_numbers),
        *_id_numbers(folded, today),
        *_emails(folded),
        *((PersonalDataKind.CASE_NUMBER, m.start(), m.end())
          for m in _CASE_NUMBER.finditer(folded)),
        *_names(folded, person.names),
        *_addresses(folded, person.addresses),
    ]
    spans.sort(key=lambda s: (s[1], -(s[2] - s[1])))
    findings: list[Finding] = []
    for kind, start, end in spans:
        if findings and start < findings[-1].end:
            continue
        findings.append(Finding(kind, start, end, text[start:end]))
    return tuple(findings)


Span = tuple[PersonalDataKind, int, int]


def _phones(folded: str, public_numbers: frozenset[str]) -> Iterator[Span]:
    for match in phonenumbers.PhoneNumberMatcher(folded, "CN", leniency=Leniency.VALID):
        number_type = phonenumbers.number_type(match.number)
        e164 = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
        if e164 in public_numbers:
            continue
        start, raw = match.start, match.raw_string
        if raw.startswith("(") and ")" not in raw:  # the bracket of "（13912345678）"
            start += len(raw) - len(raw.lstrip("(").lstrip())
        if number_type in _MOBILE_TYPES:
            yield PersonalDataKind.MOBILE, start, match.end
        elif number_type in _LANDLINE_TYPES:
            yield PersonalDataKind.LANDLINE, start, match.end
    for match in _BARE_MOBILE.finditer(folded):
        number = phonenumbers.parse(match.group(), "CN")
        if phonenumbers.is_valid_number(number) and \
                phonenumbers.number_type(number) in _MOBILE_TYPES and \
                "+86" + match.group() not in public_numbers:
            yield PersonalDataKind.MOBILE, match.start(), match.end()


def _real_date(digits: str, today: date) -> bool:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= today


def _id_numbers(folded: str, today: date) -> Iterator[Span]:
    for match in _ID_18.finditer(folded):
        number = re.sub(r"[ -]", "", match.group()).upper()
        if _real_date(number[6:14], today) and ric.calc_check_digit(number) == number[-1]:
            yield PersonalDataKind.ID_NUMBER, match.start(), match.end()
    for match in _ID_15.finditer(folded):
        number = match.group()
        if _real_date("19" + number[6:12], today) and region_ever_existed(number[:6]):
            yield PersonalDataKind.ID_NUMBER, match.start(), match.end()


def _emails(folded: str) -> Iterator[Span]:
    for match in _EMAIL.finditer(folded):
        candidate = match.group().rstrip(".-")
        try:
            validate_email(candidate, check_deliverability=False)
        except EmailNotValidError:
            continue
        yield PersonalDataKind.EMAIL, match.start(), match.start() + len(candidate)


def _name_pattern(name: str) -> re.Pattern[str] | None:
    words = fold(unicodedata.normalize("NFKC", name)).split()
    if not words or len("".join(words)) < 2:
        return None
    if all(word.isascii() for word in words):
        body = r"\s+".join(re.escape(word) for word in words)
        return re.compile(rf"(?<![A-Za-z]){body}(?![A-Za-z])", re.IGNORECASE)
    return re.compile(r"\s*".join(re.escape(char) for char in "".join(words)))


def _names(folded: str, names: Iterable[str]) -> Iterator[Span]:
    for name in names:
        pattern = _name_pattern(name or "")
        if pattern is not None:
            for match in pattern.finditer(folded):
                yield PersonalDataKind.NAME, match.start(), match.end()


def _squeeze(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, and the position in ``text`` of each kept character."""
    positions = [index for index, char in enumerate(text) if not char.isspace()]
    return "".join(text[index] for index in positions), positions


def _addresses(folded: str, addresses: Iterable[str]) -> Iterator[Span]:
    squeezed, positions = _squeeze(folded)
    size = MIN_ADDRESS_RUN
    for address in addresses:
        known, _ = _squeeze(fold(unicodedata.normalize("NFKC", address or "")))
        if len(known) < size:
            continue
        grams = {known[i:i + size] for i in range(len(known) - size + 1)}
        covered = [False] * len(squeezed)
        for i in range(len(squeezed) - size + 1):
            if squeezed[i:i + size] in grams:
                covered[i:i + size] = [True] * size
        for start, end in _runs(covered):
            if _HOUSE_DETAIL.search(squeezed[start:end]):
                yield PersonalDataKind.ADDRESS, positions[start], positions[end - 1] + 1


def _runs(flags: list[bool]) -> Iterator[tuple[int, int]]:
    start = None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            yield start, index
            start = None


def segments(text: str, findings: Iterable[Finding]) -> tuple[Segment, ...]:
    """``text`` cut into plain and marked pieces (joined, they give ``text`` back)."""
    pieces: list[Segment] = []
    at = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < at:
            continue
        if finding.start > at:
            pieces.append(Segment(text[at:finding.start], None))
        pieces.append(Segment(text[finding.start:finding.end], finding.kind))
        at = finding.end
    if at < len(text):
        pieces.append(Segment(text[at:], None))
    return tuple(pieces)


class PersonalDataFound(ValidationFailed):
    """Refused publication: personal data in one or more fields (the error of each field is
    ``personal_data.found``); ``findings`` and ``texts`` say where, to mark the places."""

    CODE = "personal_data.found"

    def __init__(self, findings: dict[str, tuple[Finding, ...]], texts: dict[str, str]) -> None:
        super().__init__([FieldError(field, self.CODE) for field in findings])
        self.findings = findings
        self.texts = texts


def refuse_personal_data(fields: dict[str, str], *, today: date, person: KnownPerson = NOBODY,
                         public_numbers: frozenset[str] = frozenset()) -> None:
    """Raise :class:`PersonalDataFound` if any of ``fields`` (name → text about to be
    published) holds personal data."""
    found = {name: findings for name, value in fields.items()
             if (findings := find_personal_data(value, today=today, person=person,
                                                public_numbers=public_numbers))}
    if found:
        raise PersonalDataFound(found, {name: fields[name] for name in found})
