"""The password policy, and hashing of long and Chinese passwords."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convenience_center.domain.errors import InvalidValue
from convenience_center.domain.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    check_password,
    common_passwords,
)
from convenience_center.services.security import hash_password, hash_rounds, verify_password


def refused(password: str, **kwargs) -> str:
    with pytest.raises(InvalidValue) as info:
        check_password(password, **kwargs)
    return info.value.code


def test_length_limits():
    assert refused("") == "password.required"
    assert refused("a" * 3 + "b" * 3 + "c" * 3) == "password.too_short"  # 9 characters
    assert check_password("correct horse") == "correct horse"
    assert check_password("the quick brown fox jumps over the lazy dog again and again!!")
    assert check_password("long passphrase " * 64)[:4] == "long"  # 1,024 characters
    assert refused("y" * (MAX_LENGTH + 1)) == "password.too_long"


def test_no_composition_rules():
    assert check_password("horsebatterystaple")  # only lower-case letters
    assert check_password("2718281828459045")  # only digits, not common


def test_the_bundled_list_has_at_least_ten_thousand_common_passwords():
    assert len(common_passwords()) >= 10_000


@pytest.mark.parametrize("password", [
    "password123", "1234567890", "qwertyuiop", "woaini1314", "iloveyou123",
    "aaaaaaaaaaaa", "abcdefghijk", "PASSWORD123",
])
def test_common_and_trivial_passwords_are_refused(password: str):
    assert refused(password) == "password.common"


def test_passwords_equal_to_the_users_own_data_are_refused():
    personal = ["zhangsan2026", "zhang.san@example.com", "+8613800138000",
                "410105199005120023", "张三"]
    for value in ("zhangsan2026", "ZhangSan2026", "zhang.san@example.com",
                  "zhang.san", "13800138000", "410105199005120023"):
        if len(value) >= MIN_LENGTH:
            assert refused(value, personal=personal) == "password.personal"
    assert check_password("a different sentence", personal=personal)


def test_chinese_passwords_of_any_length_are_accepted():
    assert check_password("我爱河南的黄河与嵩山") == "我爱河南的黄河与嵩山"  # 10 characters
    assert len(check_password("春眠不觉晓，处处闻啼鸟。" * 80)) == 960


@pytest.mark.parametrize("password", [
    "a" * 70 + "bc",          # 72 bytes
    "a" * 71 + "bc",          # 73 bytes
    "密码" * 12,               # 24 Chinese characters = 72 UTF-8 bytes
    "密码" * 12 + "!",         # 73 bytes
    "长" * 300,               # 900 bytes
])
def test_hashing_works_beyond_bcrypts_72_byte_limit(password: str):
    stored = hash_password(password, rounds=4)
    assert verify_password(password, stored)
    assert not verify_password(password[:-1], stored)
    assert not verify_password(password + "x", stored)


def test_two_passwords_sharing_the_first_72_bytes_differ():
    first, second = "密码" * 12 + "甲", "密码" * 12 + "乙"
    assert not verify_password(second, hash_password(first, rounds=4))


def test_full_width_and_half_width_forms_are_the_same_password():
    stored = hash_password("ｐａｓｓｗｏｒｄ　ｔｅｓｔ", rounds=4)
    assert verify_password("password test", stored)


def test_production_cost_is_12(monkeypatch: pytest.MonkeyPatch):
    from convenience_center import settings as settings_module

    monkeypatch.delenv("CC_BCRYPT_ROUNDS")
    settings_module.get_settings.cache_clear()
    try:
        assert settings_module.get_settings().bcrypt_rounds == 12
        assert hash_rounds(hash_password("the production cost")) == 12
    finally:
        monkeypatch.setenv("CC_BCRYPT_ROUNDS", "4")
        settings_module.get_settings.cache_clear()


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_any_accepted_password_round_trips(raw: str):
    try:
        password = check_password(raw)
    except InvalidValue as exc:
        assert exc.code.startswith("password.")
        return
    assert verify_password(raw, hash_password(password, rounds=4))


@pytest.mark.parametrize("password", [
    "1234567890abc",      # issue 12, item 16: a sequence with a common tail
    "abcdefghijk1", "iloveyou2026", "qazwsxedc2026", "19900512abcd",
])
def test_guessable_variations_of_common_passwords_are_refused(password: str):
    assert refused(password) == "password.guessable"


def test_the_users_own_data_with_a_few_characters_added_is_guessable():
    assert refused("zhangsan2026!", personal=["zhangsan2026"]) == "password.guessable"
    assert check_password("zhangsan2026!")  # for anyone else it is not their own data


def test_passwords_longer_than_zxcvbn_takes_are_judged_by_their_start():
    assert check_password("我爱河南的黄河与嵩山" * 20)  # 200 characters, no error from zxcvbn
    assert check_password("the quick brown fox " * 50)
