"""Password hashing, random tokens, keyed fingerprints and encryption of sensitive data.

Passwords: NFKC, then HMAC-free SHA-256 pre-hash (base64) so that bcrypt 5 never sees more
than 72 bytes, then bcrypt (cost 12 in production) -- the scheme of Django's BCryptSHA256.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

import bcrypt
from cryptography.fernet import Fernet, InvalidToken

from convenience_center.domain.passwords import normalise_password
from convenience_center.settings import get_settings

_SCHEME = "bcrypt_sha256$"


def _prehash(password: str) -> bytes:
    digest = hashlib.sha256(normalise_password(password).encode("utf-8")).digest()
    return base64.b64encode(digest)  # 44 bytes: always under bcrypt's 72-byte limit


def hash_password(password: str, *, rounds: int | None = None) -> str:
    """Hash a password (CPU-bound for ~250 ms at cost 12: call it off the event loop)."""
    cost = rounds if rounds is not None else get_settings().bcrypt_rounds
    hashed = bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds=cost))
    return _SCHEME + hashed.decode("ascii")


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of a password against a stored hash."""
    if not stored.startswith(_SCHEME):
        return False
    return bcrypt.checkpw(_prehash(password), stored.removeprefix(_SCHEME).encode("ascii"))


@functools.cache
def _dummy_hash(rounds: int) -> str:
    return hash_password(secrets.token_urlsafe(16), rounds=rounds)


def burn_password_check(password: str) -> None:
    """Spend the time of a real check, so unknown users answer as slowly as known ones."""
    verify_password(password, _dummy_hash(get_settings().bcrypt_rounds))


def hash_rounds(stored: str) -> int:
    """The bcrypt cost a stored hash was made with."""
    return int(stored.removeprefix(_SCHEME).split("$")[2])


def new_token() -> str:
    """A random token for sessions, reset links and handoffs (256 bits)."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """How tokens are stored: SHA-256 hex (they are random, so no salt or stretching)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _derived_key(purpose: str) -> bytes:
    return hmac.new(get_settings().secret_key, purpose.encode("utf-8"), hashlib.sha256).digest()


def fingerprint(value: str, *, purpose: str = "id-number") -> str:
    """A keyed fingerprint (HMAC-SHA256) to compare sensitive values without storing them."""
    return hmac.new(_derived_key(f"fingerprint:{purpose}"), value.encode("utf-8"),
                    hashlib.sha256).hexdigest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derived_key("encryption:v1")))


def encrypt(value: str) -> str:
    """Encrypt a sensitive value for storage (AES-128-CBC + HMAC, Fernet)."""
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a value stored with :func:`encrypt`."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:  # wrong key: configuration error, never user input
        raise RuntimeError("cannot decrypt: CC_SECRET_KEY differs from the one used") from exc
