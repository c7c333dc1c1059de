"""Accounts, sessions, consents, password resets and misuse reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Index
from sqlmodel import Column, Field, SQLModel

from convenience_center.models.types import UTCDateTime, utcnow


def _ts(nullable: bool = False, index: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable, index=index)


class User(SQLModel, table=True):
    """A citizen or staff account.

    The resident ID number is sensitive personal information: it is kept encrypted
    (``id_number_enc``), compared through a keyed fingerprint and shown only masked.
    """

    __tablename__: ClassVar[str] = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=32)
    username_key: str = Field(max_length=32, unique=True)
    real_name: str = Field(max_length=50)
    email: str = Field(max_length=254)
    email_key: str = Field(max_length=254, unique=True)
    phone: str | None = Field(default=None, max_length=20)
    id_fingerprint: str | None = Field(default=None, max_length=64, unique=True)
    id_number_enc: str | None = Field(default=None, max_length=255)
    id_masked: str | None = Field(default=None, max_length=18)
    id_region: str | None = Field(default=None, max_length=6)
    birth_date: date | None = None
    sex: str | None = Field(default=None, max_length=1)
    role: str = Field(default="citizen", max_length=12, index=True)
    office_code: str | None = Field(default=None, foreign_key="office.code", max_length=9,
                                    index=True)
    password_hash: str = Field(max_length=255)
    status: str = Field(default="active", max_length=12, index=True)
    suspended_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    suspended_reason: str | None = Field(default=None, max_length=500)
    lang: str = Field(default="zh", max_length=5)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    password_changed_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    last_login_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    # Set by a misuse report: sign-in is refused until the password is reset by e-mail.
    reset_required_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    can_publish: bool = Field(default=False)  # may publish open government affairs
    version: int = Field(default=1)


class Consent(SQLModel, table=True):
    """That a user agreed to a version of a document (Notes for users, privacy notice)."""

    __tablename__: ClassVar[str] = "consent"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    document: str = Field(max_length=40)
    version: str = Field(max_length=20)
    lang: str = Field(max_length=5)
    agreed_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    ip: str | None = Field(default=None, max_length=45)


class LoginHandoff(SQLModel, table=True):
    """A single-use, seconds-long code that turns a checked login into an HttpOnly cookie."""

    __tablename__: ClassVar[str] = "login_handoff"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    next_path: str = Field(default="/", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    expires_at: datetime = Field(sa_column=_ts())
    used_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    ip: str | None = Field(default=None, max_length=45)
    # The browser tab whose page shows the refresh: told to forget it once it is used.
    client_token: str | None = Field(default=None, max_length=64)
    # SHA-256 of the browser's binding cookie (web/browser_binding.py) as the websocket that
    # asked for the code presented it: only that browser can exchange the code.
    browser_hash: str | None = Field(default=None, max_length=64)


class UserSession(SQLModel, table=True):
    """A server-side login session; the browser holds only the random token (HttpOnly cookie)."""

    __tablename__: ClassVar[str] = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    last_seen_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    expires_at: datetime = Field(sa_column=_ts())
    idle_minutes: int = Field(default=30)
    ended_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    end_reason: str | None = Field(default=None, max_length=30)
    ip: str | None = Field(default=None, max_length=45)
    user_agent: str | None = Field(default=None, max_length=300)


class PasswordResetToken(SQLModel, table=True):
    """A single-use password reset link, stored hashed, valid for at most an hour."""

    __tablename__: ClassVar[str] = "password_reset_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))
    expires_at: datetime = Field(sa_column=_ts())
    used_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    requested_by: str = Field(default="self", max_length=20)
    ip: str | None = Field(default=None, max_length=45)


class PasswordResetRequest(SQLModel, table=True):
    """A "forgot password" request waiting for the mail worker (services/recovery.py).

    The request itself only stores this row, for known and unknown addresses alike; looking
    the address up, the per-account limit, the token and the e-mail happen later, off the
    answer's path. Deleted when handled.
    """

    __tablename__: ClassVar[str] = "password_reset_request"

    id: int | None = Field(default=None, primary_key=True)
    email_key: str = Field(max_length=254)
    ip: str | None = Field(default=None, max_length=45)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class MisuseReport(SQLModel, table=True):
    """A report that an account was misused, for an administrator to look into. Filing one
    ends the account's sessions and asks for a password reset (services/recovery.py)."""

    __tablename__: ClassVar[str] = "misuse_report"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    description: str = Field(max_length=2000)
    contact: str | None = Field(default=None, max_length=254)
    status: str = Field(default="open", max_length=12, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    ip: str | None = Field(default=None, max_length=45)
    resolved_by: int | None = Field(default=None, foreign_key="user_account.id")
    resolved_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    resolution: str | None = Field(default=None, max_length=1000)


class RateEvent(SQLModel, table=True):
    """One counted event (a failed login, a reset mail, a query) for rate limits."""

    __tablename__: ClassVar[str] = "rate_event"
    __table_args__ = (Index("ix_rate_event_scope_key_at", "scope", "key", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=40)
    key: str = Field(max_length=300)
    at: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))


class Lockout(SQLModel, table=True):
    """A temporary block of a scope/key (account+IP, account, IP) until a time."""

    __tablename__: ClassVar[str] = "lockout"
    __table_args__ = (Index("ix_lockout_scope_key", "scope", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=40)
    key: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    until: datetime = Field(sa_column=_ts())
