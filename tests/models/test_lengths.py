"""models/lengths.py: the length limits the services cut values to come from the tables."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from convenience_center import models
from convenience_center.models import AuditEntry, Case, CaseSearchKey, User
from convenience_center.models.lengths import clip, max_length

SERVICES = Path(models.__file__).parents[1] / "services"


@pytest.mark.parametrize(("model", "field", "length"), [
    (User, "suspended_reason", 500),  # Field(max_length=...)
    (CaseSearchKey, "key", 60),  # a String column of its own (sa_column)
    (AuditEntry, "detail", 2000),
])
def test_the_limit_is_the_columns_length(model: type[SQLModel], field: str, length: int):
    assert max_length(model, field) == length


def test_clip_cuts_only_what_does_not_fit():
    assert clip(Case, "case_no", "x" * 30) == "x" * 24
    assert clip(Case, "case_no", "410105-20261201-0001") == "410105-20261201-0001"
    assert clip(Case, "case_no", "") == ""


@pytest.mark.parametrize("field", ["supplement_items", "promised_date", "id"])
def test_a_column_without_a_length_is_refused(field: str):
    with pytest.raises(ValueError, match=f"Case.{field}"):
        max_length(Case, field)


def test_a_field_that_is_not_a_column_is_refused():
    with pytest.raises(KeyError):
        max_length(Case, "no_such_field")


def _limits_named_in_services() -> list[tuple[str, str, str]]:
    """(file, model, field) of every ``clip(Model, "field", ...)`` and ``max_length(...)``."""
    found = []
    for path in sorted(SERVICES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("clip", "max_length") and len(node.args) >= 2):
                model, field = node.args[0], node.args[1]
                assert isinstance(model, ast.Name) and isinstance(field, ast.Constant), \
                    f"{path.name}:{node.lineno}: name the model and the field literally"
                found.append((path.name, model.id, str(field.value)))
    return found


def test_every_limit_the_services_name_is_a_bounded_column():
    named = _limits_named_in_services()
    assert named, "no service cuts a value to its column any more?"
    for filename, model, field in named:
        assert max_length(getattr(models, model), field) > 0, (filename, model, field)
