"""Every registered service definition: complete, bilingual, and its samples behave."""

from __future__ import annotations

from datetime import date

import pytest

from convenience_center.domain.services import registry
from convenience_center.domain.services.base import (
    FieldKind,
    Matter,
    ServiceDefinition,
    Text,
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
