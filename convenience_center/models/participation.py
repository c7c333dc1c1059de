"""Public participation: questions, complaints and suggestions, service ratings with their
rectification tasks, and the publications of open government affairs."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Index
from sqlmodel import Column, Field, SQLModel, Text

from convenience_center.models.types import UTCDateTime, utcnow


def _ts(nullable: bool = False, index: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable, index=index)


class Inquiry(SQLModel, table=True):
    """A policy question (咨询) asked by a citizen, answered by an office; may be published,
    anonymised, to the public FAQ."""

    __tablename__: ClassVar[str] = "inquiry"
    __table_args__ = (Index("ix_inquiry_office_status", "office_code", "status", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    tracking_no: str = Field(max_length=24, unique=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    office_code: str = Field(foreign_key="office.code", max_length=9)
    service_code: str | None = Field(default=None, max_length=60)
    subject: str = Field(max_length=120)
    question: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="open", max_length=12)  # open / answered
    answer: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    answered_by: int | None = Field(default=None, foreign_key="user_account.id")
    answered_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    due_date: date | None = None
    lang: str = Field(default="zh", max_length=5)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    # The public FAQ entry: edited by staff so that nothing identifies the citizen.
    faq_question: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    faq_answer: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    faq_published_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True,
                                                                           index=True))
    version: int = Field(default=1)


class Complaint(SQLModel, table=True):
    """A complaint or suggestion (投诉建议) with an accountable handler and a reply deadline."""

    __tablename__: ClassVar[str] = "complaint"
    __table_args__ = (Index("ix_complaint_office_status", "office_code", "status", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    tracking_no: str = Field(max_length=24, unique=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    kind: str = Field(max_length=20)  # office / personnel / case / suggestion
    office_code: str = Field(foreign_key="office.code", max_length=9)
    about_person: str | None = Field(default=None, max_length=50)
    about_user_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    case_no: str | None = Field(default=None, max_length=24)
    subject: str = Field(max_length=120)
    body: str = Field(sa_column=Column(Text, nullable=False))
    # domain.participation.ComplaintStatus
    status: str = Field(default="submitted", max_length=12)
    handler_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    due_date: date | None = None
    reply: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    replied_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    satisfaction: str | None = Field(default=None, max_length=12)  # satisfied / unsatisfied
    reopened: int = Field(default=0)
    lang: str = Field(default="zh", max_length=5)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    version: int = Field(default=1)


class FeedbackEvent(SQLModel, table=True):
    """The history of a question or complaint (append-only)."""

    __tablename__: ClassVar[str] = "feedback_event"
    __table_args__ = (Index("ix_feedback_event_subject", "subject_type", "subject_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    subject_type: str = Field(max_length=12)  # inquiry / complaint / rating
    subject_id: int
    at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    action: str = Field(max_length=30)
    message_zh: str = Field(max_length=2000)
    message_en: str = Field(max_length=2000)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # staff only


class Rating(SQLModel, table=True):
    """The applicant's rating of a completed case (好差评): once per case."""

    __tablename__: ClassVar[str] = "rating"
    __table_args__ = (Index("ix_rating_office_service", "office_code", "service_code"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="application_case.id", unique=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    office_code: str = Field(foreign_key="office.code", max_length=9)
    service_code: str = Field(max_length=60)
    level: int  # 5 very satisfied … 1 very dissatisfied
    efficiency: int
    guide_accuracy: int
    convenience: int
    ease_of_use: int
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class RectificationTask(SQLModel, table=True):
    """What an office must do after a poor rating: fix it and call the citizen back."""

    __tablename__: ClassVar[str] = "rectification_task"

    id: int | None = Field(default=None, primary_key=True)
    rating_id: int = Field(foreign_key="rating.id", unique=True)
    office_code: str = Field(foreign_key="office.code", max_length=9, index=True)
    due_date: date
    status: str = Field(default="open", max_length=12)  # open / closed
    measures: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # When the call back was made (as the officer records it), what came of it, and notes.
    callback_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    callback_outcome: str | None = Field(default=None, max_length=20)
    callback_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    closed_by: int | None = Field(default=None, foreign_key="user_account.id")
    closed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Publication(SQLModel, table=True):
    """A notice, policy document or interpretation of open government affairs (政务公开)."""

    __tablename__: ClassVar[str] = "publication"
    __table_args__ = (Index("ix_publication_status_published", "status", "published_at"),)

    id: int | None = Field(default=None, primary_key=True)
    pub_no: str = Field(max_length=24, unique=True)
    category: str = Field(max_length=20)  # notice / policy / interpretation / statistics
    office_code: str = Field(foreign_key="office.code", max_length=9)
    author_id: int = Field(foreign_key="user_account.id")
    title_zh: str = Field(max_length=200)
    title_en: str = Field(max_length=200)
    body_zh: str = Field(sa_column=Column(Text, nullable=False))
    body_en: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="draft", max_length=12)  # draft / published / withdrawn
    published_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    withdrawn_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    withdrawn_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    version: int = Field(default=1)
