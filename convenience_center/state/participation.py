"""Citizens' questions and complaints, the public FAQ and ratings (thin states over services)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import reflex as rx

from convenience_center.domain.errors import NotFound, Refused, ValidationFailed
from convenience_center.domain.participation import COMPLAINT_STATUS, INQUIRY_STATUS
from convenience_center.services import complaints, inquiries, offices, ratings
from convenience_center.services.private_files import MAX_BYTES
from convenience_center.state.base import AppState
from convenience_center.state.citizen_page import CitizenPage
from convenience_center.state.forms import FormState, form_text
from convenience_center.state.live import announce_offices
from convenience_center.state.pools import call_service


class ConsultState(CitizenPage, AppState):
    """Ask a policy question; follow the answers."""

    items: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    services: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    async def _refresh(self, user_id: int) -> None:
        found = await call_service(inquiries.mine, user_id=user_id)
        self.items = [{**asdict(v), "status_zh": INQUIRY_STATUS[v.status].zh,
                       "status_en": INQUIRY_STATUS[v.status].en} for v in found]

    @rx.event
    async def load(self):
        """Sign-in required; the citizen's questions, and the form."""
        self._clear_messages()
        user = await self._citizen()
        if user is None:
            return self._login_redirect() if not self.signed_in else None
        from convenience_center.domain.services import registry

        options = await call_service(offices.addressable_offices, user_id=user.id)
        self.choices, self.default_office = options["choices"], options["default"]
        self.services = [{"value": s.code, "zh": s.name.zh, "en": s.name.en}
                         for s in registry().values()]
        await self._link(user.id)
        await self._refresh(user.id)
        self.loaded = True
        return None

    @rx.event
    async def refresh(self):
        """An answer arrived."""
        user = await self._citizen()
        if user is not None:
            await self._seen()
            await self._refresh(user.id)

    @rx.event
    async def ask(self, form: dict):
        """Send the question to the chosen office."""
        self._clear_messages()
        user = await self._citizen()
        if user is None:
            return self._login_redirect()
        try:
            inquiry = await call_service(
                inquiries.ask, user_id=user.id, office_code=form_text(form, "office", 9),
                service_code=form_text(form, "service", 60),
                subject=form_text(form, "subject", 200), question=form_text(form, "question",
                                                                             5000),
                ip=self._client_ip())
        except ValidationFailed as failure:
            self._show_failure(failure)
            return self._focus_summary()
        self.notice_code = "participation.asked"
        self.notice_params = {"number": inquiry.tracking_no}
        self._clear_form()
        await announce_offices(await call_service(offices.office_chain_codes,
                                                  code=inquiry.office_code))
        await self._refresh(user.id)
        return None


class ComplaintsState(CitizenPage, AppState):
    """File complaints and suggestions; follow them; judge the replies."""

    items: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    kind: rx.Field[str] = rx.field("office")
    attaching_to: rx.Field[str] = rx.field("")  # the complaint the upload panel is open for
    # the new complaint's file field's React key, raised whenever its files were sent: a new,
    # empty input, so that the same files can be chosen again after a refusal (Chromium fires
    # no change for the files an input already holds); the typed text stays
    files_generation: rx.Field[int] = rx.field(0)
    # the same for the upload panel's file field, raised whenever documents were sent to it
    attach_generation: rx.Field[int] = rx.field(0)

    async def _refresh(self, user_id: int) -> None:
        found = await call_service(complaints.mine, user_id=user_id)
        self.items = [{**asdict(v), "status_zh": COMPLAINT_STATUS[v.status].zh,
                       "status_en": COMPLAINT_STATUS[v.status].en,
                       "files": [{"id": i, "name": n} for i, n in v.files],
                       "events": [{"at": a, "zh": z, "en": e} for a, z, e, _ in v.events]}
                      for v in found]

    @rx.event
    async def load(self):
        """Sign-in required; the citizen's complaints, and the form."""
        self._clear_messages()
        user = await self._citizen()
        if user is None:
            return self._login_redirect() if not self.signed_in else None
        options = await call_service(offices.addressable_offices, user_id=user.id)
        self.choices, self.default_office = options["choices"], options["default"]
        await self._link(user.id)
        await self._refresh(user.id)
        self.loaded = True
        return None

    @rx.event
    async def refresh(self):
        """A reply or a handler arrived."""
        user = await self._citizen()
        if user is not None:
            await self._seen()
            await self._refresh(user.id)

    @rx.event
    def choose_kind(self, kind: str):
        """Show the questions that go with the kind of feedback."""
        if kind in ("office", "personnel", "case", "suggestion"):
            self.kind = kind

    @rx.event
    async def file_complaint(self, files: list[rx.UploadFile], form: dict):
        """File the complaint or suggestion with the documents chosen in its form (sent
        together, so that a refused document leaves nothing half-filed)."""
        self._clear_messages()
        user = await self._citizen()
        if user is None:
            return self._login_redirect()
        if not isinstance(form, dict) or not isinstance(files, list):
            return None
        documents = [((upload.name or upload.filename or "file")[:200],
                      await upload.read(MAX_BYTES + 1))
                     for upload in files[:complaints.MAX_FILES_AT_SUBMISSION + 1]]
        self.files_generation += 1
        try:
            complaint = await call_service(
                complaints.submit, user_id=user.id, kind=form_text(form, "kind", 20),
                office_code=form_text(form, "office", 9),
                about_person=form_text(form, "about_person", 60),
                case_no=form_text(form, "case_no", 30), subject=form_text(form, "subject", 200),
                body=form_text(form, "body", 5000), files=documents, ip=self._client_ip())
        except ValidationFailed as failure:
            self._show_failure(failure)
            self.error_params = dict(getattr(failure, "params", {}))
            return self._focus_summary()
        self.notice_code = "participation.complained"
        self.notice_params = {"number": complaint.tracking_no}
        self._clear_form()
        await announce_offices(await call_service(offices.office_chain_codes,
                                                  code=complaint.office_code))
        await self._refresh(user.id)
        return None

    @rx.event
    async def attach(self, files: list[rx.UploadFile]):
        """Attach documents to the open complaint chosen with ``select`` (checked on the
        server like the documents of an application)."""
        self._clear_messages()
        user = await self._citizen()
        if user is None:
            return self._login_redirect()
        if not self.attaching_to:
            return None
        if not files:
            self.error_codes = {"file": "complaints.no_file"}
            return None
        self.attach_generation += 1
        names = []
        for upload in files[:3]:
            data = await upload.read(MAX_BYTES + 1)
            try:
                attachment = await call_service(
                    complaints.add_attachment, user_id=user.id, tracking_no=self.attaching_to,
                    filename=upload.name or "file", data=data)
            except Refused as refusal:
                self.error_codes = {"file": refusal.code}
                self.error_params = dict(refusal.params)
                break
            except NotFound:
                break
            names.append(attachment.display_name)
        if names:
            self.notice_code = "complaints.file_added"
            self.notice_params = {"name": "、".join(names)}
        await self._refresh(user.id)
        return None

    @rx.event
    def select(self, tracking_no: str):
        """Which complaint the next document is for (empty: none)."""
        if isinstance(tracking_no, str):
            self.attaching_to = tracking_no[:24]
            self.error_codes = {}

    @rx.event
    async def judge(self, form: dict):
        """Satisfied with the reply (closed) or not (reopened)."""
        self._clear_messages()
        user = await self._citizen()
        if user is None:
            return self._login_redirect()
        tracking_no = form_text(form, "tracking_no", 24)
        verdict = form_text(form, "verdict", 12)
        if verdict not in ("satisfied", "unsatisfied"):
            self.error_codes = {"verdict": "participation.verdict_required"}
            return self._focus_summary()
        try:
            complaint = await call_service(complaints.judge_reply, user_id=user.id,
                                           tracking_no=tracking_no,
                                           satisfied=verdict == "satisfied",
                                           comment=form_text(form, "comment", 1000))
        except (ValidationFailed, NotFound):
            self.notice_code = "participation.not_replied"
            return None
        self.notice_code = ("participation.judged_satisfied" if verdict == "satisfied"
                            else "participation.judged_unsatisfied")
        if complaint.due_date is not None:
            self.notice_params = {"due": complaint.due_date.isoformat()}
        if verdict == "unsatisfied":
            await announce_offices(await call_service(offices.office_chain_codes,
                                                      code=complaint.office_code))
        await self._refresh(user.id)
        return None


class FaqState(FormState, AppState):
    """The public FAQ: answered questions published without personal data."""

    entries: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    query: rx.Field[str] = rx.field("")

    @rx.event
    async def load(self):
        """The newest entries."""
        self.query = ""
        self.entries = [asdict(e) for e in await call_service(inquiries.search_faq)]

    @rx.event
    async def search(self, form: dict):
        """Entries containing every word."""
        self.query = form_text(form, "q", 100)
        self.entries = [asdict(e) for e in await call_service(inquiries.search_faq,
                                                              query=self.query)]


class RatingsState(AppState):
    """Published ratings per office and per service."""

    by_office: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    by_service: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)

    @rx.event
    async def load(self):
        """Aggregate the ratings."""
        def rows(summaries: list[ratings.RatingSummary]) -> list[dict[str, Any]]:
            return [{"key": s.key, "zh": s.name_zh, "en": s.name_en, "count": str(s.count),
                     "average": f"{s.average:.2f}",
                     "satisfied": f"{s.satisfied_share * 100:.1f}%",
                     **{f"l{level}": str(n) for level, n in s.by_level.items()}}
                    for s in summaries]

        self.by_office = rows(await call_service(ratings.published_summary, by="office"))
        self.by_service = rows(await call_service(ratings.published_summary, by="service"))
