"""``/staff/publications``: officers with the publishing right write, publish and withdraw
the notices, policy documents and interpretations of their office, and attach files.

Every handler checks that the caller is an officer; the services check the publishing right
and the office of the item again, and log refusals.
"""

from __future__ import annotations

import reflex as rx

from convenience_center.domain.errors import NotAllowed, Refused, ValidationFailed
from convenience_center.domain.participation import PUBLICATION_CATEGORIES
from convenience_center.services import publications
from convenience_center.services.common import CurrentUser
from convenience_center.services.private_files import MAX_BYTES
from convenience_center.state.forms import FormState, form_text
from convenience_center.state.personal_data import PersonalDataMarks
from convenience_center.state.pools import call_service
from convenience_center.state.staff import StaffState

UPLOAD_ID = "publication-files"
EDIT_FIELDS = ("category", "title_zh", "title_en", "body_zh", "body_en")


def _row(view: publications.PublicationView,
         dates: publications.EditingDates | None) -> dict[str, str]:
    category = PUBLICATION_CATEGORIES.get(view.category)
    return {
        "id": str(view.id), "pub_no": view.pub_no, "category": view.category,
        "category_zh": category.zh if category else view.category,
        "category_en": category.en if category else view.category,
        "title_zh": view.title_zh, "title_en": view.title_en,
        "body_zh": view.body_zh, "body_en": view.body_en, "status": view.status,
        "published": view.published, "created": dates.created if dates else "",
        "updated": dates.updated if dates else "", "withdrawn": dates.withdrawn if dates else "",
        "withdrawn_reason": dates.withdrawn_reason if dates else "",
    }


def _valid_id(value: object) -> bool:
    return isinstance(value, str) and value.isdigit() and len(value) <= 12


class StaffPublicationsState(PersonalDataMarks, FormState, StaffState):
    """The office's publications, the editor of one of them, and the confirmation (with a
    reason) of a withdrawal. An item holding personal data is not published: the editor
    opens with the places marked."""

    may_publish: rx.Field[bool] = rx.field(False)
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # the item whose withdrawal waits for its reason and a "yes"
    withdrawing_id: rx.Field[str] = rx.field("")
    editor_open: rx.Field[bool] = rx.field(False)
    editing_id: rx.Field[int] = rx.field(0)
    editing: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    editing_files: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    refused: rx.Field[bool] = rx.field(False)
    loaded: rx.Field[bool] = rx.field(False)
    _files: dict[int, list[tuple[str, str]]] = {}

    async def _reload(self, user: CurrentUser) -> None:
        """The office's items; refused (and logged by the service) without the right."""
        ip = self._client_ip()
        try:
            views = await call_service(publications.office_items, user=user, ip=ip)
            dates = await call_service(publications.office_item_dates, user=user, ip=ip)
        except NotAllowed:
            self.may_publish, self.rows, self.editor_open = False, [], False
            self.loaded = True
            return
        self.may_publish = True
        self.rows = [_row(v, dates.get(v.id)) for v in views]
        self._files = {v.id: list(v.files) for v in views}
        if self.editing_id:
            match = [r for r in self.rows if r["id"] == str(self.editing_id)]
            self.editing = match[0] if match else self.editing
        self.editing_files = [{"id": public_id, "name": name}
                              for public_id, name in self._files.get(self.editing_id, [])]
        self.loaded = True

    async def _start_action(self) -> CurrentUser | None:
        self._clear_messages()
        self.refused = False
        return await self._officer()

    @rx.event
    async def load(self):
        """Open the page (officers with the publishing right)."""
        self._clear_messages()
        self.editor_open, self.editing_id, self.editing, self.editing_files = False, 0, {}, []
        self.refused, self.loaded, self.withdrawing_id = False, False, ""
        user = await self._officer()
        if user is None:
            return self._login_redirect() if not self.signed_in else None
        await self._reload(user)
        return None

    @rx.event
    async def new_item(self):
        """Open an empty editor."""
        user = await self._start_action()
        if user is None or not self.may_publish:
            return None
        self.editor_open, self.editing_id, self.editing, self.editing_files = True, 0, {}, []
        self.withdrawing_id = ""
        self._clear_form()
        return rx.set_focus("editor-title")

    @rx.event
    async def edit(self, publication_id: str):
        """Open one of the office's items in the editor."""
        user = await self._start_action()
        if user is None or not str(publication_id).isdigit() or len(str(publication_id)) > 12:
            return None
        self.editor_open, self.editing_id, self.editing = True, int(publication_id), {}
        self.withdrawing_id = ""
        self._clear_form()
        await self._reload(user)
        if not self.editing.get("id"):
            self.editor_open, self.editing_id, self.refused = False, 0, True
            return None
        return rx.set_focus("editor-title")

    @rx.event
    def close_editor(self):
        """Put the editor away (unsaved changes are lost)."""
        self._clear_messages()
        self.editor_open, self.editing_id, self.editing, self.editing_files = False, 0, {}, []

    @rx.event
    async def save(self, form: dict):
        """Save the item as a draft (or save changes to a published one)."""
        user = await self._start_action()
        if user is None:
            return None
        values = {name: form_text(form, name, publications.MAX_BODY + 100)
                  for name in EDIT_FIELDS}
        try:
            saved = await call_service(publications.save, user=user,
                                       publication_id=self.editing_id or None,
                                       ip=self._client_ip(), **values)
        except ValidationFailed as failure:
            self._show_failure(failure)
            return self._focus_summary()
        except NotAllowed:
            self.refused = True
            await self._reload(user)
            return None
        self.editing_id = saved.id or 0
        self.notice_code, self.notice_params = "sp.pub_saved", {"number": saved.pub_no}
        self._clear_form()
        await self._reload(user)
        return rx.set_focus("editor-title")

    @rx.event
    async def publish(self, publication_id: str):
        """Make one item public (recorded in the audit log); with personal data in it, open
        it in the editor with the places marked instead."""
        user = await self._start_action()
        if user is None or not _valid_id(publication_id):
            return None
        self.withdrawing_id = ""
        try:
            changed = await call_service(publications.publish, user=user,
                                         publication_id=int(publication_id),
                                         ip=self._client_ip())
        except ValidationFailed as failure:
            self.editor_open, self.editing_id = True, int(publication_id)
            self._clear_form()
            await self._reload(user)
            self._show_failure(failure)
            return self._focus_summary()
        except NotAllowed:
            self.refused = True
            await self._reload(user)
            return None
        self.notice_code, self.notice_params = "sp.pub_published", {"number": changed.pub_no}
        await self._reload(user)
        return rx.set_focus("publications-notice")

    @rx.event
    async def ask_withdraw(self, publication_id: str):
        """Ask for the reason and a second, explicit "yes" before withdrawing an item."""
        user = await self._start_action()
        if user is None or not _valid_id(publication_id) or \
                not any(r["id"] == publication_id and r["status"] == "published"
                        for r in self.rows):
            return None
        self.withdrawing_id = publication_id
        self._clear_form()
        return rx.set_focus("withdraw-title")

    @rx.event
    def cancel_withdraw(self):
        """Keep the item published."""
        self._clear_messages()
        self.withdrawing_id = ""

    @rx.event
    async def withdraw(self, form: dict):
        """Withdraw the item being confirmed, with its reason (required; in the audit log and
        shown at the item's address)."""
        user = await self._start_action()
        if user is None or not _valid_id(self.withdrawing_id) or not isinstance(form, dict):
            return None
        try:
            changed = await call_service(
                publications.withdraw, user=user, publication_id=int(self.withdrawing_id),
                reason=form_text(form, "withdraw_reason", publications.MAX_REASON + 100),
                ip=self._client_ip())
        except ValidationFailed as failure:
            self._show_failure(failure)
            return self._focus_summary()
        except NotAllowed:
            self.refused, self.withdrawing_id = True, ""
            await self._reload(user)
            return None
        self.withdrawing_id = ""
        self.notice_code, self.notice_params = "sp.pub_withdrawn", {"number": changed.pub_no}
        await self._reload(user)
        return rx.set_focus("publications-notice")

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        """Attach files to the saved item being edited (checked on the server)."""
        user = await self._start_action()
        if user is None:
            return None
        if not self.editing_id:
            self.error_codes = {"file": "sp.pub_save_first"}
            return self._focus_summary()
        if not files:
            self.error_codes = {"file": "sp.pub_no_file"}
            return self._focus_summary()
        for upload in files[:5]:
            data = await upload.read(MAX_BYTES + 1)
            name = (upload.name or upload.filename or "file")[:200]
            try:
                await call_service(publications.add_attachment, user=user,
                                   publication_id=self.editing_id, filename=name, data=data,
                                   ip=self._client_ip())
            except Refused as refusal:
                self.error_codes, self.error_params = {"file": refusal.code}, refusal.params
                await self._reload(user)
                return self._focus_summary()
            except NotAllowed:
                self.refused = True
                await self._reload(user)
                return None
            self.notice_code, self.notice_params = "sp.pub_file_added", {"name": name[:100]}
        await self._reload(user)
        return None
