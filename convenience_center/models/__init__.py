"""SQLModel tables. Importing this package registers every table on ``SQLModel.metadata``."""

from convenience_center.models.accounts import (
    Consent,
    Lockout,
    LoginHandoff,
    MisuseReport,
    PasswordResetRequest,
    PasswordResetToken,
    RateEvent,
    User,
    UserSession,
)
from convenience_center.models.applications import (
    ApplicationDraft,
    Attachment,
    Case,
    CaseEvent,
    CaseSearchKey,
    CaseSequence,
    Certificate,
)
from convenience_center.models.audit import AuditEntry
from convenience_center.models.mail import OutboundMail
from convenience_center.models.offices import Office
from convenience_center.models.participation import (
    Complaint,
    FeedbackEvent,
    Inquiry,
    Publication,
    Rating,
    RectificationTask,
)
from convenience_center.models.types import UTCDateTime, utcnow

__all__ = [
    "ApplicationDraft",
    "Attachment",
    "AuditEntry",
    "Case",
    "CaseEvent",
    "CaseSearchKey",
    "CaseSequence",
    "Certificate",
    "Complaint",
    "Consent",
    "FeedbackEvent",
    "Inquiry",
    "Lockout",
    "LoginHandoff",
    "MisuseReport",
    "Office",
    "OutboundMail",
    "PasswordResetRequest",
    "PasswordResetToken",
    "Publication",
    "RateEvent",
    "Rating",
    "RectificationTask",
    "UTCDateTime",
    "User",
    "UserSession",
    "utcnow",
]
