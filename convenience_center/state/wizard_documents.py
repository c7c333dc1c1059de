"""The documents page of the wizard: uploading, removing, going on."""

from __future__ import annotations

from typing import Any

import reflex as rx

from convenience_center.domain.errors import NotFound, Refused
from convenience_center.i18n import in_both, translate
from convenience_center.services import attachments, private_files, wizard_pages
from convenience_center.state.pools import call_service
from convenience_center.state.wizard_frame import WizardFrame
from convenience_center.state.wizard_view import DocumentsView


def _refused(name: str, refusal: Refused) -> dict[str, str]:
    """Why a file was refused, naming it, in both languages."""
    reason = in_both(refusal.code, **refusal.params)
    return {lang: translate("apply.documents_refused", lang, name=name, reason=reason[lang])
            for lang in ("zh", "en")}


class DocumentsStep(WizardFrame, mixin=True):
    """The vars and events of the documents page (:class:`DocumentsView`)."""

    materials: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    upload_material: rx.Field[str] = rx.field("")

    def _show_documents(self, view: DocumentsView | None) -> None:
        """Show the documents page (``None``: another page; its list is emptied)."""
        if view is None:
            self._show(DocumentsView(), only=("materials",))
        else:
            self._show(view)

    @rx.event
    def choose_material(self, code: str):
        """Which document the next upload is."""
        if isinstance(code, str):
            self.upload_material = code[:60]

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        """Attach the chosen file(s) to the chosen document (checked on the server)."""
        user = await self._signed_in()
        if user is None:
            return self._login_redirect()
        self.problems, self.notice, self.errors_at = [], {}, {}
        if not files:
            self._problem_at("file", in_both("apply.documents_no_file"))
            return rx.set_focus("error-summary")
        for upload in files[:5]:
            data = await upload.read(private_files.MAX_BYTES + 1)
            name = upload.name or upload.filename or "file"
            try:
                await call_service(attachments.add_attachment, user_id=user.id,
                                   public_id=self.draft, material_code=self.upload_material,
                                   filename=name, data=data)
            except Refused as refusal:
                field = "material" if refusal.code == "upload.unknown_material" else "file"
                await self._reload()
                self._problem_at(field, _refused(private_files.display_name(name), refusal))
                return rx.set_focus("error-summary")
            except NotFound:
                self.found = False
                return None
            self.notice = in_both("apply.documents_uploaded", name=name[:100])
        return await self._reload()

    @rx.event
    async def remove_file(self, attachment_id: str):
        """Remove one uploaded file."""
        user = await self._signed_in()
        if user is None or not isinstance(attachment_id, str):
            return None
        try:
            await call_service(attachments.remove_attachment, user_id=user.id,
                               public_id=self.draft, attachment_id=attachment_id[:40])
        except NotFound:
            return None
        return await self._reload()

    @rx.event
    async def documents_done(self):
        """Go on from the documents page."""
        saved = await self._save_page(wizard_pages.continue_from)
        if not isinstance(saved, tuple):
            return saved
        user, outcome = saved
        return self._go_to(outcome, user.id)
