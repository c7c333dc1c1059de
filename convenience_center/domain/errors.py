"""Validation errors as data: a field name and a message code from the catalogue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar


@dataclass(frozen=True)
class FieldError:
    """One problem with one field. ``code`` is a message key, e.g. ``id_number.check_digit``."""

    field: str
    code: str


class ValidationFailed(Exception):
    """Raised when input is refused; carries every problem found, in form order."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(", ".join(f"{e.field}:{e.code}" for e in errors))
        self.errors = errors

    @classmethod
    def single(cls, field: str, code: str) -> ValidationFailed:
        """A failure with one error."""
        return cls([FieldError(field, code)])

    def as_dict(self) -> dict[str, str]:
        """``{field: code}``, keeping the first error of each field."""
        result: dict[str, str] = {}
        for error in self.errors:
            result.setdefault(error.field, error.code)
        return result


class InvalidValue(ValueError):
    """Raised by a single-value validator; ``code`` is the message key."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


T = TypeVar("T")


def collect(errors: list[FieldError], field: str, check: Callable[[str], T], raw: str) -> T | None:
    """``check(raw)``, or ``None`` with the refusal added to ``errors`` as ``field``'s: a form
    is checked whole, so that every problem is shown at once."""
    try:
        return check(raw)
    except InvalidValue as exc:
        errors.append(FieldError(field, exc.code))
        return None


# -- the vocabulary of refusals: every service says "no" with one of these --------------------


class NotFound(Exception):
    """No such thing for this caller: one that exists but is someone else's looks the same."""


class NotAllowed(Exception):
    """The caller may not do this. Logged to the audit log by whoever raises it."""


class Conflict(Exception):
    """The record changed since the caller read it (someone else acted first); ``code`` is
    the message to show."""

    def __init__(self, subject: str = "", *, code: str = "case.changed") -> None:
        super().__init__(subject or code)
        self.code = code


class Refused(Exception):
    """Understood, but not done like this: ``code`` is the message key, ``params`` fill it,
    ``field`` is the form field it is about ("" for the whole request)."""

    def __init__(self, code: str, *, field: str = "", **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params
