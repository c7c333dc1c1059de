"""The signed-in user's own account: details, contact details, password."""

from __future__ import annotations

import reflex as rx

from convenience_center.domain.errors import ValidationFailed
from convenience_center.services import accounts
from convenience_center.state.base import AppState
from convenience_center.state.forms import FormState, form_secret, form_text
from convenience_center.state.pools import call_service


class AccountState(AppState):
    """What the account page shows (nothing secret: the ID number is masked)."""

    details: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    loaded: rx.Field[bool] = rx.field(False)
    welcome: rx.Field[bool] = rx.field(False)

    async def _load_details(self, user_id: int) -> None:
        view = await call_service(accounts.account_view, user_id=user_id)
        self.details = {
            "username": view.username,
            "real_name": view.real_name,
            "email": view.email,
            "phone": view.phone,
            "id_masked": view.id_masked,
            "birth_date": view.birth_date.isoformat() if view.birth_date else "",
            "sex": view.sex or "",
            "role": view.role,
            "office_code": view.office_code or "",
            "created_at": view.created_at,
        }
        self.loaded = True

    @rx.event
    async def load(self):
        """Load the account of the signed-in user, or send them to sign in."""
        self.loaded = False
        user = await self._identify()
        if user is None:
            return self._login_redirect()
        self.welcome = self.router.url.query_parameters.get("welcome") == "1"
        await self._load_details(user.id)
        return None


class ContactFormState(FormState, AppState):
    """Change e-mail address and mobile number."""

    SUMMARY_ID = "error-summary-contact"

    @rx.event
    async def submit(self, form: dict):
        """Save the contact details (a new e-mail address needs the current password)."""
        self._clear_messages()
        user = await self._identify()
        if user is None:
            return self._login_redirect()
        account = await self.get_state(AccountState)
        before = (account.details.get("email"), account.details.get("phone"))
        try:
            await call_service(accounts.update_contact, user_id=user.id,
                               email=form_text(form, "email", 300),
                               phone=form_text(form, "phone", 40),
                               current_password=form_secret(form, "current_password"),
                               ip=self._client_ip())
        except ValidationFailed as failure:
            self._show_failure(failure)
            return self._focus_summary()
        await account._load_details(user.id)
        after = (account.details.get("email"), account.details.get("phone"))
        self.notice_code = ("account.contact_saved" if after != before
                            else "account.contact_unchanged")
        return None


class PasswordFormState(FormState, AppState):
    """Change the password; every other session ends."""

    SUMMARY_ID = "error-summary-password"

    @rx.event
    async def submit(self, form: dict):
        """Check the current password and the policy, then store the new one."""
        self._clear_messages()
        user = await self._identify()
        if user is None:
            return self._login_redirect()
        try:
            await call_service(accounts.change_password, user_id=user.id,
                               session_id=user.session_id,
                               current=form_secret(form, "current_password"),
                               new=form_secret(form, "new_password"),
                               confirm=form_secret(form, "new_password_confirm"),
                               ip=self._client_ip())
        except ValidationFailed as failure:
            self._show_failure(failure)
            return self._focus_summary()
        self.notice_code = "account.password_saved"
        self._clear_form()
        return None
