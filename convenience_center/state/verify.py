"""``/verify/<cert_no>``: anyone checks a certificate (the QR code on it leads here)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from convenience_center.services import certificates
from convenience_center.state.base import AppState
from convenience_center.state.pools import call_service


class VerifyState(AppState):
    """The status of one certificate, with nothing personal beyond what is printed."""

    result: rx.Field[dict[str, Any]] = rx.field(default_factory=dict)
    checked: rx.Field[bool] = rx.field(False)

    @rx.event
    async def load(self):
        """Look the number in the address up."""
        self.result, self.checked = {}, False
        yield
        parts = self.router.url.path.strip("/").split("/")
        number = parts[1][:40] if len(parts) >= 2 else ""
        found = await call_service(certificates.verify, cert_no=number) if number else None
        if found is not None:
            self.result = {
                "cert_no": found.cert_no, "status": found.status,
                "service_zh": found.service_zh, "service_en": found.service_en,
                "office_zh": found.office_zh, "office_en": found.office_en,
                "issued": found.issued_on.isoformat(),
                "valid_until": found.valid_until.isoformat() if found.valid_until else "",
                "holder": found.holder_masked, "replaced_by": found.replaced_by or "",
                "ended_on": found.ended_on.isoformat() if found.ended_on else "",
                "ended_by_case": found.ended_by_case or "",
            }
        self.checked = True
