"""The Henan divisions behind the office hierarchy, and user names."""

from __future__ import annotations

import pytest

from convenience_center.domain.errors import InvalidValue
from convenience_center.domain.regions import henan_divisions, romanise
from convenience_center.domain.usernames import check_username, username_key


def test_henan_has_a_province_18_cities_and_its_counties():
    divisions = henan_divisions()
    by_level: dict[str, list] = {}
    for division in divisions:
        by_level.setdefault(division.level, []).append(division)
    assert [d.code for d in by_level["province"]] == ["410000"]
    assert len(by_level["city"]) == 18  # 17 prefecture-level cities and Jiyuan
    assert "419001" in {d.code for d in by_level["city"]}
    assert len(by_level["county"]) > 150
    codes = {d.code for d in divisions}
    for division in divisions:
        if division.parent_code:
            assert division.parent_code in codes
    assert all(not d.name_zh.endswith("市辖区") for d in divisions)


def test_english_names():
    names = {d.code: d.name_en for d in henan_divisions()}
    assert names["410100"] == "Zhengzhou City"
    assert names["410105"] == "Jinshui District"
    assert names["410104"] == "Guancheng Hui District"
    assert names["410783"] == "Changyuan City"
    assert names["411100"] == "Luohe City"
    assert romanise("经八路街道") == "Jingbalu Subdistrict"


@pytest.mark.parametrize("name", ["zhangsan", "Zhang_San", "li.si-1990", "ｗａｎｇｗｕ"])
def test_valid_user_names(name: str):
    assert check_username(name)


@pytest.mark.parametrize(("name", "code"), [
    ("", "username.required"),
    ("abc", "username.format"),
    ("1abc", "username.format"),
    ("张三丰", "username.format"),
    ("a" * 33, "username.format"),
    ("bad name", "username.format"),
    ("Admin", "username.reserved"),
])
def test_invalid_user_names(name: str, code: str):
    with pytest.raises(InvalidValue) as info:
        check_username(name)
    assert info.value.code == code


def test_user_names_compare_without_case():
    assert username_key("ZhangSan") == username_key("zhangsan")
