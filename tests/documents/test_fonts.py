"""Every document embeds the fonts it draws with (a subset of the CJK font), so every viewer
shows the same glyphs — the "·" separator included; only the 14 standard PDF fonts, which
every viewer has, and the last-resort fallback for characters beyond the CJK font are not
embedded."""

from __future__ import annotations

import pytest
from pypdf.generic import DictionaryObject

from convenience_center.documents import (
    blank_form_pdf,
    case_summary_pdf,
    certificate_pdf,
    receipt_pdf,
)
from convenience_center.documents.fonts import CJK_FONT, FALLBACK_CJK_FONT, LATIN_FONT, markup
from convenience_center.domain.services import registry
from tests.documents.pdfcheck import reader, registered_name, runs_of, squash, text_of
from tests.documents.test_case_summary import make_summary
from tests.documents.test_certificate import make_certificate
from tests.documents.test_receipt import make_receipt, one_child

STANDARD_14 = {"Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
               "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Courier",
               "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Symbol",
               "ZapfDingbats"}


def documents(lang: str) -> dict[str, bytes]:
    service, matter = one_child()
    return {
        "form": blank_form_pdf(service, matter, lang),
        "receipt": receipt_pdf(make_receipt(service, matter, lang), lang),
        "certificate": certificate_pdf(make_certificate(), lang),
        "summary": case_summary_pdf(make_summary(lang), lang),
    }


def fonts_of(data: bytes) -> dict[str, DictionaryObject]:
    """Every font the pages use, by its name in the PDF."""
    found: dict[str, DictionaryObject] = {}
    for page in reader(data).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            found[str(font["/BaseFont"]).lstrip("/")] = font
        for ref in page["/Resources"].get("/XObject", {}).values():  # drawings (the seal)
            xobject = ref.get_object()
            for inner in xobject.get("/Resources", {}).get("/Font", {}).values():
                font = inner.get_object()
                found[str(font["/BaseFont"]).lstrip("/")] = font
    return found


def embedded(font: DictionaryObject) -> bool:
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and "/DescendantFonts" in font:
        descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_font_but_the_standard_ones_is_embedded_as_a_subset(lang):
    for kind, data in documents(lang).items():
        fonts = fonts_of(data)
        assert fonts, kind
        for name, font in fonts.items():
            if name in STANDARD_14:
                continue
            assert embedded(font), (kind, name)
            assert registered_name(name) == CJK_FONT and name != CJK_FONT, (kind, name)
        if lang == "zh":
            assert any(registered_name(n) == CJK_FONT for n in fonts), kind


def test_the_middle_dot_is_drawn_in_the_embedded_font():
    data = receipt_pdf(make_receipt(*one_child(), "zh"), "zh")
    dots = [run for run in runs_of(data) if "·" in run.text]
    assert dots
    embedded_fonts = {registered_name(n) for n, f in fonts_of(data).items() if embedded(f)}
    assert {run.font for run in dots} <= embedded_fonts
    assert FALLBACK_CJK_FONT not in {registered_name(n) for n in fonts_of(data)}


def test_chinese_text_still_extracts_as_unicode():
    service, matter = one_child()
    data = blank_form_pdf(service, matter, "zh")
    assert squash(service.name.zh) in squash(text_of(data))
    data = certificate_pdf(make_certificate(), "zh")
    assert squash(registry()["honor-certificate"].name.zh) in squash(text_of(data))


def test_characters_beyond_the_embedded_font_fall_back_and_latin_stays_helvetica():
    rare = "\U00020000"  # 𠀀, CJK Extension B: not in the embedded font
    zh = markup(f"李{rare}明 ID 4101", "zh")
    assert f'<font name="{FALLBACK_CJK_FONT}">{rare}</font>' in zh
    assert f'<font name="{LATIN_FONT}">ID 4101</font>' in zh
    en = markup("Li · 李明", "en")
    assert f'<font name="{CJK_FONT}">李明</font>' in en and FALLBACK_CJK_FONT not in en
