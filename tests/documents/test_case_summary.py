"""The staff's printable case summary: contents, languages, times, page breaks, footer."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from convenience_center.documents import CaseSummary, case_summary_pdf
from convenience_center.domain.services import registry
from convenience_center.domain.wizard import summary
from tests.documents.pdfcheck import A4, assert_inside_content_area, reader, squash, text_of

SUBMITTED = datetime(2026, 11, 26, 6, 5, tzinfo=UTC)  # 14:05 in Beijing
PRINTED = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)  # 01:30 the next day in Beijing
INTERNAL = {"zh": "内部意见：材料齐全，经核实符合条件，建议批准。", "en": "Internal note: all "
            "documents present and checked; recommend approval. "}


def make_summary(lang: str, *, rows: list[tuple[str, str]] | None = None,
                 due: date | None = date(2026, 12, 3)) -> CaseSummary:
    service = registry()["one-child-resident"]
    matter = service.matter("apply")
    assert matter.samples is not None
    zh = lang == "zh"
    if rows is None:
        rows = [(r.label, r.value) for r in summary(matter, matter.samples.valid, lang)]
    return CaseSummary(
        case_no="HN-2026-1126-000123", service_name=service.name, matter_name=matter.name,
        status_label="审核中" if zh else "Under review", applicant_name="李娜",
        applicant_id_masked="4101**********0020", office_name=service.handling_office,
        submitted_at=SUBMITTED, due_date=due, rows=rows,
        documents=[("居民身份证" if zh else "Resident ID card", "id-card-front.jpg"),
                   ("结婚证" if zh else "Marriage certificate", "marriage-certificate.pdf")],
        events=[("2026-11-26 14:05", "已提交" if zh else "Submitted",
                 "申请人在线提交申请。" if zh else "Filed online by the applicant."),
                ("2026-11-27 09:12", "审核中" if zh else "Under review", INTERNAL[lang] * 12)],
        printed_by="王晓燕", printed_at=PRINTED)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_shows_the_case_in_the_right_language(lang):
    doc = make_summary(lang)
    data = case_summary_pdf(doc, lang)
    assert data.startswith(b"%PDF-")
    pages = reader(data).pages
    for page in pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=1)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=1)
    text = squash(text_of(data))
    other = "en" if lang == "zh" else "zh"
    for item in (doc.service_name.get(lang), doc.matter_name.get(lang), doc.case_no,
                 doc.status_label, doc.applicant_name, doc.applicant_id_masked,
                 doc.office_name.get(lang), doc.printed_by, INTERNAL[lang] * 12,
                 *(label for label, _ in doc.rows), *(m for m, _ in doc.documents),
                 *(f for _, f in doc.documents), *(t for t, _, _ in doc.events)):
        assert squash(item) in text, item
    assert squash(doc.service_name.get(other)) not in text
    n = len(pages)
    if lang == "zh":
        for item in ("办件摘要", "受理编号", "办理状态", "办结时限", "2026年12月3日", "办理过程",
                     "2026年11月26日14:05（北京时间）", "打印时间：2026年12月1日01:30（北京时间）",
                     "归档人（签名）："):
            assert item in text, item
        assert text.count("内部资料") == n
        assert all(f"第{p}页共{n}页" in text for p in range(1, n + 1))
    else:
        for item in ("Casesummary", "Casenumber", "Status", "Duedate", "2026-12-03",
                     "Casehistory", "2026-11-2614:05(ChinaStandardTime)",
                     "PrintedbyWang", "2026-12-0101:30(ChinaStandardTime)", "Filedby"):
            assert squash(item.replace("Wang", doc.printed_by)) in text, item
        assert text.count("Forofficialuse") == n
        assert all(f"Page{p}of{n}" in text for p in range(1, n + 1))
    assert_inside_content_area(data)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_due_date(lang):
    text = squash(text_of(case_summary_pdf(make_summary(lang, due=None), lang)))
    assert ("办结时限未设定" if lang == "zh" else "DuedateNotset") in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_hundred_answers_run_over_several_pages_inside_the_margins(lang):
    label = "第{n:03d}项填报内容" if lang == "zh" else "Question {n:03d} of the form"
    answer = "郑州市金水区经八路12号院3号楼" if lang == "zh" else "Block 3, 12 Jingba Road"
    rows = [(label.format(n=n), f"{answer} ({n})" * (1 + n % 7)) for n in range(1, 201)]
    data = case_summary_pdf(make_summary(lang, rows=rows), lang)
    n = len(reader(data).pages)
    assert n >= 4
    text = squash(text_of(data))
    for row_label, _ in rows:
        assert squash(row_label) in text, row_label
    assert (f"第{n}页共{n}页" if lang == "zh" else f"Page{n}of{n}") in text
    assert text.count("内部资料" if lang == "zh" else "Forofficialuse") == n
    assert_inside_content_area(data)


def test_empty_lists_are_said_so():
    doc = replace(make_summary("en"), rows=[], documents=[], events=[])
    text = squash(text_of(case_summary_pdf(doc, "en")))
    assert "Nodocumentswereuploaded." in text and "Nothingrecordedyet." in text


@pytest.mark.parametrize("name", ["submitted_at", "printed_at"])
def test_naive_times_are_refused(name):
    doc = make_summary("zh")
    naive = replace(doc, **{name: getattr(doc, name).replace(tzinfo=None)})
    with pytest.raises(ValueError, match="aware"):
        case_summary_pdf(naive, "zh")
