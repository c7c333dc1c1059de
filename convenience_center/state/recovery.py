"""Forgotten passwords, reset links and reports of misuse (no sign-in needed)."""

from __future__ import annotations

import reflex as rx

from convenience_center.domain.errors import ValidationFailed
from convenience_center.services import recovery
from convenience_center.state.base import AppState
from convenience_center.state.forms import FormState, form_secret, form_text
from convenience_center.state.pools import call_service
from convenience_center.web.cookies import reset_cookie_name


class ForgotPasswordState(FormState, AppState):
    """Ask for a reset link. The answer is the same whether or not the address is known."""

    sent_to: rx.Field[str] = rx.field("")

    @rx.event
    def load(self):
        """Start with an empty form."""
        self.sent_to = ""
        self._clear_messages()

    @rx.event
    async def submit(self, form: dict):
        """Queue the reset e-mail if the address belongs to an active account."""
        self._clear_messages()
        email = form_text(form, "email", 300)
        try:
            await call_service(recovery.request_password_reset, email=email,
                               ip=self._client_ip())
        except ValidationFailed as failure:
            self._show_failure(failure)
            return self._focus_summary()
        self.sent_to = email.strip()
        return None


class ResetPasswordState(FormState, AppState):
    """Choose a new password through an e-mailed link.

    The link (``/auth/reset?token=...``) puts the token in an HttpOnly cookie and comes here;
    the token is read on the server from the websocket handshake and never reaches the page.
    """

    link_valid: rx.Field[bool] = rx.field(False)
    checked: rx.Field[bool] = rx.field(False)
    done: rx.Field[bool] = rx.field(False)

    def _token(self) -> str:
        return (self._cookie(reset_cookie_name()) or "")[:200]

    @rx.event
    async def load(self):
        """Check the link."""
        self._clear_messages()
        self.done = False
        token = self._token()
        self.link_valid = bool(token) and await call_service(recovery.reset_token_is_valid,
                                                             token=token)
        self.checked = True

    @rx.event
    async def submit(self, form: dict):
        """Set the new password; the link, and every session, end with it."""
        self._clear_messages()
        token = self._token()
        if not token or self.done:
            self.link_valid = False
            return None
        try:
            await call_service(recovery.reset_password, token=token,
                               new=form_secret(form, "new_password"),
                               confirm=form_secret(form, "new_password_confirm"),
                               ip=self._client_ip())
        except ValidationFailed as failure:
            if "token" in failure.as_dict():
                self.link_valid = False
                return None
            self._show_failure(failure)
            return self._focus_summary()
        self.done = True
        return None


class MisuseState(FormState, AppState):
    """Report that an account was misused; it is suspended at once when the details match."""

    done: rx.Field[bool] = rx.field(False)

    @rx.event
    def load(self):
        """Start with an empty form."""
        self.done = False
        self._clear_messages()

    @rx.event
    async def submit(self, form: dict):
        """File the report (same answer whether or not the details match)."""
        self._clear_messages()
        try:
            await call_service(recovery.report_misuse,
                               identifier=form_text(form, "identifier", 300),
                               id_number=form_text(form, "id_number", 40),
                               description=form_text(form, "description", 4000),
                               ip=self._client_ip())
        except ValidationFailed as failure:
            self._show_failure(failure)
            return self._focus_summary()
        self.done = True
        return None
