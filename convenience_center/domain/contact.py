"""Mobile phone numbers (``phonenumbers``, region CN) and e-mail addresses (``email-validator``)."""

from __future__ import annotations

import unicodedata

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from phonenumbers import NumberParseException, PhoneNumberType

from convenience_center.domain.errors import InvalidValue

_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
MAX_EMAIL_LENGTH = 254


def normalise_mobile(raw: str) -> str:
    """A mainland China mobile number in E.164 form (``+8613800138000``)."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        raise InvalidValue("phone.required")
    if len(text) > 30:
        raise InvalidValue("phone.invalid")
    try:
        number = phonenumbers.parse(text, "CN")
    except NumberParseException:
        raise InvalidValue("phone.invalid") from None
    if phonenumbers.region_code_for_number(number) != "CN":
        raise InvalidValue("phone.not_cn")
    if not phonenumbers.is_valid_number(number):
        raise InvalidValue("phone.invalid")
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise InvalidValue("phone.not_mobile")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_mobile(e164: str | None) -> str:
    """``+8613800138000`` → ``138 0013 8000``."""
    if not e164:
        return ""
    digits = e164.removeprefix("+86")
    if len(digits) == 11:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return e164


def mask_mobile(e164: str | None) -> str:
    """``+8613800138000`` → ``138****8000``."""
    digits = (e164 or "").removeprefix("+86")
    if len(digits) != 11:
        return ""
    return f"{digits[:3]}****{digits[7:]}"


def normalise_email(raw: str) -> str:
    """A syntactically valid address, normalised (no DNS lookups)."""
    text = (raw or "").strip()
    if not text:
        raise InvalidValue("email.required")
    if len(text) > MAX_EMAIL_LENGTH:
        raise InvalidValue("email.invalid")
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise InvalidValue("email.invalid") from None
    if len(result.normalized) > MAX_EMAIL_LENGTH:
        raise InvalidValue("email.invalid")
    return result.normalized


def email_key(normalised: str) -> str:
    """The form in which addresses are compared for uniqueness."""
    return normalised.casefold()


def mask_email(address: str) -> str:
    """``zhang.san@example.com`` → ``z***@example.com``."""
    local, _, domain = address.partition("@")
    if not domain:
        return "***"
    return f"{local[:1]}***@{domain}"
