"""Personal data in text about to be published: numbers, addresses, names, with their places."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from convenience_center.domain.personal_data import (
    KnownPerson,
    PersonalDataFound,
    PersonalDataKind,
    find_personal_data,
    fold,
    refuse_personal_data,
    segments,
)

K = PersonalDataKind
TODAY = date(2026, 12, 1)  # the caller gives the date in China
ASKER = KnownPerson(names=("李娜",), addresses=("河南省郑州市金水区纬五路12号院3号楼",))


def kinds(text: str, person: KnownPerson = ASKER) -> list[tuple[K, str]]:
    return [(f.kind, f.text) for f in find_personal_data(text, person=person, today=TODAY)]


@pytest.mark.parametrize(("text", "expected"), [
    ("我的电话是13912345678。", [(K.MOBILE, "13912345678")]),
    ("手机：139 1234 5678，或 +86 139-1234-5678", [(K.MOBILE, "139 1234 5678"),
                                                (K.MOBILE, "+86 139-1234-5678")]),
    ("tel13912345678", [(K.MOBILE, "13912345678")]),
    ("１３９１２３４５６７８", [(K.MOBILE, "１３９１２３４５６７８")]),
    ("家里电话 0371-65912345", [(K.LANDLINE, "0371-65912345")]),
    ("(0371)65912345", [(K.LANDLINE, "(0371)65912345")]),
    ("身份证410105199203150020", [(K.ID_NUMBER, "410105199203150020")]),
    ("410105-19920315-0020 与 4101 0519 9203 1500 20",
     [(K.ID_NUMBER, "410105-19920315-0020"), (K.ID_NUMBER, "4101 0519 9203 1500 20")]),
    ("旧证号410105920315002", [(K.ID_NUMBER, "410105920315002")]),
    ("邮箱 li.na@example.com。", [(K.EMAIL, "li.na@example.com")]),
    ("办件编号410105-20261126-0007", [(K.CASE_NUMBER, "410105-20261126-0007")]),
    ("我叫李 娜", [(K.NAME, "李 娜")]),
    ("住在纬五路 12号院3号楼附近", [(K.ADDRESS, "纬五路 12号院3号楼")]),
])
def test_personal_data_is_found_where_it_is(text: str, expected: list[tuple[K, str]]):
    assert kinds(text) == expected


@pytest.mark.parametrize("text", [
    "请携带身份证到户籍所在地乡镇（街道）计生办申请补办，当场办结。",
    "郑州市金水区纬五路街道办事处",  # division and street names alone are public
    "服务热线 12320，受理编号请见回执",
    "2027年2月5日至2月13日窗口暂停服务，网上办理照常。",
    "身份证号410105199203150021",  # a wrong check digit: not an ID number
    "统一社会信用代码 91410100MA44XXXX1X",
    "user at example dot com",
])
def test_ordinary_text_is_not_marked(text: str):
    assert find_personal_data(text, person=ASKER, today=TODAY) == ()


def test_a_hotline_the_office_publishes_may_stay():
    text = "咨询电话 0371-65912345"
    assert find_personal_data(text, public_numbers=frozenset({"+8637165912345"}), today=TODAY) == ()
    assert kinds(text) == [(K.LANDLINE, "0371-65912345")]


def test_a_latin_name_is_found_in_any_case_and_spacing():
    person = KnownPerson(names=("Zhang San",))
    assert kinds("Asked by ZHANG   san.", person) == [(K.NAME, "ZHANG   san")]
    assert kinds("Zhangsanfeng", person) == []


def test_refusal_names_the_fields_and_keeps_the_texts():
    with pytest.raises(PersonalDataFound) as refused:
        refuse_personal_data({"faq_question": "李娜问：怎么办？", "faq_answer": "请到窗口办理。"},
                             today=TODAY, person=ASKER)
    assert refused.value.as_dict() == {"faq_question": "personal_data.found"}
    assert refused.value.texts == {"faq_question": "李娜问：怎么办？"}
    assert [f.text for f in refused.value.findings["faq_question"]] == ["李娜"]
    refuse_personal_data({"faq_question": "怎么办？"}, today=TODAY,
                         person=ASKER)  # nothing to refuse


# -- properties ----------------------------------------------------------------------------

FILLER = st.text(alphabet=st.sampled_from("的一是在了有和人这中大为上个国我以要他时来用们生到作地"
                                          "，。、？！：（）《》 \n"), max_size=30)
SAFE_TEXT = st.text(alphabet=st.characters(
    blacklist_categories=("Nd", "No", "Nl", "Cs"), blacklist_characters="@＠﹫"), max_size=200)


@st.composite
def id_numbers(draw) -> str:  # type: ignore[no-untyped-def]
    region = draw(st.sampled_from(["410105", "410102", "410303", "411502", "110101"]))
    born = date(1930, 1, 1) + timedelta(days=draw(st.integers(0, 365 * 90)))
    first17 = f"{region}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


MOBILES = st.builds(lambda prefix, rest: f"{prefix}{rest:08d}",
                    st.sampled_from(["130", "135", "138", "150", "186", "199", "177"]),
                    st.integers(0, 99_999_999))


@given(before=FILLER, number=id_numbers(), after=FILLER)
def test_every_valid_id_number_is_found_exactly(before: str, number: str, after: str):
    text = before + number + after
    assert [(f.kind, f.start, f.end) for f in find_personal_data(text, today=TODAY)] == [
        (K.ID_NUMBER, len(before), len(before) + len(number))]


@given(before=FILLER, number=MOBILES, after=FILLER, glue=st.sampled_from(["", "tel", "Tel:"]))
def test_every_mobile_number_is_found_exactly(before: str, number: str, after: str, glue: str):
    text = before + glue + number + after
    start = len(before) + len(glue)
    assert [(f.kind, f.start, f.end) for f in find_personal_data(text, today=TODAY)] == [
        (K.MOBILE, start, start + len(number))]


@given(number=MOBILES)
def test_full_width_numbers_are_numbers(number: str):
    wide = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert fold(wide) == number
    assert [f.text for f in find_personal_data(wide, today=TODAY)] == [wide]


@given(before=FILLER, after=FILLER, spaces=st.lists(st.sampled_from(["", " ", "  "]),
                                                    min_size=2, max_size=2))
def test_the_askers_name_is_found_however_it_is_spaced(before: str, after: str,
                                                       spaces: list[str]):
    name = spaces[0] + "李" + spaces[1] + "娜"
    person = KnownPerson(names=("李娜",))
    found = find_personal_data(before + name + after, person=person, today=TODAY)
    assert [f.text.strip() for f in found] == [name.strip()]


@settings(max_examples=200)
@given(SAFE_TEXT)
def test_text_without_digits_or_at_signs_holds_nothing(text: str):
    assert find_personal_data(text, today=TODAY) == ()


@given(st.text(max_size=300))
def test_findings_are_ordered_within_the_text_and_never_overlap(text: str):
    found = find_personal_data(text, person=ASKER, today=TODAY)
    for finding in found:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text
    assert all(a.end <= b.start for a, b in pairwise(found))


@given(before=FILLER, number=id_numbers(), middle=FILLER, mobile=MOBILES, after=FILLER)
def test_segments_give_the_text_back_with_the_findings_marked(before: str, number: str,
                                                              middle: str, mobile: str,
                                                              after: str):
    text = before + number + middle + " " + mobile + after
    found = find_personal_data(text, today=TODAY)
    pieces = segments(text, found)
    assert "".join(p.text for p in pieces) == text
    assert [(p.kind, p.text) for p in pieces if p.kind] == [(f.kind, f.text) for f in found]
    assert [p.text for p in pieces if p.kind] == [number, mobile]
