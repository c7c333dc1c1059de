"""Rules of public participation: kinds, statuses, time limits and the rating scale
(GB/T 39734-2020 "好差评": five levels, with sub-scores)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from convenience_center.domain.services.base import Text

T = Text

INQUIRY_REPLY_DAYS = 5           # working days to answer a policy question
COMPLAINT_REPLY_DAYS = 15        # working days to reply to a complaint or suggestion
RECTIFICATION_DAYS = 15          # working days to fix what a poor rating found
MAX_TEXT = 4000
MAX_SUBJECT = 120

COMPLAINT_KINDS: dict[str, Text] = {
    "office": T("办事机构的服务质量", "The service of an office"),
    "personnel": T("工作人员的服务质量", "The service of a member of staff"),
    "case": T("对某个办件的投诉", "A complaint about a case"),
    "suggestion": T("意见建议", "A suggestion"),
}



class ComplaintStatus(StrEnum):
    """Where a complaint or suggestion stands (``Complaint.status``)."""

    SUBMITTED = "submitted"  # waiting for a handler
    ASSIGNED = "assigned"    # a handler took it
    REPLIED = "replied"      # answered; the citizen says whether satisfied
    CLOSED = "closed"        # satisfied (or closed by the office)
    REOPENED = "reopened"    # not satisfied: to be handled again


# Still the office's to answer (its reply clock runs).
OPEN_COMPLAINT_STATUSES = frozenset({ComplaintStatus.SUBMITTED, ComplaintStatus.ASSIGNED,
                                     ComplaintStatus.REOPENED})

COMPLAINT_STATUS: dict[str, Text] = {
    ComplaintStatus.SUBMITTED: T("已提交，等待分派", "Received, waiting for a handler"),
    ComplaintStatus.ASSIGNED: T("已分派，正在处理", "Being handled"),
    ComplaintStatus.REPLIED: T("已答复，请评价", "Replied: please tell us if you are satisfied"),
    ComplaintStatus.CLOSED: T("已办结", "Closed"),
    ComplaintStatus.REOPENED: T("已重新办理", "Reopened"),
}

INQUIRY_STATUS: dict[str, Text] = {
    "open": T("等待答复", "Waiting for an answer"),
    "answered": T("已答复", "Answered"),
}

PUBLICATION_CATEGORIES: dict[str, Text] = {
    "notice": T("通知公告", "Notices"),
    "policy": T("政策文件", "Policy documents"),
    "interpretation": T("政策解读", "Policy interpretations"),
    "statistics": T("统计信息", "Statistics"),
}


@dataclass(frozen=True)
class RatingLevel:
    """One of the five levels of the rating."""

    value: int
    label: Text
    poor: bool  # opens a rectification task


RATING_LEVELS: tuple[RatingLevel, ...] = (
    RatingLevel(5, T("非常满意", "Very satisfied"), False),
    RatingLevel(4, T("满意", "Satisfied"), False),
    RatingLevel(3, T("基本满意", "Basically satisfied"), False),
    RatingLevel(2, T("不满意", "Dissatisfied"), True),
    RatingLevel(1, T("非常不满意", "Very dissatisfied"), True),
)
SUB_SCORES: dict[str, Text] = {
    "efficiency": T("办事效率", "Efficiency"),
    "guide_accuracy": T("办事指南的准确性", "Accuracy of the service guide"),
    "convenience": T("办事便利程度", "Convenience"),
    "ease_of_use": T("平台的易用性", "Ease of use of this website"),
}
RATEABLE_STATUSES = frozenset({"issued", "denied", "not_accepted"})

# What came of the call back that closes a rectification task (回访结果).
CALLBACK_OUTCOMES: dict[str, Text] = {
    "satisfied": T("已联系上，评价人认可整改", "Reached: satisfied with what was done"),
    "partly": T("已联系上，评价人基本认可", "Reached: partly satisfied"),
    "unsatisfied": T("已联系上，评价人仍不满意", "Reached: still dissatisfied"),
    "declined": T("已联系上，评价人不愿接受回访", "Reached: did not want to talk"),
    "unreachable": T("多次联系均未接通", "Could not be reached after several tries"),
}


def level_of(value: int) -> RatingLevel | None:
    """The rating level with ``value`` (1-5)."""
    return next((level for level in RATING_LEVELS if level.value == value), None)


def tracking_number(prefix: str, day: str, sequence: int) -> str:
    """``ZX20261127-0003``: a question (ZX), complaint (TS) or publication (GK) number."""
    return f"{prefix}{day}-{sequence:04d}"
