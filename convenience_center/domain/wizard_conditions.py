"""Which steps, fields and materials of a matter apply, given the answers so far.

A step, field or material with a ``show_if`` condition applies while the condition holds on
the answers; the others always apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from convenience_center.domain.services.base import Field, Material, Matter, Step


def visible_steps(matter: Matter, answers: Mapping[str, Any]) -> list[Step]:
    """The steps that apply, given the answers so far."""
    return [step for step in matter.steps
            if step.show_if is None or step.show_if.holds(answers)]


def visible_fields(step: Step, answers: Mapping[str, Any]) -> list[Field]:
    """The fields of ``step`` that apply, given the answers so far."""
    return [f for f in step.fields if f.show_if is None or f.show_if.holds(answers)]


def needed_materials(matter: Matter, answers: Mapping[str, Any]) -> list[Material]:
    """The materials this application needs, given its answers."""
    return [m for m in matter.materials if m.show_if is None or m.show_if.holds(answers)]


def required_uploads(matter: Matter, answers: Mapping[str, Any]) -> list[Material]:
    """Materials of which an electronic copy must be uploaded before submitting."""
    return [m for m in needed_materials(matter, answers)
            if m.upload and (m.required or m.show_if is not None)]


def drop_hidden(matter: Matter, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers without those of steps and fields that no longer apply."""
    kept: dict[str, Any] = {}
    for step in visible_steps(matter, answers):
        for field in visible_fields(step, answers):
            if field.name in answers:
                kept[field.name] = answers[field.name]
    return kept
