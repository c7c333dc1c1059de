"""``/track``: a case's progress by case number and ID number, without signing in."""

from __future__ import annotations

from typing import Any

import reflex as rx

from convenience_center.domain.cases import (
    CASE_NO_PATTERN,
    normalise_case_no,
    promise_stands,
    status_texts,
)
from convenience_center.domain.services import get_matter
from convenience_center.services import tracking
from convenience_center.services.common import local_time_text
from convenience_center.state.base import AppState
from convenience_center.state.forms import FormState, form_text
from convenience_center.state.pools import call_service


class TrackState(FormState, AppState):
    """The query form and its answer (nothing personal is shown)."""

    result: rx.Field[dict[str, Any]] = rx.field(default_factory=dict)
    # from the receipt's QR code: ``/track?case_no=...``
    case_no_given: rx.Field[str] = rx.field("")

    @rx.event
    def load(self):
        """Start with an empty form, or with the case number of the link (a receipt's QR
        code) filled in: only the ID number is left to type."""
        self.result = {}
        self._clear_messages()
        given = normalise_case_no(
            str(self.router.url.query_parameters.get("case_no", ""))[:40])
        self.case_no_given = given if CASE_NO_PATTERN.fullmatch(given) else ""

    @rx.event
    async def look_up(self, form: dict):
        """Look the case up (same answer for an unknown case and a wrong ID number)."""
        self._clear_messages()
        self.result = {}
        case_no = form_text(form, "case_no", 40)
        id_number = form_text(form, "id_number", 40)
        missing = {field: code for field, code, value in (
            ("case_no", "track.case_no_required", case_no),
            ("id_number", "id_number.required", id_number)) if not value.strip()}
        if missing:
            self.error_codes = missing
            return self._focus_summary()
        try:
            found = await call_service(tracking.track, case_no=case_no, id_number=id_number,
                                       ip=self._client_ip())
        except tracking.TooManyQueries as refusal:
            self.notice_code = refusal.code
            return None
        if found is None:
            self.notice_code = "track.not_found"
            return None
        names = get_matter(found.service_code, found.matter_code)
        service_zh = f"{names[0].name.zh} — {names[1].name.zh}" if names else found.service_code
        service_en = f"{names[0].name.en} — {names[1].name.en}" if names else found.service_code
        self.result = {
            "case_no": found.case_no, "service_zh": service_zh, "service_en": service_en,
            **status_texts(found.status, found.service_code, found.matter_code),
            "office_zh": found.office_zh, "office_en": found.office_en,
            "submitted": local_time_text(found.submitted_at),
            "promised": found.promised_date.isoformat() if promise_stands(found.status)
            else "",
            "events": [{"at": local_time_text(e.at), "zh": e.message_zh, "en": e.message_en,
                        **status_texts(e.status, found.service_code, found.matter_code)}
                       for e in found.events],
        }
        return None
