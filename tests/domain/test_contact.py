"""Mobile numbers (phonenumbers) and e-mail addresses (email-validator)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convenience_center.domain.contact import (
    display_phone,
    email_key,
    mask_email,
    mask_phone,
    normalise_email,
    normalise_mobile,
)
from convenience_center.domain.errors import InvalidValue


@pytest.mark.parametrize("raw", [
    "13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "+8613800138000",
    "008613800138000", "１３８００１３８０００",
])
def test_mobile_numbers_are_normalised_to_e164(raw: str):
    assert normalise_mobile(raw) == "+8613800138000"


@pytest.mark.parametrize(("raw", "expected"), [
    ("", "phone.required"),
    ("12345", "phone.invalid"),
    ("abc", "phone.invalid"),
    ("1380013800", "phone.invalid"),
    ("+1 650 253 0000", "phone.not_cn"),
    ("0371-6558 8888", "phone.not_mobile"),
])
def test_bad_mobile_numbers_are_refused(raw: str, expected: str):
    with pytest.raises(InvalidValue) as info:
        normalise_mobile(raw)
    assert info.value.code == expected


@given(prefix=st.sampled_from(["130", "135", "138", "150", "186", "199", "177"]),
       rest=st.integers(min_value=0, max_value=99_999_999))
def test_mainland_mobile_ranges_are_accepted(prefix: str, rest: int):
    number = f"{prefix}{rest:08d}"
    assert normalise_mobile(number) == "+86" + number
    assert display_phone("+86" + number).replace(" ", "") == number
    assert mask_phone("+86" + number) == f"{number[:3]} **** {number[7:]}"


@given(st.text(max_size=40))
def test_arbitrary_phone_text_never_crashes(raw: str):
    try:
        assert normalise_mobile(raw).startswith("+86")
    except InvalidValue as exc:
        assert exc.code.startswith("phone.")


@pytest.mark.parametrize(("raw", "expected"), [
    ("zhang.san@example.com", "zhang.san@example.com"),
    ("  Zhang.San@Example.COM ", "Zhang.San@example.com"),
    ("用户@例子.中国", "用户@例子.中国"),
])
def test_email_addresses_are_normalised(raw: str, expected: str):
    assert normalise_email(raw) == expected


def test_email_comparison_ignores_case():
    assert email_key(normalise_email("A@B.CN")) == email_key(normalise_email("a@b.cn"))


@pytest.mark.parametrize(("raw", "expected"), [
    ("", "email.required"),
    ("no-at-sign", "email.invalid"),
    ("a@", "email.invalid"),
    ("a@b", "email.invalid"),
    ("a b@example.com", "email.invalid"),
    ("x" * 250 + "@example.com", "email.invalid"),
])
def test_bad_email_addresses_are_refused(raw: str, expected: str):
    with pytest.raises(InvalidValue) as info:
        normalise_email(raw)
    assert info.value.code == expected


@given(st.emails())
def test_generated_addresses_are_accepted_or_refused_cleanly(address: str):
    try:
        assert "@" in normalise_email(address)
    except InvalidValue as exc:
        assert exc.code == "email.invalid"


def test_email_masking():
    assert mask_email("zhang.san@example.com") == "z***@example.com"


@pytest.mark.parametrize(("stored", "shown"), [
    ("+8613800138000", "138 0013 8000"),   # an account's mobile (E.164)
    ("13800138000", "138 0013 8000"),      # a mobile in the answers
    ("138 0013 8000", "138 0013 8000"),
    ("0371-62345678", "0371 6234 5678"),   # a landline as typed
    ("037162345678", "0371 6234 5678"),
    ("12320", "12320"),                    # not a valid number: shown as it is
    ("", ""),
    (None, ""),
])
def test_one_format_for_every_phone_number(stored, shown):
    assert display_phone(stored) == shown


def test_masked_numbers_keep_the_grouping():
    assert mask_phone("+8613800138000") == "138 **** 8000"
    assert mask_phone("0371-62345678") == "0371 **** 5678"
    assert mask_phone("") == ""
