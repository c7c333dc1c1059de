"""Officers read about the applicant, not to them: every question and choice as staff see
it (case page, case summary) is free of "you" -- and of the applicant's own "we"."""

from __future__ import annotations

import re

import pytest

from convenience_center.domain.cases import status_label
from convenience_center.domain.services import registry
from convenience_center.domain.services.base import FieldKind, Matter
from convenience_center.domain.wizard import summary

MATTERS = [(s, m) for s in registry().values() for m in s.matters]
IDS = [f"{s.code}.{m.code}" for s, m in MATTERS]
ADDRESSED = {"zh": re.compile(r"您|你|我们"),
             "en": re.compile(r"\b(you|your|yours|we|our|us)\b", re.IGNORECASE)}


def addressed(text: str, lang: str) -> bool:
    return ADDRESSED[lang].search(text) is not None


@pytest.mark.parametrize(("service", "matter"), MATTERS, ids=IDS)
def test_questions_and_choices_read_about_the_applicant_for_staff(service,
                                                                  matter: Matter):
    wrong = []
    for step in matter.steps:
        for field in step.fields:
            if field.kind == FieldKind.DECLARATION:  # not listed among the answers
                continue
            texts = [field.label_for(staff=True),
                     *(o.label_for(staff=True) for o in field.options)]
            wrong += [(field.name, lang, text.get(lang)) for text in texts
                      for lang in ("zh", "en") if addressed(text.get(lang), lang)]
    # The documents are listed under their names on the staff case page too.
    wrong += [(m.code, lang, m.name.get(lang)) for m in matter.materials
              for lang in ("zh", "en") if addressed(m.name.get(lang), lang)]
    assert wrong == []


@pytest.mark.parametrize(("service", "matter"), MATTERS, ids=IDS)
def test_the_staff_summary_of_the_sample_answers_says_no_you(service, matter: Matter):
    for lang in ("zh", "en"):
        rows = summary(matter, matter.samples.valid, lang, mask_ids=True, staff=True)
        assert rows
        assert [r.label for r in rows if addressed(r.label, lang)] == []
        assert [r.value for r in rows if addressed(r.value, lang)] == []


def test_the_applicant_still_reads_the_words_meant_for_them():
    matter = registry()["one-child-resident"].matter("apply")
    labels = {r.field: r.label for r in summary(matter, matter.samples.valid, "zh")}
    assert labels["applicant_role"] == "您是"
    staff = {r.field: r.label for r in summary(matter, matter.samples.valid, "zh", staff=True)}
    assert staff["applicant_role"] == "申请人是"


def test_statuses_for_staff_name_the_applicant():
    assert status_label("supplement_required", "en") == "Waiting for you to add documents"
    for lang in ("zh", "en"):
        assert not addressed(status_label("supplement_required", lang, staff=True), lang)
        for status in ("submitted", "in_review", "approved", "issued", "denied", "withdrawn",
                       "not_accepted"):
            assert not addressed(status_label(status, lang, staff=True), lang)
