"""The transactional outbox of e-mails: written with the change that causes them."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlmodel import Column, Field, SQLModel, Text

from convenience_center.models.types import UTCDateTime, utcnow


class OutboundMail(SQLModel, table=True):
    """An e-mail waiting for delivery (or delivered). A dispatcher in each worker sends it."""

    __tablename__: ClassVar[str] = "outbound_mail"

    id: int | None = Field(default=None, primary_key=True)
    to_address: str = Field(max_length=254)
    subject: str = Field(max_length=300)
    body: str = Field(sa_column=Column(Text, nullable=False))
    template: str = Field(max_length=60)
    created_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))
    claimed_at: datetime | None = Field(default=None,
                                        sa_column=Column(UTCDateTime(), nullable=True))
    sent_at: datetime | None = Field(default=None,
                                     sa_column=Column(UTCDateTime(), nullable=True, index=True))
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, max_length=500)
