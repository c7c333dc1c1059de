"""The append-only audit log (the database refuses updates and deletes)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlmodel import Column, Field, SQLModel

from convenience_center.models.types import UTCDateTime, utcnow


class AuditEntry(SQLModel, table=True):
    """Who did what, when, from where. Never updated, never deleted."""

    __tablename__: ClassVar[str] = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow,
                         sa_column=Column(UTCDateTime(), nullable=False, index=True))
    actor_id: int | None = Field(default=None, index=True)
    actor_name: str | None = Field(default=None, max_length=32)
    actor_role: str | None = Field(default=None, max_length=12)
    action: str = Field(max_length=60, index=True)
    target_type: str | None = Field(default=None, max_length=30)
    target_id: str | None = Field(default=None, max_length=60, index=True)
    office_code: str | None = Field(default=None, max_length=9, index=True)
    ip: str | None = Field(default=None, max_length=45)
    detail: str | None = Field(default=None, max_length=2000)
