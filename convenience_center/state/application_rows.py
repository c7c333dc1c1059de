"""The applicant's lists as their pages show them: "My applications" and the drafts of a
matter to continue.

The services give typed, language-neutral rows (``services.applications.DraftRow`` and
``CaseRow``); here they become the bilingual view dicts of ``MyApplicationsState`` and
``ApplyStartState``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from convenience_center import paths
from convenience_center.domain.cases import promise_stands, status_texts
from convenience_center.domain.wizard_progress import Progress
from convenience_center.i18n import translate_count
from convenience_center.services.applications import CaseRow, DraftRow
from convenience_center.services.common import local_time_text
from convenience_center.state.case_view import names_view


def progress_view(progress: Progress) -> dict[str, str]:
    """"3 of 8 steps answered", in both languages (``progress_zh``, ``progress_en``)."""
    params = {"done": str(progress.done), "total": str(progress.total)}
    return {f"progress_{lang}": translate_count("apply.draft_progress", lang, progress.total,
                                                **params) for lang in ("zh", "en")}


def draft_view(draft: DraftRow) -> dict[str, str]:
    """A draft to continue: when it was saved, how far it has come, where it goes on."""
    return {"id": draft.public_id, "updated": local_time_text(draft.updated_at),
            **progress_view(draft.progress), "href": paths.draft_step(draft.public_id, "start")}


def case_row_view(case: CaseRow) -> dict[str, Any]:
    """A case to follow: its matter, number, status, when it was filed and the promised date
    (a dash once it no longer stands)."""
    return {**names_view(case.service_code, case.matter_code, staff=False),
            "case_no": case.case_no, "status": case.status,
            **status_texts(case.status, case.service_code, case.matter_code),
            "submitted": local_time_text(case.submitted_at),
            "promised": case.promised_date.isoformat() if promise_stands(case.status)
            else "—"}


def my_applications_view(drafts: Sequence[DraftRow],
                         cases: Sequence[CaseRow]) -> dict[str, list[dict[str, Any]]]:
    """``drafts`` and ``cases`` of "My applications"."""
    return {"drafts": [{**names_view(d.service_code, d.matter_code, staff=False),
                        **draft_view(d)} for d in drafts],
            "cases": [case_row_view(c) for c in cases]}
