"""Answers kept as people type them (issue 12, item 18) and the applicant's role checked
against their own ID number (item 17)."""

from __future__ import annotations

from datetime import date

import pytest

from convenience_center.domain.services import get_matter, registry
from convenience_center.domain.services.base import Field, FieldKind, Text
from convenience_center.domain.wizard import FieldProblem, check_step, clean_value, find_step

TODAY = date(2026, 12, 1)
T = Text


def field(kind: FieldKind, **extra: object) -> Field:
    return Field("x", kind, T("某项", "Something"), **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize("typed", [
    "郑州市金水区经八路１２号，３单元",        # full-width digits and comma
    "河南省郑州市：金水区（经八路）“12号”",   # full-width colon, brackets, quotes
    "无　工作单位",                          # an ideographic space inside
    "Ｚｈｅｎｇｚｈｏｕ",                      # full-width letters
])
def test_free_text_keeps_what_was_typed(typed: str):
    assert clean_value(field(FieldKind.TEXT), typed, today=TODAY) == typed
    assert clean_value(field(FieldKind.TEXTAREA), typed + "\n第二行。", today=TODAY) == \
        typed + "\n第二行。"


def test_free_text_loses_invisible_characters_and_outer_spaces_only():
    assert clean_value(field(FieldKind.TEXT), "\u3000 经八\u200b路\u202e，12号 \u3000",
                       today=TODAY) == "经八路，12号"
    assert clean_value(field(FieldKind.TEXTAREA), "第一行，\x07\n第二行。\x00",
                       today=TODAY) == "第一行，\n第二行。"


def test_a_control_character_in_one_line_is_still_refused():
    with pytest.raises(FieldProblem):
        clean_value(field(FieldKind.TEXT), "经八路\x0712号", today=TODAY)


@pytest.mark.parametrize(("kind", "typed", "stored"), [
    (FieldKind.INTEGER, "１２", "12"),
    (FieldKind.DATE, "２０２０－０１－０２", "2020-01-02"),
    (FieldKind.ID_NUMBER, "４１０１０５１９９２０３１５００２０", "410105199203150020"),
    (FieldKind.MOBILE, "１３８００１３８０００", "13800138000"),
    (FieldKind.CERTIFICATE_NO, "Ｊ４１０１０５－２０１９－０００１２３", "J410105-2019-000123"),
    (FieldKind.USCC, "１２４１０１２２ＭＢ０Ｆ３Ｋ７Ｗ２０", "12410122MB0F3K7W20"),
])
def test_numbers_ids_codes_and_dates_are_normalised(kind: FieldKind, typed: str, stored: str):
    extra = {"max_value": 20, "min_value": 0} if kind == FieldKind.INTEGER else {}
    assert clean_value(field(kind, **extra), typed, today=TODAY) == stored


ROLE_MATTERS = [(s.code, m.code) for s in registry().values() for m in s.matters
                if any(f.name == "applicant_role" for step in m.steps for f in step.fields)]
WOMAN, MAN = "410105199203150020", "410322198501010010"


def test_four_matters_ask_the_role():
    assert len(ROLE_MATTERS) == 4


@pytest.mark.parametrize(("service", "matter_code"), ROLE_MATTERS)
@pytest.mark.parametrize(("id_number", "role", "ok"), [
    (WOMAN, "wife", True), (WOMAN, "husband", False),
    (MAN, "husband", True), (MAN, "wife", False),
])
def test_the_role_must_agree_with_the_sex_in_the_applicants_id_number(
        service: str, matter_code: str, id_number: str, role: str, ok: bool):
    _service, matter = get_matter(service, matter_code)
    step = find_step(matter, "applicant")
    assert step is not None
    submitted = {**matter.samples.valid, "applicant_id_number": id_number,
                 "applicant_role": role}
    result = check_step(step, submitted, answers={}, today=TODAY)
    if ok:
        assert result.errors == {}
        return
    message = result.errors["applicant_role"]
    assert set(result.errors) == {"applicant_role"}
    if role == "wife":
        assert "男性" in message.zh and "man" in message.en and "Husband" in message.en
    else:
        assert "女性" in message.zh and "woman" in message.en and "Wife" in message.en
