"""Applications: drafts, their attachments, submitted cases and their timelines."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Computed, Date, ForeignKey, Index, String, UniqueConstraint
from sqlmodel import JSON, Column, Field, SQLModel, Text

from convenience_center.models.types import UTCDateTime, utcnow


def _ts(nullable: bool = False, index: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable, index=index)


# The due date while the case's clock runs: not while it waits for the applicant (the clock is
# paused) and not once it is decided. Computed by the database, so no status change can leave
# it behind; "due soonest first" walks its index (see staff_queues). SQLite keeps it VIRTUAL
# (a column added to an existing table cannot be STORED there): its index stores the values.
# "accepted" is a status no case ever had (removed from CaseStatus); it stays here as the
# databases define the column (migration 0008), where rebuilding it would gain nothing.
RUNNING_DUE_SQL = ("CASE WHEN status IN ('submitted', 'accepted', 'in_review', 'approved') "
                   "THEN due_date END")


class ApplicationDraft(SQLModel, table=True):
    """An application being filled in; saved at every step, owned by its applicant."""

    __tablename__: ClassVar[str] = "application_draft"
    __table_args__ = (Index("ix_application_draft_user_status", "user_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(max_length=32, unique=True)  # random: drafts are not enumerable
    user_id: int = Field(foreign_key="user_account.id")
    service_code: str = Field(max_length=60)
    matter_code: str = Field(max_length=30)
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    steps_done: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    office_code: str | None = Field(default=None, foreign_key="office.code", max_length=9)
    status: str = Field(default="draft", max_length=12)  # domain.cases.DraftStatus
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    version: int = Field(default=1)


class Attachment(SQLModel, table=True):
    """An uploaded document, stored privately (never in a public folder)."""

    __tablename__: ClassVar[str] = "attachment"

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(max_length=32, unique=True)
    # What the document belongs to: an application (draft, then case), a complaint, or a
    # publication of open government affairs.
    draft_id: int | None = Field(default=None, foreign_key="application_draft.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="application_case.id", index=True)
    complaint_id: int | None = Field(default=None, foreign_key="complaint.id", index=True)
    publication_id: int | None = Field(default=None, foreign_key="publication.id", index=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True)
    material_code: str = Field(max_length=60)
    display_name: str = Field(max_length=120)
    stored_path: str = Field(max_length=200)
    content_type: str = Field(max_length=40)
    size: int
    sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    deleted_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Case(SQLModel, table=True):
    """A submitted application (办件), from submission to decision and certificate."""

    __tablename__: ClassVar[str] = "application_case"
    __table_args__ = (
        Index("ix_case_office_status_submitted", "office_code", "status", "submitted_at"),
        Index("ix_case_applicant_submitted", "applicant_id", "submitted_at"),
        Index("ix_case_holder_status_submitted", "holder_office", "status", "submitted_at",
              "id"),
        Index("ix_case_office_status_due", "office_code", "status", "due_date"),
        Index("ix_case_applicant_name", "applicant_name"),
        Index("ix_case_id_last4", "id_last4"),
        # Wide jurisdictions (a city, the province) walk these in order instead of sorting
        # everything they cover (see staff_queues.page).
        Index("ix_case_submitted_id", "submitted_at", "id"),
        Index("ix_case_due_id", "due_date", "id"),
        Index("ix_case_status_office_due", "status", "office_code", "due_date"),
        Index("ix_case_running_due_id", "running_due_date", "id"),
        Index("ix_case_office_running_due", "office_code", "running_due_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_no: str = Field(max_length=24, unique=True)
    draft_id: int = Field(foreign_key="application_draft.id", unique=True)  # one case a draft
    applicant_id: int = Field(foreign_key="user_account.id")
    service_code: str = Field(max_length=60, index=True)
    matter_code: str = Field(max_length=30)
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    office_code: str = Field(foreign_key="office.code", max_length=9)
    status: str = Field(max_length=24, index=True)
    submitted_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    promised_date: date
    promised_provisional: bool = Field(default=False)
    decided_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    lang: str = Field(default="zh", max_length=5)
    version: int = Field(default=1)
    # Who holds the case now, and until when (for the staff queues).
    current_level: str = Field(default="township", max_length=12)
    holder_office: str = Field(default="", max_length=9)
    due_date: date | None = None
    running_due_date: date | None = Field(default=None, sa_column=Column(
        Date, Computed(RUNNING_DUE_SQL, persisted=True)))
    state_since: datetime = Field(default_factory=utcnow, sa_column=_ts())
    paused_since: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    supplement_items: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    supplement_from: str | None = Field(default=None, max_length=24)  # status to go back to
    decision_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Search without joining the accounts: the applicant's name and the ID number's last 4.
    applicant_name: str = Field(default="", max_length=50)
    id_last4: str = Field(default="", max_length=4)


class CaseSearchKey(SQLModel, table=True):
    """One normalised form of a case's number or its applicant's name, which the dashboard's
    search matches by its start (see ``domain/search_keys.py``). Written at submission."""

    __tablename__: ClassVar[str] = "case_search_key"
    # (case_id, key): whether one case has a key in a range, for a list read in its own order.
    __table_args__ = (Index("ix_case_search_key_case", "case_id", "key"),)

    # Binary order on both databases ("C" on PostgreSQL, SQLite's default), so that a prefix
    # is one range of the primary key's index whatever the server's collation.
    key: str = Field(sa_column=Column(
        String(60).with_variant(String(60, collation="C"), "postgresql"), primary_key=True))
    case_id: int = Field(sa_column=Column(
        ForeignKey("application_case.id", ondelete="CASCADE"), primary_key=True))


class Certificate(SQLModel, table=True):
    """An electronic certificate (电子证照) issued at the end of a case."""

    __tablename__: ClassVar[str] = "certificate"

    id: int | None = Field(default=None, primary_key=True)
    cert_no: str = Field(max_length=40, unique=True)
    case_id: int = Field(foreign_key="application_case.id", unique=True)
    service_code: str = Field(max_length=60)
    matter_code: str = Field(max_length=30)
    holder_id: int = Field(foreign_key="user_account.id", index=True)
    holder_name: str = Field(max_length=50)
    issuing_office: str = Field(foreign_key="office.code", max_length=9)
    issued_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    valid_from: date
    valid_until: date | None = None
    status: str = Field(default="valid", max_length=12)  # domain.cases.CertificateStatus
    ended_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    ended_by_case: str | None = Field(default=None, max_length=24)
    replaced_by: str | None = Field(default=None, max_length=40)
    details: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class CaseEvent(SQLModel, table=True):
    """One entry of a case's timeline. Append-only (the database refuses changes)."""

    __tablename__: ClassVar[str] = "case_event"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="application_case.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    actor_role: str | None = Field(default=None, max_length=12)
    office_code: str | None = Field(default=None, max_length=9)
    action: str = Field(max_length=40)
    from_status: str | None = Field(default=None, max_length=24)
    to_status: str = Field(max_length=24)
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    public_message_zh: str = Field(max_length=2000)
    public_message_en: str = Field(max_length=2000)


class CaseSequence(SQLModel, table=True):
    """The last case number given per region and day (case numbers never repeat)."""

    __tablename__: ClassVar[str] = "case_sequence"
    __table_args__ = (UniqueConstraint("region", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    region: str = Field(max_length=6)
    day: str = Field(max_length=8)
    last: int = Field(default=0)
