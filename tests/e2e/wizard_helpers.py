"""Filling the application wizard in a browser, from a definition's sample answers."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from convenience_center.domain.services.base import FieldKind, Matter
from convenience_center.domain.wizard import visible_fields
from tests.e2e.helpers import wait_ready


def fill_step(page: Page, matter: Matter, step_name: str, answers: dict[str, Any],
              lang: str = "zh") -> None:
    """Answer the questions of one step by their labels, as a person would."""
    step = next(s for s in matter.steps if s.name == step_name)
    for field in visible_fields(step, answers):
        if field.prefill is not None:
            continue
        value = answers.get(field.name, "")
        label = field.label.get(lang)
        if field.kind in (FieldKind.RADIO, FieldKind.YES_NO):
            group = page.get_by_role("group", name=re.compile(re.escape(label)))
            option = ({"yes": "是", "no": "否"} if lang == "zh" else
                      {"yes": "Yes", "no": "No"})[value] if field.kind == FieldKind.YES_NO \
                else next(o.label.get(lang) for o in field.options if o.value == value)
            group.get_by_label(option, exact=True).check()
        elif field.kind == FieldKind.CHECKBOXES:
            group = page.get_by_role("group", name=re.compile(re.escape(label)))
            for option in field.options:
                box = group.get_by_label(option.label.get(lang), exact=True)
                if option.value in (value or []):
                    box.check()
                else:
                    box.uncheck()
        elif field.kind == FieldKind.DECLARATION:
            box = page.get_by_label(label, exact=True)
            if value == "yes":
                box.check()
        elif field.kind == FieldKind.SELECT:
            page.get_by_label(label, exact=True).select_option(value)
        elif value not in (None, ""):
            page.get_by_label(label, exact=True).fill(str(value))


def continue_to(page: Page, lang: str = "zh") -> None:
    page.get_by_role("button", name="保存并继续" if lang == "zh" else "Save and continue").click()


def current_step(page: Page) -> str:
    return page.url.rstrip("/").split("?")[0].rsplit("/", 1)[-1]


def answer_all_steps(page: Page, matter: Matter, answers: dict[str, Any],
                     lang: str = "zh") -> None:
    """From the first question to the office page, one step after another."""
    for step in matter.steps:
        if step.show_if is not None and not step.show_if.holds(answers):
            continue
        expect(page).to_have_url(re.compile(rf"/{step.name}/?$"), timeout=15_000)
        wait_ready(page)
        fill_step(page, matter, step.name, answers, lang)
        continue_to(page, lang)
    expect(page).to_have_url(re.compile(r"/office/?$"), timeout=15_000)
    wait_ready(page)
