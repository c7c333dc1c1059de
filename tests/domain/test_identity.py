"""Resident ID numbers (GB 11643) and real names."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from convenience_center.domain.errors import InvalidValue
from convenience_center.domain.identity import (
    check_real_name,
    mask_id_number,
    mask_name,
    parse_id_number,
)

TODAY = date(2026, 11, 26)


def with_check_digit(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


def code(raw: str) -> str:
    with pytest.raises(InvalidValue) as info:
        parse_id_number(raw, today=TODAY)
    return info.value.code


def test_a_valid_number_tells_region_birth_date_and_sex():
    rid = parse_id_number("410105199005120023", today=TODAY)
    assert rid.region_code == "410105"
    assert rid.birth_date == date(1990, 5, 12)
    assert rid.sex == "F"
    assert rid.masked == "4101**********0023"


def test_lower_case_x_spaces_and_full_width_digits_are_normalised():
    number = with_check_digit("11010519491231002")
    assert number.endswith("X")
    assert parse_id_number(" " + number.lower()[:6] + " " + number.lower()[6:], today=TODAY)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number)
    assert parse_id_number(full_width, today=TODAY).number == number


def test_region_codes_that_existed_before_the_birth_year_are_accepted():
    # 410105 was created in 1983; people born earlier hold such numbers (issued from 1984).
    number = with_check_digit("41010519750101001")
    assert parse_id_number(number, today=TODAY).birth_date.year == 1975


def test_region_codes_that_no_longer_exist_are_accepted():
    number = with_check_digit("41010719850101001")  # 新密区 1983-1987
    assert parse_id_number(number, today=TODAY).region_code == "410107"


@pytest.mark.parametrize(("raw", "expected"), [
    ("", "id_number.required"),
    ("   ", "id_number.required"),
    ("41010519900512002", "id_number.format"),
    ("4101051990051200234", "id_number.format"),
    ("41010519900512002A", "id_number.format"),
    ("410105199013120023", "id_number.birth_date"),  # month 13
    ("410105199002300023", "id_number.birth_date"),  # 30 February
    ("410105203001010023", "id_number.birth_date"),  # in the future
    ("410105189901010023", "id_number.birth_date"),  # before 1900
    ("410105199005120024", "id_number.check_digit"),
    ("999999199005120023", "id_number.check_digit"),
])
def test_invalid_numbers_are_refused_with_a_specific_message(raw: str, expected: str):
    assert code(raw) == expected


def test_unknown_region_codes_are_refused():
    assert code(with_check_digit("41999919900512002")) == "id_number.region"
    assert code(with_check_digit("41000019900512002")) == "id_number.region"


@given(
    region=st.sampled_from(["410105", "410102", "419001", "110105", "440305", "410822"]),
    birth=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    sequence=st.integers(min_value=0, max_value=999),
)
def test_every_well_formed_number_is_accepted(region: str, birth: date, sequence: int):
    number = with_check_digit(f"{region}{birth:%Y%m%d}{sequence:03d}")
    rid = parse_id_number(number, today=TODAY)
    assert rid.birth_date == birth
    assert rid.sex == ("M" if sequence % 2 else "F")
    assert rid.masked.startswith(region[:4]) and rid.masked.endswith(number[-4:])


@given(st.text(max_size=40))
def test_arbitrary_text_is_either_valid_or_refused_with_a_code(raw: str):
    try:
        rid = parse_id_number(raw, today=TODAY)
    except InvalidValue as exc:
        assert exc.code.startswith("id_number.")
    else:
        assert len(rid.number) == 18


@given(
    region=st.sampled_from(["410105", "410102"]),
    birth=st.dates(min_value=date(1950, 1, 1), max_value=date(2020, 1, 1)),
    sequence=st.integers(min_value=0, max_value=999),
    position=st.integers(min_value=0, max_value=16),
    delta=st.integers(min_value=1, max_value=9),
)
def test_a_single_wrong_digit_is_caught(region, birth, sequence, position, delta):
    number = with_check_digit(f"{region}{birth:%Y%m%d}{sequence:03d}")
    digits = list(number)
    digits[position] = str((int(digits[position]) + delta) % 10)
    with pytest.raises(InvalidValue):
        parse_id_number("".join(digits), today=TODAY)


def test_masking_keeps_four_characters_at_each_end():
    assert mask_id_number("410105199005120023") == "4101**********0023"
    assert mask_id_number("1234") == "****"


@pytest.mark.parametrize("name", ["张三", "欧阳娜娜", "买买提·艾力", "Zhang San", "O'Neil Smith"])
def test_real_names_are_accepted(name: str):
    assert check_real_name(f"  {name} ") == name


@pytest.mark.parametrize(("name", "expected"), [
    ("", "real_name.required"),
    ("张", "real_name.length"),
    ("张" * 51, "real_name.length"),
    ("张三3", "real_name.characters"),
    ("<script>", "real_name.characters"),
    ("·张三", "real_name.characters"),
])
def test_bad_names_are_refused(name: str, expected: str):
    with pytest.raises(InvalidValue) as info:
        check_real_name(name)
    assert info.value.code == expected


def test_names_are_masked_for_the_public():
    assert mask_name("张三") == "张*"
    assert mask_name("王小明") == "王*明"
    assert mask_name("Zhang San") == "Z**** S**"
