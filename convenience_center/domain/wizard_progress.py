"""How far a draft has come through the wizard, and what an answer changed in its path.

The pages of a draft are :func:`~convenience_center.domain.wizard.flow`: the definition's
steps that apply, the office, the documents (when any are uploaded) and the check page. An
answer can add a page ("remarried" adds the remarriage step) or take one away, so the total
of "Step 3 of 8" can change on the way: the page that follows such an answer says so.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from convenience_center.domain.services.base import Matter, Text
from convenience_center.domain.wizard import (
    CHECK_STEP,
    DOCUMENTS_STEP,
    OFFICE_STEP,
    find_step,
    flow,
    required_uploads,
)
from convenience_center.i18n import translate

T = Text
PAGE_TITLES = {page: T(translate(f"apply.{page}_title", "zh"), translate(f"apply.{page}_title",
                                                                         "en"))
               for page in (OFFICE_STEP, DOCUMENTS_STEP, CHECK_STEP)}


def page_title(matter: Matter, page: str) -> Text:
    """The heading of a page of the wizard (a step's title, or the office, documents or
    check page's)."""
    if page in PAGE_TITLES:
        return PAGE_TITLES[page]
    step = find_step(matter, page)
    return step.title if step is not None else T(page, page)


@dataclass(frozen=True)
class Progress:
    """How many of a draft's pages to fill (the check page not counted) are done."""

    done: int
    total: int


def progress(matter: Matter, answers: Mapping[str, Any], steps_done: Collection[str],
             uploaded: Collection[str]) -> Progress:
    """The pages done of those that apply now: question steps and the office once saved;
    the documents once every document that must be uploaded is there (when none must,
    once the office, the page before it, is done)."""
    pages = [p for p in flow(matter, answers) if p != CHECK_STEP]
    done = 0
    for page in pages:
        if page == DOCUMENTS_STEP:
            needed = {m.code for m in required_uploads(matter, answers)}
            done += bool(needed <= set(uploaded) and (needed or OFFICE_STEP in steps_done))
        else:
            done += page in steps_done
    return Progress(done, len(pages))


@dataclass(frozen=True)
class FlowChange:
    """The pages an answer added to the path and those it took away, and the new total."""

    added: tuple[Text, ...]
    removed: tuple[Text, ...]
    total: int

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


def flow_change(matter: Matter, before: Mapping[str, Any],
                after: Mapping[str, Any]) -> FlowChange:
    """What saving a step changed in the path (``before`` / ``after``: the answers)."""
    old, new = flow(matter, before), flow(matter, after)
    return FlowChange(tuple(page_title(matter, p) for p in new if p not in old),
                      tuple(page_title(matter, p) for p in old if p not in new), len(new))
