"""A case as its pages show it: one presenter for the applicant's page and the officer's.

The services give typed, language-neutral cases (``services/case_views.CitizenCase``,
``services/staff_cases.StaffCase``, both around a ``services/case_records.CaseRecord``);
here they become the bilingual view dicts the case states send. What both pages show (the
names, the status, the answers, the documents, the certificate) is made once, in
:func:`record_view`.
"""

from __future__ import annotations

from typing import Any

from convenience_center import paths
from convenience_center.domain.cases import status_label
from convenience_center.domain.services import get_matter
from convenience_center.domain.services.base import Text
from convenience_center.domain.workflow import Action, Needs
from convenience_center.services.case_records import CaseRecord
from convenience_center.services.case_views import CitizenCase
from convenience_center.services.common import local_time_text
from convenience_center.services.staff_cases import StaffCase


def both(text: Text | None, key: str, missing: str = "") -> dict[str, str]:
    """``{key}_zh`` and ``{key}_en`` of a text (``missing`` for both when there is none)."""
    return {f"{key}_zh": text.zh if text else missing, f"{key}_en": text.en if text else missing}


def names_view(service_code: str, matter_code: str, *, staff: bool) -> dict[str, str]:
    """``service_zh``, ``service_en``, ``matter_zh``, ``matter_en`` of a matter by its codes:
    a matter no longer registered shows its service code (and, to staff, its matter code)."""
    found = get_matter(service_code, matter_code)
    service, matter = (found[0].name, found[1].name) if found else (None, None)
    return {**both(service, "service", service_code),
            **both(matter, "matter", matter_code if staff else "")}


def status_view(record: CaseRecord, status: str, *, staff: bool) -> dict[str, str]:
    """``status_zh``, ``status_en``: a status of a case of the record's matter."""
    return {f"status_{lang}": status_label(status, lang, kind=record.kind, staff=staff)
            for lang in ("zh", "en")}


def record_view(record: CaseRecord, *, staff: bool) -> dict[str, Any]:
    """What both case pages show: names, status, answers, documents, the certificate."""
    service = record.service or Text(record.service_code, record.service_code)
    missing_matter = record.matter_code if staff else ""
    return {
        **both(service, "service"), **both(record.matter, "matter", missing_matter),
        "case_no": record.case_no, "status": record.status,
        **status_view(record, record.status, staff=staff),
        "rows": [{"label_zh": r.label.zh, "label_en": r.label.en, "value_zh": r.value.zh,
                  "value_en": r.value.en} for r in record.answers],
        "documents": [{"id": d.public_id, "name": d.filename, "material_zh": d.material.zh,
                       "material_en": d.material.en} for d in record.documents],
        **record.certificate,
    }


def citizen_case_view(case: CitizenCase) -> dict[str, Any]:
    """The applicant's page of one of their cases."""
    record = case.record
    return {
        **record_view(record, staff=False),
        "can_rate": case.can_rate, **both(case.rating, "rating"),
        "supplement": case.supplement,
        "amend_href": paths.draft_step(case.amend_draft, "check") if case.amend_draft else "",
        "decision_reason": case.decision_reason, **both(case.office, "office"),
        "submitted": local_time_text(case.submitted_at),
        "promised": case.promised_date.isoformat(), "promise_stands": case.promise_stands,
        "provisional": case.provisional, "promised_year": str(case.promised_date.year),
        "withdrawable": case.withdrawable,
        "events": [{"at": local_time_text(e.at), "zh": e.message_zh, "en": e.message_en,
                    **status_view(record, e.status, staff=False)} for e in case.events],
    }


def _action_view(action: Action) -> dict[str, str]:
    return {"name": action.name, "zh": action.label.zh, "en": action.label.en,
            "needs": action.needs.value,
            "required": "yes" if action.needs in (Needs.REASON, Needs.MISSING_ITEMS) else ""}


def staff_case_view(case: StaffCase) -> dict[str, Any]:
    """An officer's page of a case in their jurisdiction."""
    record = case.record
    return {
        **record_view(record, staff=True),
        "version": case.version, "applicant": case.applicant,
        "applicant_id": case.applicant_id, "applicant_phone": case.applicant_phone,
        **both(case.office, "office"), **both(case.holder, "holder"),
        "submitted": local_time_text(case.submitted_at),
        "due": case.due_date.isoformat() if case.due_date else "",
        "undecided": case.undecided, "supplement": case.supplement,
        "decision_reason": case.decision_reason,
        "events": [{"at": local_time_text(e.at), **status_view(record, e.status, staff=True),
                    "zh": e.message.zh, "en": e.message.en, "comment": e.comment,
                    **both(e.office, "office"), "actor": e.actor} for e in case.events],
        "actions": [_action_view(a) for a in case.actions],
        "can_act": case.can_act, **both(case.named, "named"), "full_ids": case.full_ids,
    }
