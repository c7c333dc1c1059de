"""The password policy (NIST SP 800-63B as summarised in the security checklist).

At least 10 characters, up to 1,024 accepted, no composition rules, no truncation; common
passwords and passwords equal to the user's own data are refused. Length is counted in
characters after NFKC normalisation, so Chinese passwords work at any length.

A list catches only the passwords on it: ``1234567890abc`` (a keyboard sequence with a common
tail) is on none. zxcvbn's estimate catches such variations of what is on its lists
(sequences, repeats, keyboard walks, dates, l33t, the user's own data with a few characters
added): a password whose estimate is under 10^8 guesses (zxcvbn score below 3, "safely
unguessable" being 3) is refused. zxcvbn takes at most 72 characters (its matchers are slow
on long input), so a longer password is judged by its first 72: 72 characters are not
guessable unless their start is.
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from collections.abc import Iterable

from convenience_center.domain.errors import InvalidValue

MIN_LENGTH = 10
MAX_LENGTH = 1024
MIN_SCORE = 3  # zxcvbn: 3 = at least 10^8 guesses
ESTIMATE_PREFIX = 72  # zxcvbn refuses longer input (its own limit)

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
    own = [value for value in personal if value]
    for value in own:
        candidates = {value.casefold(), value.casefold().removeprefix("+86")}
        if "@" in value:
            candidates.add(value.split("@", 1)[0].casefold())
        if folded in candidates or folded.strip() in candidates:
            raise InvalidValue("password.personal")
    if guessability_score(password, own) < MIN_SCORE:
        raise InvalidValue("password.guessable")
    return password


def guessability_score(password: str, personal: Iterable[str] = ()) -> int:
    """zxcvbn's score (0-4) of ``password``, knowing the user's own data."""
    from zxcvbn import zxcvbn

    inputs = [value[:ESTIMATE_PREFIX] for value in personal if value]
    return int(zxcvbn(password[:ESTIMATE_PREFIX], user_inputs=inputs)["score"])
