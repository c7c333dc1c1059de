"""Mobile phone numbers (``phonenumbers``, region CN) and e-mail addresses (``email-validator``)."""

from __future__ import annotations

import unicodedata

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from phonenumbers import NumberParseException, PhoneNumberType

from convenience_center.domain.errors import InvalidValue

_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}

# The platform's telephone lines, written once for the footer, the guides and the receipts.
# Short numbers, dialled as they are from anywhere in the province (with an area code in
# front, 0371-12320, a caller reaches Zhengzhou's line only).
SERVICE_HOTLINE = "12320"  # health and family planning hotline (卫生健康服务热线)
COMPLAINT_HOTLINE = "12345"  # government service hotline (政务服务便民热线)
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


def display_phone(number: str | None) -> str:
    """A phone number as every page and document shows it: the national format of
    ``phonenumbers`` (mobiles ``138 0013 8000``, landlines ``0371 6234 5678``), from E.164
    (``+8613800138000``, as accounts keep it) or as typed (``13800138000``, ``0371-62345678``,
    as answers keep it). Anything that is no valid Chinese number is shown as it is."""
    text = unicodedata.normalize("NFKC", number or "").strip()
    if not text:
        return ""
    try:
        parsed = phonenumbers.parse(text, "CN")
    except NumberParseException:
        return text
    if not phonenumbers.is_valid_number(parsed) or \
            phonenumbers.region_code_for_number(parsed) != "CN":
        return text
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone_uri(number: str | None) -> str:
    """A ``tel:`` link to the number (E.164), or ``""`` if it is no valid number."""
    try:
        parsed = phonenumbers.parse(unicodedata.normalize("NFKC", number or ""), "CN")
    except NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(parsed):
        return ""
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(number: str | None) -> str:
    """A phone number with its middle hidden, grouped as ``display_phone`` groups it:
    ``138 **** 8000``, ``0371 **** 5678`` (``""`` for no number)."""
    shown = display_phone(number)
    groups = shown.split(" ")
    if len(groups) >= 3:
        return " ".join([groups[0], *("*" * len(g) for g in groups[1:-1]), groups[-1]])
    if len(shown) > 7:
        return shown[:3] + "*" * (len(shown) - 7) + shown[-4:]
    return "*" * len(shown)


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
