"""The generic application wizard: checking the answers of a step and of the whole, and the path.

Pure functions over a :class:`Matter` and an answers dict (field name → str or list of str).
Errors are bilingual :class:`Text`, keyed by field name. The web layer shows a step, sends the
submitted values to :func:`check_step`, stores the cleaned values, and at the end calls
:func:`check_all` again on everything (the browser can skip steps or send anything).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from convenience_center.domain.answer_summary import SummaryRow, display_value, summary
from convenience_center.domain.field_values import FieldProblem, clean_value
from convenience_center.domain.services.base import FieldKind, Matter, Prefill, Step, Text
from convenience_center.domain.wizard_conditions import (
    drop_hidden,
    needed_materials,
    required_uploads,
    visible_fields,
    visible_steps,
)

# Checking one value, the answers that apply and how answers read have modules of their own;
# the wizard's callers import them from here, as the wizard's vocabulary.
__all__ = [
    "CHECK_STEP", "DOCUMENTS_STEP", "OFFICE_STEP", "Applicant", "FieldProblem", "FullCheck",
    "StepResult", "SummaryRow", "check_all", "check_step", "clean_value", "display_value",
    "drop_hidden", "find_step", "flow", "needed_materials", "next_step", "prefilled",
    "previous_step", "required_uploads", "step_answers", "step_of_field", "step_submission",
    "summary", "visible_fields", "visible_steps",
]


@dataclass(frozen=True)
class Applicant:
    """What the account knows about the applicant (the source of prefilled fields)."""

    name: str
    id_number: str
    mobile: str
    email: str

    def value(self, prefill: Prefill) -> str:
        """The account's value for a prefilled field."""
        return {
            Prefill.NAME: self.name,
            Prefill.ID_NUMBER: self.id_number,
            Prefill.MOBILE: self.mobile.removeprefix("+86"),
            Prefill.EMAIL: self.email,
        }[prefill]


def prefilled(matter: Matter, applicant: Applicant) -> dict[str, str]:
    """The answers that come from the account."""
    return {f.name: applicant.value(f.prefill) for step in matter.steps for f in step.fields
            if f.prefill is not None}


@dataclass(frozen=True)
class StepResult:
    """The cleaned values of a step and the problems found (field → message)."""

    values: dict[str, Any]
    errors: dict[str, Text]


def check_step(step: Step, submitted: Mapping[str, Any], *, answers: Mapping[str, Any],
               applicant: Applicant | None = None, today: date) -> StepResult:
    """Check the values submitted for ``step``.

    ``answers`` are the answers of the other steps (conditions and cross-checks may need them).
    Prefilled fields take the account's value whatever was submitted. Fields hidden by a
    condition are dropped. Cross-checks run only when every field passed its own check.
    ``today`` is the applicant's date (China's), which the caller knows and the domain does not.
    """
    merged = {**answers, **{k: v for k, v in submitted.items()}}
    values: dict[str, Any] = {}
    errors: dict[str, Text] = {}
    # Conditions are evaluated on the submitted values, so that a choice made on this very
    # page (e.g. "pregnant: yes") shows its dependent field.
    for field in visible_fields(step, merged):
        raw = (applicant.value(field.prefill) if applicant and field.prefill
               else submitted.get(field.name))
        try:
            values[field.name] = clean_value(field, raw, today=today)
        except FieldProblem as problem:
            errors[field.name] = problem.message
    if not errors:
        combined = {**answers, **values}
        for check in step.checks:
            for error in check(combined, today):
                errors.setdefault(error.field, error.message)
    return StepResult(values, errors)


def step_submission(step: Step, form: Mapping[str, list[str]]) -> dict[str, Any]:
    """A submitted form (name → the values sent) as the raw answers of ``step``: every field
    of the step, a list for checkboxes and the first value (or ``""``) for the others."""
    raw: dict[str, Any] = {}
    for field in step.fields:
        values = form.get(field.name) or []
        raw[field.name] = list(values) if field.kind == FieldKind.CHECKBOXES else \
            (values[0] if values else "")
    return raw


def step_answers(step: Step, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The stored answers that belong to ``step`` (for filling its form again)."""
    return {f.name: answers[f.name] for f in step.fields if f.name in answers}


@dataclass(frozen=True)
class FullCheck:
    """The result of checking a whole application: the first step with problems, if any."""

    answers: dict[str, Any]
    errors: dict[str, dict[str, Text]]  # step name → field → message

    @property
    def ok(self) -> bool:
        """Whether every step passed."""
        return not self.errors

    @property
    def first_step_with_errors(self) -> str | None:
        """Where to send the applicant back to."""
        return next(iter(self.errors), None)


def check_all(matter: Matter, answers: Mapping[str, Any], *, applicant: Applicant | None = None,
              today: date) -> FullCheck:
    """Check every step that applies, in order, as if each were submitted again."""
    accepted: dict[str, Any] = {}
    errors: dict[str, dict[str, Text]] = {}
    for step in visible_steps(matter, answers):
        result = check_step(step, answers, answers={**answers, **accepted},
                            applicant=applicant, today=today)
        accepted.update(result.values)
        if result.errors:
            errors[step.name] = result.errors
    return FullCheck(drop_hidden(matter, accepted), errors)


# --- the path through the wizard ------------------------------------------------------------

OFFICE_STEP = "office"
DOCUMENTS_STEP = "documents"
CHECK_STEP = "check"


def flow(matter: Matter, answers: Mapping[str, Any]) -> list[str]:
    """Every page of the wizard in order: the definition's steps that apply, then the
    handling office, the documents (when any are to be uploaded) and the check page."""
    names = [step.name for step in visible_steps(matter, answers)]
    names.append(OFFICE_STEP)
    if required_uploads(matter, answers) or any(m.upload for m in
                                                needed_materials(matter, answers)):
        names.append(DOCUMENTS_STEP)
    names.append(CHECK_STEP)
    return names


def next_step(matter: Matter, answers: Mapping[str, Any], current: str) -> str:
    """The page after ``current`` (the check page is the last)."""
    pages = flow(matter, answers)
    if current not in pages:
        return pages[0]
    return pages[min(pages.index(current) + 1, len(pages) - 1)]


def previous_step(matter: Matter, answers: Mapping[str, Any], current: str) -> str | None:
    """The page before ``current``, or ``None`` on the first page."""
    pages = flow(matter, answers)
    if current not in pages or pages.index(current) == 0:
        return None
    return pages[pages.index(current) - 1]


def find_step(matter: Matter, name: str) -> Step | None:
    """The definition step called ``name``."""
    return next((step for step in matter.steps if step.name == name), None)


def step_of_field(matter: Matter, field_name: str) -> str:
    """The name of the step that asks ``field_name``."""
    return next(step.name for step in matter.steps
                if any(f.name == field_name for f in step.fields))
