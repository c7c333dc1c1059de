"""The offices of the population and family planning departments of Henan."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlmodel import Column, Field, SQLModel

from convenience_center.models.types import UTCDateTime, utcnow


class Office(SQLModel, table=True):
    """An office at province, city, county/district or township/street level.

    ``code`` is the GB/T 2260 region code (6 digits) or, for townships, the 9-digit
    GB/T 10114 code (county code + 3 digits).
    """

    __tablename__: ClassVar[str] = "office"

    code: str = Field(primary_key=True, max_length=9)
    name_zh: str = Field(max_length=60)
    name_en: str = Field(max_length=120)
    level: str = Field(max_length=12, index=True)
    parent_code: str | None = Field(
        default=None, foreign_key="office.code", index=True, max_length=9
    )
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow,
                                 sa_column=Column(UTCDateTime(), nullable=False))
