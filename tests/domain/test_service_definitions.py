"""Every registered service definition: complete, bilingual, and its samples behave."""

from __future__ import annotations

import re
from datetime import date

import pytest

from convenience_center.domain.services import registry
from convenience_center.domain.services.base import FieldKind, Matter, MatterKind, Text
from convenience_center.domain.services.definition import (
    CertificateEntry,
    ServiceCertificate,
    ServiceDefinition,
)
from convenience_center.domain.wizard import check_all, summary, visible_steps

TODAY = date(2026, 11, 26)
SERVICES = list(registry().values())
MATTERS = [(s, m) for s in SERVICES for m in s.matters]
IDS = [f"{s.code}.{m.code}" for s, m in MATTERS]


def texts_of(obj, path="") -> list[tuple[str, Text]]:  # type: ignore[no-untyped-def]
    """Every Text inside a definition, with where it is."""
    found = []
    if isinstance(obj, Text):
        return [(path, obj)]
    if isinstance(obj, tuple | list):
        for i, item in enumerate(obj):
            found += texts_of(item, f"{path}[{i}]")
    elif hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            found += texts_of(getattr(obj, name), f"{path}.{name}")
    return found


def test_the_seven_services_of_the_seed_are_registered():
    assert {s.code for s in SERVICES} >= {"one-child-resident"}
    assert len({s.code for s in SERVICES}) == len(SERVICES)


@pytest.mark.parametrize("service", SERVICES, ids=[s.code for s in SERVICES])
def test_every_text_has_chinese_and_english(service: ServiceDefinition):
    for where, text in texts_of(service):
        assert text.zh.strip() and text.en.strip(), where
        assert text.zh != text.en or text.zh.isascii(), where


@pytest.mark.parametrize(("service", "matter"), MATTERS, ids=IDS)
def test_keys_are_unique_and_references_resolve(service: ServiceDefinition, matter: Matter):
    step_names = [s.name for s in matter.steps]
    assert len(step_names) == len(set(step_names))
    field_names = [f.name for s in matter.steps for f in s.fields]
    assert len(field_names) == len(set(field_names)), "field names repeat"
    assert not set(step_names) & {"office", "documents", "check"}, "reserved step names"
    material_codes = [m.code for m in matter.materials]
    assert len(material_codes) == len(set(material_codes))
    for step in matter.steps:
        conditions = [step.show_if, *(f.show_if for f in step.fields)]
        for condition in filter(None, conditions):
            assert condition.field in field_names, f"{step.name}: {condition.field}"
        for field in step.fields:
            if field.kind in (FieldKind.SELECT, FieldKind.RADIO, FieldKind.CHECKBOXES):
                assert field.options, field.name
                values = [o.value for o in field.options]
                assert len(values) == len(set(values)), field.name
    for material in matter.materials:
        if material.show_if:
            assert material.show_if.field in field_names
    assert 0 < matter.promised_days <= matter.statutory_days
    assert matter.eligibility and matter.process
    if matter.kind.value in {"cancel", "replace", "reissue", "verify", "change"}:
        assert matter.certificate_field in field_names, "names the certificate it ends"
    elif matter.kind.value == "apply":
        assert matter.certificate_field is None


@pytest.mark.parametrize(("service", "matter"), MATTERS, ids=IDS)
def test_the_valid_sample_passes_every_step(service: ServiceDefinition, matter: Matter):
    assert matter.samples is not None, "every matter ships sample answers"
    result = check_all(matter, matter.samples.valid, today=TODAY)
    assert result.errors == {}
    assert summary(matter, result.answers, "zh") and summary(matter, result.answers, "en")
    assert visible_steps(matter, result.answers)


@pytest.mark.parametrize(("service", "matter"), MATTERS, ids=IDS)
def test_each_invalid_sample_is_refused_at_its_field(service: ServiceDefinition,
                                                     matter: Matter):
    assert matter.samples is not None and matter.samples.invalid
    for changes, field in matter.samples.invalid:
        answers = {**matter.samples.valid, **changes}
        result = check_all(matter, answers, today=TODAY)
        refused = {name for step_errors in result.errors.values() for name in step_errors}
        assert field in refused, f"{changes} should be refused at {field}, got {result.errors}"


# Numbers already issued carry these: a prefix never changes, and no two services share one.
PREFIXES_ISSUED = {
    "one-child-resident": "YHS", "two-child-floating": "EHS",
    "one-child-floating-cross-province": "KYH", "honor-certificate": "RYZ",
    "institution-establishment": "SZP", "institution-practice-license": "ZYX",
    "personnel-certificate": "HGZ",
}


def issues_a_certificate(service: ServiceDefinition) -> bool:
    return any(m.kind != MatterKind.CANCEL for m in service.matters)


def test_every_service_that_issues_a_certificate_has_a_prefix_of_its_own():
    issuing = [s for s in SERVICES if issues_a_certificate(s)]
    assert issuing, "some service issues a certificate"
    prefixes = []
    for service in issuing:
        assert service.certificate is not None, f"{service.code} declares no certificate"
        assert re.fullmatch(r"[A-Z]{3}", service.certificate.prefix), service.code
        prefixes.append(service.certificate.prefix)
    assert len(prefixes) == len(set(prefixes)), f"prefixes repeat: {sorted(prefixes)}"
    for service in SERVICES:
        if not issues_a_certificate(service):
            assert service.certificate is None, f"{service.code} issues nothing"


@pytest.mark.parametrize(("code", "prefix"), PREFIXES_ISSUED.items())
def test_the_prefixes_of_numbers_already_issued_stay(code: str, prefix: str):
    service = registry()[code]
    assert service.certificate is not None and service.certificate.prefix == prefix


CERTIFYING = [s for s in SERVICES if s.certificate is not None]


@pytest.mark.parametrize("service", CERTIFYING, ids=[s.code for s in CERTIFYING])
def test_a_certificate_keeps_answers_its_service_asks(service: ServiceDefinition):
    assert service.certificate is not None
    asked = {f.name for m in service.matters if m.kind != MatterKind.CANCEL
             for s in m.steps for f in s.fields}
    fields = [entry.field for entry in service.certificate.entries]
    assert len(fields) == len(set(fields)), "an answer is kept twice"
    assert set(fields) <= asked, f"never asked: {set(fields) - asked}"


def test_a_certificate_prints_the_kept_answers_that_have_a_label_and_a_value():
    kept = ServiceCertificate("ABC", (CertificateEntry("b", Text("乙", "B")),
                                      CertificateEntry("a", Text("甲", "A")),
                                      CertificateEntry("items")))
    answers = {"a": "1", "other": "x", "items": ["iud"], "b": ""}
    assert kept.kept(answers) == {"a": "1", "items": ["iud"], "b": ""}
    assert kept.printed(kept.kept(answers)) == [(Text("甲", "A"), "1")]


def test_groups_are_distinct_and_the_registry_follows_their_order():
    groups = list(dict.fromkeys(s.group for s in SERVICES))
    assert len({g.code for g in groups}) == len(groups), "two groups share a code"
    assert len({g.order for g in groups}) == len(groups), "two groups share a place"
    orders = [s.group.order for s in SERVICES]
    assert orders == sorted(orders)
