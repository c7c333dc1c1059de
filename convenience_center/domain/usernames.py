"""User names: the unique login name the platform gives each user."""

from __future__ import annotations

import re
import unicodedata

from convenience_center.domain.errors import InvalidValue

_PATTERN = re.compile(r"^[a-z][a-z0-9_.-]{3,31}$")
RESERVED = frozenset({
    "admin", "administrator", "root", "system", "support", "staff", "service", "official",
    "henan", "gov", "webmaster", "postmaster", "noreply", "security", "null", "anonymous",
})


def normalise_username(raw: str) -> str:
    """Trim and NFKC the input (full-width letters become ASCII)."""
    return unicodedata.normalize("NFKC", raw or "").strip()


def username_key(username: str) -> str:
    """How user names are compared: case-insensitively."""
    return normalise_username(username).casefold()


def check_username(raw: str) -> str:
    """4-32 characters: letters, digits, ``_ . -``, starting with a letter."""
    name = normalise_username(raw)
    if not name:
        raise InvalidValue("username.required")
    if not _PATTERN.fullmatch(name.casefold()):
        raise InvalidValue("username.format")
    if name.casefold() in RESERVED:
        raise InvalidValue("username.reserved")
    return name
