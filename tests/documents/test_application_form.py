"""The blank application form of every matter of every registered service, in both languages."""

from __future__ import annotations

import pytest
from reportlab.platypus import Table

from convenience_center.documents import blank_form_pdf
from convenience_center.documents.fonts import CJK_FONT, has_cjk
from convenience_center.documents.form_fields import entry_cell, min_height
from convenience_center.documents.layout import styles
from convenience_center.domain.services import registry
from convenience_center.domain.services.base import FieldKind, Matter
from convenience_center.domain.services.definition import ServiceDefinition
from tests.documents.pdfcheck import (
    A4,
    assert_inside_content_area,
    reader,
    registered_name,
    squash,
    text_of,
)

MATTERS = [(s, m) for s in registry().values() for m in s.matters]
CASES = [(s, m, lang) for s, m in MATTERS for lang in ("zh", "en")]
IDS = [f"{s.code}.{m.code}.{lang}" for s, m, lang in CASES]


@pytest.fixture(scope="module")
def pdfs() -> dict[tuple[str, str, str], bytes]:
    return {(s.code, m.code, lang): blank_form_pdf(s, m, lang) for s, m, lang in CASES}


def pdf(pdfs: dict, service: ServiceDefinition, matter: Matter, lang: str) -> bytes:
    return pdfs[(service.code, matter.code, lang)]


@pytest.mark.parametrize(("service", "matter", "lang"), CASES, ids=IDS)
def test_form_is_an_a4_pdf_with_numbered_pages(pdfs, service, matter, lang):
    data = pdf(pdfs, service, matter, lang)
    assert data.startswith(b"%PDF-")
    pages = reader(data).pages
    assert len(pages) >= 1
    for page in pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=1)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=1)
    text = squash(text_of(data))
    n = len(pages)
    for number in range(1, n + 1):
        marker = f"第{number}页共{n}页" if lang == "zh" else f"Page{number}of{n}"
        assert marker in text
    platform = ("河南省人口和计划生育网上便民服务中心" if lang == "zh"
                else "Henan Population and Family Planning Online Convenience Service Center")
    assert text.count(squash(platform)) == n  # in the footer of every page


@pytest.mark.parametrize(("service", "matter", "lang"), CASES, ids=IDS)
def test_form_text_is_there_in_the_right_language(pdfs, service, matter, lang):
    text = squash(text_of(pdf(pdfs, service, matter, lang)))
    other = "en" if lang == "zh" else "zh"
    first_field = matter.steps[0].fields[0]
    expected = [service.name, matter.name, first_field.label, *(s.title for s in matter.steps)]
    if matter.materials:
        expected.append(matter.materials[0].name)
    for item in expected:
        assert squash(item.get(lang)) in text, item.get(lang)
    # Not the other language: the service name in the other language is absent.
    assert squash(service.name.get(other)) not in text
    if lang == "zh":
        assert has_cjk(text)


@pytest.mark.parametrize(("service", "matter", "lang"), CASES, ids=IDS)
def test_every_field_and_option_and_material_is_printed(pdfs, service, matter, lang):
    text = squash(text_of(pdf(pdfs, service, matter, lang)))
    for step in matter.steps:
        for field in step.fields:
            assert squash(field.label.get(lang)) in text, field.name
            for option in field.options:
                assert squash("□" + option.label.get(lang)) in text, (field.name, option.value)
            if field.kind == FieldKind.YES_NO:
                assert ("□是" in text and "□否" in text) if lang == "zh" else \
                    ("□Yes" in text and "□No" in text)
            if field.show_if is not None:
                assert ("如“" if lang == "zh" else "Onlyif“") in text
    for material in matter.materials:
        assert squash(material.name.get(lang)) in text, material.code


@pytest.mark.parametrize(("service", "matter", "lang"), CASES, ids=IDS)
def test_nothing_is_drawn_outside_the_printable_area(pdfs, service, matter, lang):
    assert_inside_content_area(pdf(pdfs, service, matter, lang))


def test_zh_form_embeds_the_cjk_font_and_its_text_extracts_as_unicode():
    service, matter = MATTERS[0]
    page = reader(blank_form_pdf(service, matter, "zh")).pages[0]
    fonts = {str(f.get_object()["/BaseFont"]).lstrip("/"): f.get_object()
             for f in page["/Resources"]["/Font"].values()}
    cjk = [f for name, f in fonts.items() if registered_name(name) == CJK_FONT]
    assert cjk and all("/FontFile2" in f["/FontDescriptor"].get_object() for f in cjk)
    assert "STSong-Light" not in fonts
    assert squash(service.name.zh) in squash(page.extract_text())


def test_id_numbers_get_eighteen_character_boxes_and_textareas_a_tall_box():
    service = registry()["one-child-resident"]
    fields = {f.name: f for m in service.matters for step in m.steps for f in step.fields}
    s = styles("zh")
    for name, boxes in (("applicant_id_number", 18), ("spouse_id_number", 18),
                        ("applicant_mobile", 11)):
        table = entry_cell(fields[name], 400, s)
        assert isinstance(table, Table)
        assert table._ncols == boxes
        assert len(set(table._colWidths)) == 1
        boxed = [c for c in table._bkgrndcmds + table._linecmds if c[0] == "BOX"]
        assert len(boxed) == boxes
    assert min_height(fields["reason_detail"]) >= 72  # TEXTAREA
    assert min_height(fields["applicant_hukou_address"]) < 72


def test_conditional_field_says_when_to_fill_it_in():
    service = registry()["one-child-resident"]
    matter = service.matter("apply")
    zh = squash(text_of(blank_form_pdf(service, matter, "zh")))
    en = squash(text_of(blank_form_pdf(service, matter, "en")))
    assert "如“女方现在是否怀孕”选择“是”，则填写" in zh
    assert squash("Only if “Is the wife pregnant now?” is “Yes”") in en


def test_declarations_are_statements_with_a_signature_line_and_date():
    service = registry()["one-child-resident"]
    matter = service.matter("apply")
    zh = squash(text_of(blank_form_pdf(service, matter, "zh")))
    assert "1.本人承诺所填信息" in zh
    assert "申请人（签名）：" in zh and "日期：" in zh and "年____月____日" in zh
    assert "所在单位或村（居）民委员会意见（盖章）" in zh
    assert "受理人员签收" in zh
    assert "受理编号" in zh and "以下由受理单位填写" in zh


def test_materials_show_form_copies_condition_and_source():
    service = registry()["one-child-resident"]
    matter = service.matter("apply")
    zh = squash(text_of(blank_form_pdf(service, matter, "zh")))
    en = squash(text_of(blank_form_pdf(service, matter, "en")))
    assert "原件及复印件" in zh and "公安机关" in zh and "女方已怀孕的" in zh and "必需" in zh
    assert "Originalandcopy" in en and "Ifthewifeispregnant" in en and "Required" in en
