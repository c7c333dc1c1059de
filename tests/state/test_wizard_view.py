"""The parts of a wizard page's view are named as the vars of the state that shows them."""

from __future__ import annotations

from dataclasses import fields

import pytest

import convenience_center.convenience_center  # noqa: F401  (the app: every state, installed)
from convenience_center.state.wizard import WizardState
from convenience_center.state.wizard_view import (
    CheckView,
    DocumentsView,
    Heading,
    OfficeStepView,
    QuestionsView,
    file_size,
)


@pytest.mark.parametrize("part", [Heading, QuestionsView, OfficeStepView, DocumentsView,
                                  CheckView])
def test_every_part_of_a_page_is_a_var_of_the_wizard(part: type):
    names = {f.name for f in fields(part)}
    sent = {n for n in names if not n.startswith("_")}
    assert sent <= set(WizardState.base_vars)
    assert names - sent <= set(WizardState.get_fields()) - set(WizardState.base_vars)


def test_file_sizes_are_whole_kilobytes_and_never_zero():
    assert [file_size(n) for n in (0, 100, 1024, 1536, 10 * 1024 * 1024)] == [
        "1 KB", "1 KB", "1 KB", "2 KB", "10240 KB"]
