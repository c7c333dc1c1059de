"""The receipt of an application: contents, languages, page breaks and the QR code."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from reportlab.lib.units import mm

from convenience_center.documents import Receipt, receipt_pdf
from convenience_center.domain.services import registry
from convenience_center.domain.services.base import Matter
from convenience_center.domain.services.definition import ServiceDefinition
from convenience_center.domain.wizard import needed_materials, summary
from tests.documents.pdfcheck import (
    A4,
    assert_inside_content_area,
    qr_matrix,
    read_qr,
    reader,
    squash,
    text_of,
)

SUBMITTED = datetime(2026, 11, 26, 6, 5, tzinfo=UTC)  # 14:05 in Beijing, a Thursday
PROMISED = date(2026, 12, 3)                            # 5 working days later
URL = "https://hnpfp.example.gov.cn/track/HN-2026-1126-000123?token=Zx81kQ"
MATTERS = [(s, m) for s in registry().values() for m in s.matters if m.samples]
LONG = {"zh": "因工作调动，夫妻双方于上一年迁入本市居住，现申请办理相关手续。" * 40,
        "en": "We moved to this city last year when my work was transferred here. " * 40}


def make_receipt(service: ServiceDefinition, matter: Matter, lang: str, *, repeat: int = 1,
                 long_answer: bool = False, provisional: bool = False) -> Receipt:
    """A receipt built from the definition's valid sample answers, as the platform would."""
    assert matter.samples is not None
    answers = matter.samples.valid
    rows = [(r.label, r.value) for r in summary(matter, answers, lang)] * repeat
    if long_answer:
        rows.append(("情况说明" if lang == "zh" else "Details", LONG[lang]))
    materials = [(m.name.get(lang), "scan-1.pdf, scan-2.jpg" if m.upload else "—")
                 for m in needed_materials(matter, answers)]
    return Receipt(
        case_no="HN-2026-1126-000123", service_name=service.name, matter_name=matter.name,
        submitted_at=SUBMITTED, promised_date=PROMISED, promised_date_provisional=provisional,
        office_name=service.handling_office, applicant_name_masked="李*",
        rows=rows, materials=materials, track_url=URL)


def one_child() -> tuple[ServiceDefinition, Matter]:
    service = registry()["one-child-resident"]
    return service, service.matter("apply")


@pytest.mark.parametrize(("service", "matter"), MATTERS,
                         ids=[f"{s.code}.{m.code}" for s, m in MATTERS])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_receipt_of_every_matter(service, matter, lang):
    receipt = make_receipt(service, matter, lang)
    data = receipt_pdf(receipt, lang)
    pages = reader(data).pages
    assert len(pages) >= 1
    for page in pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=1)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=1)
    text = squash(text_of(data))
    for expected in (service.name.get(lang), matter.name.get(lang), receipt.case_no, URL,
                     *(label for label, _ in receipt.rows), *(n for n, _ in receipt.materials)):
        assert squash(expected) in text, expected
    assert ("受理回执" in text and "扫码查询办理进度" in text) if lang == "zh" else \
        ("Receiptofapplication" in text and "Scantofollowyourcase" in text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_long_receipt_runs_over_several_pages_inside_the_margins(lang):
    service, matter = one_child()
    receipt = make_receipt(service, matter, lang, repeat=5, long_answer=True)
    data = receipt_pdf(receipt, lang)
    n = len(reader(data).pages)
    assert n >= 3
    text = squash(text_of(data))
    assert (f"第{n}页共{n}页" if lang == "zh" else f"Page{n}of{n}") in text
    assert squash(LONG[lang]) in text  # the long answer is complete, cut across rows/pages
    assert squash(receipt.case_no) in text and squash(URL) in text
    assert_inside_content_area(data)


def test_times_are_in_china_standard_time_and_the_limit_in_working_days():
    service, matter = one_child()
    zh = squash(text_of(receipt_pdf(make_receipt(service, matter, "zh"), "zh")))
    en = squash(text_of(receipt_pdf(make_receipt(service, matter, "en"), "en")))
    assert "2026年11月26日14:05（北京时间）" in zh
    assert "2026年12月3日（5个工作日内）" in zh
    assert "2026-11-2614:05(ChinaStandardTime)" in en
    assert "2026-12-03(within5workingdays)" in en
    assert "暂定" not in zh and "Provisional" not in en


def test_provisional_date_is_flagged():
    service, matter = one_child()
    zh = squash(text_of(receipt_pdf(make_receipt(service, matter, "zh", provisional=True), "zh")))
    en = squash(text_of(receipt_pdf(make_receipt(service, matter, "en", provisional=True), "en")))
    assert "该日期按暂定的节假日安排推算" in zh
    assert "Provisional:" in en


def test_naive_submission_time_is_refused():
    service, matter = one_child()
    receipt = make_receipt(service, matter, "zh")
    naive = Receipt(**{**receipt.__dict__, "submitted_at": SUBMITTED.replace(tzinfo=None)})
    with pytest.raises(ValueError, match="aware"):
        receipt_pdf(naive, "zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_qr_code_on_the_receipt_encodes_the_track_url(lang):
    service, matter = one_child()
    modules, width = read_qr(receipt_pdf(make_receipt(service, matter, lang), lang))
    assert modules == qr_matrix(URL)        # exactly the symbol of the URL, quiet zone included
    assert modules != qr_matrix(URL + "x")  # (and the comparison tells URLs apart)
    assert width >= 25 * mm              # printed large enough to scan
