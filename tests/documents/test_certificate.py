"""The electronic certificate: contents, languages, one page whatever the lengths, the QR code."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from reportlab.lib.units import mm

from convenience_center.documents import CertificateDocument, certificate_pdf
from convenience_center.documents.certificate import MARGINS
from convenience_center.documents.layout import FRAME_PADDING, PAGE_WIDTH
from convenience_center.domain.services import registry
from convenience_center.domain.services.base import Text
from tests.documents.pdfcheck import (
    A4,
    assert_inside_content_area,
    qr_matrix,
    read_qr,
    reader,
    squash,
    text_of,
)

T = Text
URL = "https://hnpfp.example.gov.cn/verify/RYZ-410105-2026-000012?code=8f3k2Q"
PLATFORM = {"zh": "河南省人口和计划生育网上便民服务中心",
            "en": "Henan Population and Family Planning Online Convenience Service Center"}
OFFICE = T("郑州市金水区卫生健康委员会", "Health Commission of Jinshui District, Zhengzhou")
LONG_OFFICE = T("河南省郑州市金水区人口和计划生育行政部门（设区的市级及以上机构：省人口和计划生育"
                "行政部门；县级机构：县级人口和计划生育行政部门）",
                "Population and Family Planning Department of Jinshui District, Zhengzhou "
                "Municipality, Henan Province (for institutions at prefecture level and above: "
                "the provincial department; county level: the county department)")
ITEMS = {"zh": "避孕节育技术服务、孕情环情监测、计划生育手术、优生优育指导、生殖保健咨询与服务。",
         "en": "Contraceptive services, pregnancy monitoring, family-planning surgery, "
               "guidance on healthy births, reproductive health counselling. "}


def make_certificate(*, until: date | None = None, office: Text = OFFICE,
                     details: list[tuple[Text, str]] | None = None,
                     title: Text | None = None) -> CertificateDocument:
    return CertificateDocument(
        cert_no="RYZ-410105-2026-000012",
        title=title or registry()["honor-certificate"].name,
        holder_name="李娜", holder_id_masked="4101**********0020",
        office_name=office, issued_on=date(2026, 3, 1), valid_from=date(2026, 3, 1),
        valid_until=until,
        details=details if details is not None else [
            (T("子女姓名", "Child's name"), "李小明"),
            (T("子女出生日期", "Child's date of birth"), "2019-05-12"),
            (T("配偶姓名", "Spouse's name"), "王强")],
        verify_url=URL)


def long_details(count: int, repeat: int, lang: str) -> list[tuple[Text, str]]:
    return [(T(f"服务项目{n:02d}", f"Service item {n:02d}"), f"{n:02d}: " + ITEMS[lang] * repeat)
            for n in range(1, count + 1)]


def assert_one_a4_page(data: bytes) -> None:
    pages = reader(data).pages
    assert len(pages) == 1
    assert float(pages[0].mediabox.width) == pytest.approx(A4[0], abs=1)
    assert float(pages[0].mediabox.height) == pytest.approx(A4[1], abs=1)


def assert_inside_the_border(data: bytes) -> None:
    """Inside the content area, and inside the certificate's own, narrower frame."""
    assert_inside_content_area(data, left=MARGINS.left + FRAME_PADDING,
                               right=PAGE_WIDTH - MARGINS.right - FRAME_PADDING)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_certificate_shows_title_number_holder_facts_office_and_validity(lang):
    doc = make_certificate()
    data = certificate_pdf(doc, lang)
    assert data.startswith(b"%PDF-")
    assert_one_a4_page(data)
    text = squash(text_of(data))
    expected = [PLATFORM[lang], doc.title.get(lang), doc.cert_no, doc.holder_name,
                doc.holder_id_masked, OFFICE.get(lang), URL,
                *(label.get(lang) for label, _ in doc.details), *(v for _, v in doc.details)]
    for item in expected:
        assert squash(item) in text, item
    if lang == "zh":
        for item in ("电子证照", "证照编号", "持证人", "有效期限", "自2026年3月1日起长期有效",
                     "发证机关", "发证日期", "2026年3月1日", "电子印章", "扫码核验证照真伪"):
            assert item in text, item
        assert "No expiry" not in text
        assert squash(doc.title.en) not in text
    else:
        for item in ("ELECTRONICCERTIFICATE", "CertificateNo.", "Holder", "Noexpiry",
                     "(validfrom2026-03-01)", "Issuedby", "Dateofissue", "Electronicseal",
                     "Scantocheckthiscertificate"):
            assert item in text, item
        assert "长期有效" not in text
        assert squash(doc.title.zh) not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_validity_with_an_end_date(lang):
    text = squash(text_of(certificate_pdf(make_certificate(until=date(2031, 2, 28)), lang)))
    if lang == "zh":
        assert "2026年3月1日至2031年2月28日" in text and "长期有效" not in text
    else:
        assert "2026-03-01to2031-02-28" in text and "Noexpiry" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_certificate_of_every_service_fits_inside_its_border(lang):
    for service in registry().values():
        data = certificate_pdf(make_certificate(title=service.name,
                                                office=service.handling_office), lang)
        assert_one_a4_page(data)
        assert_inside_the_border(data)
        text = squash(text_of(data))
        assert squash(service.name.get(lang)) in text
        assert squash(service.handling_office.get(lang)) in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_long_facts_are_set_smaller_and_printed_in_full(lang):
    doc = make_certificate(office=LONG_OFFICE, details=long_details(10, 2, lang))
    data = certificate_pdf(doc, lang)
    assert_one_a4_page(data)
    assert_inside_the_border(data)
    text = squash(text_of(data))
    for label, value in doc.details:
        assert squash(label.get(lang)) in text
        assert squash(value) in text
    assert squash(LONG_OFFICE.get(lang)) in text
    assert ("长期有效" if lang == "zh" else "Noexpiry") in text


@pytest.mark.parametrize("count", [12, 60])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_very_long_facts_office_and_title_stay_on_one_page(lang, count):
    title = T("独生子女父母光荣证（换领、补办及信息变更后重新核发的电子证照）" * 3,
              "Certificate of honour for parents of only children (reissued) " * 4)
    doc = make_certificate(office=T(LONG_OFFICE.zh * 3, LONG_OFFICE.en * 3), title=title,
                           details=long_details(count, 12, lang), until=date(2031, 2, 28))
    data = certificate_pdf(doc, lang)
    assert_one_a4_page(data)
    assert_inside_the_border(data)
    text = squash(text_of(data))
    for item in (doc.cert_no, doc.holder_name, doc.holder_id_masked, URL):
        assert squash(item) in text, item
    assert ("2026年3月1日至2031年2月28日" if lang == "zh" else "2026-03-01to2031-02-28") in text
    modules, _ = read_qr(data)
    assert modules == qr_matrix(URL)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_qr_code_on_the_certificate_encodes_the_verify_url(lang):
    modules, width = read_qr(certificate_pdf(make_certificate(), lang))
    assert modules == qr_matrix(URL)        # exactly the symbol of the URL, quiet zone included
    assert modules != qr_matrix(URL + "x")  # (and the comparison tells URLs apart)
    assert width >= 25 * mm                 # printed large enough to scan


def test_other_url_other_code():
    other = "https://hnpfp.example.gov.cn/verify/EHS-410100-2026-000001?code=Q2"
    modules, _ = read_qr(certificate_pdf(replace(make_certificate(), verify_url=other), "zh"))
    assert modules == qr_matrix(other)


def test_empty_fact_is_a_dash_and_no_facts_is_fine():
    zh = squash(text_of(certificate_pdf(
        make_certificate(details=[(T("子女姓名", "Child's name"), "")]), "zh")))
    assert "子女姓名—" in zh
    data = certificate_pdf(make_certificate(details=[]), "en")
    assert_one_a4_page(data)
    assert "Holder李娜" in squash(text_of(data))
