"""The dashboard's search keys: what a case is found by, and what a search looks for."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from convenience_center.domain.search_keys import (
    case_keys,
    dated,
    name_keys,
    normalise,
    prefix_range,
    query_prefixes,
)

CASE = case_keys(case_no="410105-20261126-0007", applicant_name="刘德华", id_last4="123X")


def found(query: str, keys: set[str] = CASE, jurisdiction: str = "410105") -> bool:
    """Whether a search for ``query`` finds a case with ``keys`` (as the index does it)."""
    for prefix in query_prefixes(query, jurisdiction):
        low, high = prefix_range(prefix)
        if any(low <= key < high for key in keys):
            return True
    return False


def test_a_case_number_is_found_by_its_start_and_its_end():
    for query in ("410105-20261126-0007", "410105202611260007", "410105-2026", "4101",
                  "410105 2026 11", "４１０１０５－２０２６", "0007", "00"):
        assert found(query), query
    for query in ("410105-2025", "410102", "20261126-0008", "1126"):
        assert not found(query), query


def test_a_number_is_looked_for_inside_the_jurisdiction_only():
    assert query_prefixes("4101", "410105")[0] == "c:410105"  # a county's own cases
    assert query_prefixes("41010520", "4101")[0] == "c:41010520"
    assert not any(p.startswith("c:") for p in query_prefixes("4103", "4101"))
    assert not found("4101", jurisdiction="410102")
    assert found("410105", jurisdiction="41")


def test_a_name_is_found_by_its_surname_given_name_pinyin_and_initials():
    for query in ("刘", "刘德", "刘德华", "德华", "liu", "LIU", "Liu De", "liudehua", "dehua",
                  "ldh", "LD", "dh", "123x", "123X"):
        assert found(query), query
    for query in ("华", "德刘", "wang", "hua", "lh", "xyz", "1234"):
        assert not found(query), query


def test_the_given_name_after_a_compound_surname_is_found():
    ouyang = name_keys("欧阳锦程")
    assert {"n:欧阳锦程", "n:锦程", "p:ouyangjincheng", "p:jincheng", "i:oyjc", "i:jc"} == ouyang
    assert found("锦程", ouyang) and found("jinch", ouyang) and found("OYJ", ouyang)
    assert not found("阳锦", ouyang)  # not a name of its own
    assert "n:华" not in name_keys("欧德华")  # 欧 alone is a surname of one character


def test_surnames_are_also_keyed_under_their_own_reading():
    zeng = name_keys("曾志伟")
    assert {"p:zengzhiwei", "p:cengzhiwei", "i:zzw", "i:czw"} <= zeng
    assert found("shan", name_keys("单田芳")) and found("stf", name_keys("单田芳"))
    assert name_keys("王伟") == {"n:王伟", "n:伟", "p:wangwei", "p:wei", "i:ww", "i:w"}


def test_u_umlaut_is_typed_v():
    assert "p:lvbu" in name_keys("吕布")
    assert found("lü", name_keys("吕布")) and found("LV", name_keys("吕布"))


def test_names_in_other_scripts_and_with_middle_dots():
    uyghur = name_keys("买买提·吐尔逊")
    assert "n:买买提吐尔逊" in uyghur and found("maimaiti", uyghur)
    anna = name_keys("Anna Li")
    assert found("anna", anna) and found("Li", anna) and found("al", anna)


def test_an_empty_search_looks_for_nothing():
    assert query_prefixes("") == query_prefixes("  - ") == []
    assert name_keys("") == set() and case_keys(case_no="", applicant_name="",
                                                id_last4="") == set()


def test_only_a_number_with_its_year_counts_as_dated():
    assert dated("c:4101052026") and not dated("c:410105") and not dated("p:liudehua")


@given(st.text(min_size=1, max_size=8), st.text(max_size=8))
def test_a_prefix_range_holds_exactly_the_strings_that_begin_with_it(prefix: str, rest: str):
    low, high = prefix_range(prefix)
    assert low <= prefix + rest < high
    assert all(not (low <= other < high) for other in (prefix[:-1], chr(0) + prefix)
               if not other.startswith(prefix))


@given(st.text(max_size=20))
def test_normalising_twice_changes_nothing(text: str):
    assert normalise(normalise(text)) == normalise(text)
