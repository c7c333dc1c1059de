"""Registering and signing in."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from convenience_center.domain.errors import ValidationFailed
from convenience_center.services import accounts, auth, registration, security, sessions
from convenience_center.services.common import local_time_text, safe_next_path
from convenience_center.services.registration_guard import RegistrationLimited
from convenience_center.state.base import AppState
from convenience_center.state.forms import FormState, form_secret, form_text
from convenience_center.state.pools import HashingBusy, call_service, run_hashing
from convenience_center.web.cookies import browser_cookie_name


class LoginState(FormState, AppState):
    """The sign-in form."""

    busy: rx.Field[bool] = rx.field(False)

    def _next_path(self) -> str:
        return safe_next_path(self.router.url.query_parameters.get("next", "/account"))

    @rx.event
    async def load(self):
        """Reset the form; say why the user is here; skip the form when signed in already."""
        self.handoff_url = ""
        self.busy = False
        self._clear_messages()
        query = self.router.url.query_parameters
        if query.get("expired"):
            self.notice_code = "login.expired"
        elif query.get("next"):
            self.notice_code = "login.need_sign_in"
        if await self._identify() is not None:
            return rx.redirect(self._next_path())
        return None

    @rx.event
    async def submit(self, form: dict):
        """Check the user name or e-mail and password, then hand off to the session cookie."""
        self._clear_messages()
        identifier, password = form_text(form, "identifier", 254), form_secret(form, "password")
        missing = {field: code for field, code, value in (
            ("identifier", "login.identifier_required", identifier),
            ("password", "login.password_required", password)) if not value}
        if missing:
            self.error_codes = missing
            yield self._focus_summary()
            return
        self.busy = True
        yield
        try:
            attempt = await call_service(auth.begin_login, identifier=identifier,
                                         ip=self._client_ip())
            password_ok = await run_hashing(auth.check_password, attempt, password)
            result = await call_service(auth.finish_login, attempt=attempt,
                                        password_ok=password_ok, next_path=self._next_path(),
                                        client_token=self._client_token(),
                                        browser_nonce=self._cookie(browser_cookie_name()))
        except HashingBusy:
            self.busy = False
            self.error_codes = {"identifier": "login.busy"}
            yield self._focus_summary()
            return
        except auth.LoginRefused as refusal:
            self.busy = False
            self.error_codes = {"identifier": refusal.code}
            if refusal.until:
                self.error_params = {"until": local_time_text(refusal.until)}
            yield self._focus_summary()
            return
        # E-mails follow the language the person uses the site in.
        await call_service(accounts.set_language, user_id=result.user_id, lang=self._lang())
        self._hand_off(result.handoff_code)


class RegisterState(FormState, AppState):
    """The registration form."""

    FIELD_ORDER: ClassVar[tuple[str, ...]] = (
        "real_name", "id_number", "phone", "email", "username", "password", "password_confirm",
        "agree_terms", "agree_privacy")

    busy: rx.Field[bool] = rx.field(False)
    # the details were already registered: the neutral answer shows
    checked: rx.Field[bool] = rx.field(False)

    @rx.event
    async def load(self):
        """Start with an empty form; a signed-in user has nothing to register."""
        self.handoff_url = ""
        self.busy = self.checked = False
        self._clear_messages()
        if await self._identify() is not None:
            return rx.redirect("/account")
        return None

    @rx.event
    async def submit(self, form: dict):
        """Create the account (all fields checked on the server), then sign the user in."""
        self._clear_messages()
        data = registration.Registration(
            real_name=form_text(form, "real_name", 100),
            username=form_text(form, "username", 100),
            email=form_text(form, "email", 300),
            id_number=form_text(form, "id_number", 40),
            phone=form_text(form, "phone", 40),
            password=form_secret(form, "password"),
            password_confirm=form_secret(form, "password_confirm"),
            agree_terms=form.get("agree_terms") == "yes",
            agree_privacy=form.get("agree_privacy") == "yes",
            lang=self._lang(),
        )
        self.busy = True
        yield
        try:
            clean = await call_service(lambda _db: registration.check_registration(data))
            password_hash = await run_hashing(security.hash_password, clean.password)
            user = await call_service(registration.register_user, data=data,
                                      ip=self._client_ip(), password_hash=password_hash)
            if user is None:  # already registered: the owner was told; say nothing more
                self.busy, self.checked = False, True
                return
            code = await call_service(sessions.start_handoff, user_id=user.id,
                                      next_path="/account?welcome=1", ip=self._client_ip(),
                                      client_token=self._client_token(),
                                      browser_nonce=self._cookie(browser_cookie_name()))
        except ValidationFailed as failure:
            self.busy = False
            self._show_failure(failure)
            yield self._focus_summary()
            return
        except HashingBusy:
            self.busy = False
            self.notice_code = "login.busy"
            return
        except RegistrationLimited as limited:
            self.busy = False
            self.notice_code = limited.code
            return
        self._hand_off(code)
