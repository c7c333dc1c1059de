"""A certificate that no longer holds is stamped: the word, the date, the new number."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from convenience_center.documents import CertificateEnding, certificate_pdf
from tests.documents.pdfcheck import squash, text_of
from tests.documents.test_certificate import assert_one_a4_page, long_details, make_certificate

ENDINGS = {
    "cancelled": CertificateEnding("cancelled", date(2026, 12, 1), "410105-20261201-0002"),
    "replaced": CertificateEnding("replaced", date(2026, 12, 1), "410105-20261201-0003",
                                  "RYZ-410105-2026-000013"),
    "expired": CertificateEnding("expired", date(2029, 2, 28)),
}
EXPECTED = {
    ("cancelled", "zh"): ["已注销", "2026年12月1日注销", "410105-20261201-0002", "本证失效"],
    ("cancelled", "en"): ["CANCELLED", "Cancelledon2026-12-01", "410105-20261201-0002"],
    ("replaced", "zh"): ["已换发", "新证编号：RYZ-410105-2026-000013", "本证失效"],
    ("replaced", "en"): ["REPLACED", "Newcertificate:RYZ-410105-2026-000013"],
    ("expired", "zh"): ["已过期", "有效期至2029年2月28日"],
    ("expired", "en"): ["EXPIRED", "validuntil2029-02-28"],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("status", list(ENDINGS))
def test_an_ended_certificate_carries_its_stamp_and_says_so(status: str, lang: str):
    data = certificate_pdf(replace(make_certificate(), ended=ENDINGS[status]), lang)
    assert_one_a4_page(data)
    text = squash(text_of(data))
    for words in EXPECTED[(status, lang)]:
        assert words in text, words


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_valid_certificate_has_no_stamp(lang: str):
    text = squash(text_of(certificate_pdf(make_certificate(), lang)))
    for word in ("已注销", "已换发", "已过期", "本证失效", "CANCELLED", "REPLACED", "EXPIRED"):
        assert word not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_status_row_still_fits_one_page_with_many_facts(lang: str):
    doc = replace(make_certificate(details=long_details(12, 3, lang)),
                  ended=ENDINGS["replaced"])
    data = certificate_pdf(doc, lang)
    assert_one_a4_page(data)
    assert "RYZ-410105-2026-000013" in squash(text_of(data))
