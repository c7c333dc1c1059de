"""The password policy (NIST SP 800-63B as summarised in the security checklist).

At least 10 characters, up to 1,024 accepted, no composition rules, no truncation; common
passwords and passwords equal to the user's own data are refused. Length is counted in
characters after NFKC normalisation, so Chinese passwords work at any length.
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from collections.abc import Iterable

from convenience_center.domain.errors import InvalidValue

MIN_LENGTH = 10
MAX_LENGTH = 1024

# Passwords common among Chinese users that an English-centred list misses.
_CHINESE_COMMON = (
    "woaini1314", "woaini520", "5201314520", "1314520520", "woaiwojia", "qq123456789",
    "wangyang123", "zhang123456", "a123456789", "123456789a", "aa123456789", "1qaz2wsx3edc",
    "qwertyuiop", "1q2w3e4r5t", "abc123456789", "147258369a", "1234567890", "0123456789",
    "9876543210", "1234567890a", "a1234567890", "woaini123456", "iloveyou1314", "admin12345",
    "administrator", "password123", "p@ssw0rd123", "88888888888", "66666666666", "00000000000",
    "11111111111", "1234567891", "12345678910", "123123123123", "abcdefghij", "qazwsxedcrfv",
    "zxcvbnm123", "asdfghjkl1", "wodemima123", "mima123456", "henan123456", "zhengzhou123",
)


@functools.cache
def common_passwords() -> frozenset[str]:
    """The bundled list of common passwords (zxcvbn's 30,000 plus Chinese favourites)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.casefold() for p in (*FREQUENCY_LISTS["passwords"], *_CHINESE_COMMON))


def normalise_password(raw: str) -> str:
    """NFKC, so that the same password typed on different keyboards is the same."""
    return unicodedata.normalize("NFKC", raw or "")


def _is_trivial(password: str) -> bool:
    """One character repeated, or a run of consecutive characters (``abcdefghij``)."""
    if len(set(password)) <= 2:
        return True
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(password)}
    return steps in ({1}, {-1})


def check_password(raw: str, *, personal: Iterable[str | None] = ()) -> str:
    """Return the normalised password or raise :class:`InvalidValue` with a message code.

    ``personal`` holds the user's own data (username, e-mail, phone, ID number, name) that a
    password must not equal.
    """
    if not raw:
        raise InvalidValue("password.required")
    password = normalise_password(raw)
    if len(password) > MAX_LENGTH:
        raise InvalidValue("password.too_long")
    if len(password) < MIN_LENGTH:
        raise InvalidValue("password.too_short")
    folded = password.casefold()
    if folded in common_passwords() or _is_trivial(folded):
        raise InvalidValue("password.common")
    for value in personal:
        if not value:
            continue
        candidates = {value.casefold(), value.casefold().removeprefix("+86")}
        if "@" in value:
            candidates.add(value.split("@", 1)[0].casefold())
        if folded in candidates or folded.strip() in candidates:
            raise InvalidValue("password.personal")
    return password
