"""Resident ID numbers (GB 11643-1999) and real names.

``stdnum.cn.ric.validate`` also demands that the region code existed in the birth year, which
refuses real people (numbers were issued from 1984 with codes of that time). Here a number is
valid when its format and ISO 7064 MOD 11-2 check digit are right, its birth date is a real
date in the past, and its region code existed at any time.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from stdnum import numdb
from stdnum.cn import ric

from convenience_center.domain.errors import InvalidValue

_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
_EARLIEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True)
class ResidentId:
    """A checked resident ID number and what it tells."""

    number: str
    region_code: str
    birth_date: date
    sex: str  # "M" or "F"

    @property
    def masked(self) -> str:
        """The number as shown after registration: ``4101**********1234``."""
        return mask_id_number(self.number)


def normalise_id_number(raw: str) -> str:
    """Remove spaces and make the check character upper case (full-width input too)."""
    text = unicodedata.normalize("NFKC", raw or "")
    return re.sub(r"\s+", "", text).upper()


@functools.lru_cache(maxsize=8192)
def region_ever_existed(code: str) -> bool:
    """Whether a 6-digit GB/T 2260 county-level code existed at any time (remembered per
    code: every ID number checked asks, and the lookup in stdnum's table is the slow part)."""
    if not re.fullmatch(r"\d{6}", code) or code.endswith("0000"):
        return False
    parts = numdb.get("cn/loc").info(code)
    return len(parts) >= 2 and "county" in parts[-1][1] and len(parts[-1][0]) == 4


def parse_id_number(raw: str, *, today: date) -> ResidentId:
    """Check a resident ID number; raise :class:`InvalidValue` with a message code. ``today``
    is the date in China (a birth date after it is refused)."""
    number = normalise_id_number(raw)
    if not number:
        raise InvalidValue("id_number.required")
    if not _ID_PATTERN.fullmatch(number):
        raise InvalidValue("id_number.format")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidValue("id_number.birth_date") from None
    if birth > today or birth < _EARLIEST_BIRTH:
        raise InvalidValue("id_number.birth_date")
    if ric.calc_check_digit(number) != number[-1]:
        raise InvalidValue("id_number.check_digit")
    if not region_ever_existed(number[:6]):
        raise InvalidValue("id_number.region")
    return ResidentId(
        number=number,
        region_code=number[:6],
        birth_date=birth,
        sex="M" if int(number[16]) % 2 else "F",
    )


def mask_id_number(number: str) -> str:
    """Keep the first four and last four characters: ``4101**********1234``."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


_NAME_PUNCTUATION = set("·•・. '-")


def normalise_real_name(raw: str) -> str:
    """NFKC, trimmed, inner runs of spaces collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw or "")).strip()


def check_real_name(raw: str) -> str:
    """A real name as on the ID card: 2-50 letters (any script), with ``·`` for minority names."""
    name = normalise_real_name(raw)
    if not name:
        raise InvalidValue("real_name.required")
    if len(name) < 2 or len(name) > 50:
        raise InvalidValue("real_name.length")
    for char in name:
        if char in _NAME_PUNCTUATION:
            continue
        if not unicodedata.category(char).startswith("L"):
            raise InvalidValue("real_name.characters")
    if name[0] in _NAME_PUNCTUATION or name[-1] in _NAME_PUNCTUATION:
        raise InvalidValue("real_name.characters")
    return name


def mask_name(name: str) -> str:
    """A name as shown to the public: ``张*`` / ``王*明`` / ``J*** S***``."""
    if not name:
        return ""
    if " " in name:
        return " ".join(part[0] + "*" * (len(part) - 1) for part in name.split(" ") if part)
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
