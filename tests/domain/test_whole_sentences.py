"""Messages are whole sentences: a list of choices is said as each language says a list, and
a count has its English form for one."""

from __future__ import annotations

import pytest

from convenience_center.documents.labels import FIELD_CONDITION, any_of, fmt
from convenience_center.i18n import EN, EN_ONE, translate_count


@pytest.mark.parametrize(("choices", "zh", "en"), [
    (["是"], "“是”", "“是”"),
    (["A", "B"], "“A”或“B”", "“A” or “B”"),
    (["A", "B", "C"], "“A”、“B”或“C”", "“A”, “B” or “C”"),
])
def test_choices_are_a_list_in_each_language(choices: list[str], zh: str, en: str):
    assert any_of(choices, "zh") == zh
    assert any_of(choices, "en") == en


def test_a_condition_quotes_each_choice_whole():
    said = fmt(FIELD_CONDITION, "en", label="Is the wife pregnant now?",
               choices=any_of(["Yes", "Not sure"], "en"))
    assert said == "Only if “Is the wife pregnant now?” is “Yes” or “Not sure”"


@pytest.mark.parametrize("key", sorted(k for k, text in EN.items() if "{count}" in text))
def test_every_english_count_has_its_form_for_one(key: str):
    assert key in EN_ONE
    assert translate_count(key, "en", 1, page="1") != translate_count(key, "en", 2, page="1")
