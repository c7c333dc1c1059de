"""What staff see of the cases in their jurisdiction, typed and language-neutral: the dashboard
(counts, rows, filter choices) and one case in full. ``state/staff_rows`` and
``state/case_view`` make the views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlmodel import Session, col, select

from convenience_center.domain.cases import (
    UNDECIDED_STATUSES,
    CaseStatus,
    status_label,
)
from convenience_center.domain.contact import display_phone
from convenience_center.domain.services import get_matter, registry
from convenience_center.domain.services.base import Text
from convenience_center.domain.wizard import summary
from convenience_center.domain.workflow import Action
from convenience_center.models import CaseEvent, Office, User, utcnow
from convenience_center.services import attachments, audit, offices, staff_queues, workflow
from convenience_center.services.audit import Actor
from convenience_center.services.case_records import CaseRecord, case_record
from convenience_center.services.certificates import named_certificate_note
from convenience_center.services.common import CHINA_TZ, CurrentUser, local_time_text


def _office_names(db: Session, codes: set[str]) -> dict[str, Office]:
    if not codes:
        return {}
    rows = db.exec(select(Office).where(col(Office.code).in_(sorted(codes)))).all()
    return {o.code: o for o in rows}


@dataclass(frozen=True)
class Due:
    """The Due column of a queue row: the date while the clock runs (``running``, late or
    not) or is paused while the applicant supplements (``paused``); for a decided case, the
    day it closed instead (``closed``: its old promised date no longer matters)."""

    state: Literal["running", "paused", "closed"]
    due_date: date | None = None
    closed_on: date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class QueueRow:
    """One line of the dashboard: the case, its receiving office and when it is due."""

    case: staff_queues.CaseRow
    office: Text | None
    due: Due


@dataclass(frozen=True)
class Dashboard:
    """Every queue's count and one page of the chosen queue."""

    counts: dict[str, int]
    rows: tuple[QueueRow, ...]
    next_cursor: staff_queues.Cursor | None


def dashboard(db: Session, *, user: CurrentUser, queue: str, filters: staff_queues.Filters,
              cursor: tuple[str, int] | None, today: date) -> Dashboard:
    """Counts of every queue and one page of the chosen queue."""
    counts = staff_queues.counts(db, user=user, today=today)
    rows, next_cursor = staff_queues.page(db, user=user, queue=queue, filters=filters,
                                          today=today, cursor=cursor)
    names = _office_names(db, {r.office_code for r in rows} | {r.holder_office for r in rows})
    return Dashboard(counts, tuple(QueueRow(r, _office_text(names.get(r.office_code)),
                                            _due(r, today)) for r in rows), next_cursor)


def _due(row: staff_queues.CaseRow, today: date) -> Due:
    if row.status in staff_queues.DECIDED:
        return Due("closed", closed_on=row.decided_at.astimezone(CHINA_TZ).date()
                   if row.decided_at else None)
    if row.status == CaseStatus.SUPPLEMENT_REQUIRED:  # waiting for the applicant
        return Due("paused", row.due_date)
    return Due("running", row.due_date, overdue=bool(row.due_date and row.due_date < today))


@dataclass(frozen=True)
class Option:
    """One choice of a filter: its value and its name."""

    value: str
    label: Text


@dataclass(frozen=True)
class FilterOptions:
    """The choices of the dashboard's service and office filters."""

    services: tuple[Option, ...]
    offices: tuple[Option, ...]


def filter_options(db: Session, *, user: CurrentUser) -> FilterOptions:
    """The services and the offices under this officer's office, for the filters."""
    children = offices.list_offices(db, parent_code=user.office_code) if user.office_code \
        else []
    return FilterOptions(tuple(Option(s.code, s.name) for s in registry().values()),
                         tuple(Option(o.code, Text(o.name_zh, o.name_en)) for o in children))


@dataclass(frozen=True)
class StaffEvent:
    """An entry of a case's full history, as officers see it."""

    at: datetime
    status: str
    message: Text
    comment: str
    office: Text | None
    actor: str


@dataclass(frozen=True)
class StaffCase:
    """One case as an officer sees it (``state/case_view.staff_case_view`` shows it)."""

    record: CaseRecord
    version: int
    applicant: str
    applicant_id: str             # masked
    applicant_phone: str
    office: Text | None
    holder: Text | None
    submitted_at: datetime
    due_date: date | None
    undecided: bool
    supplement: str               # what the citizen is to supplement, while the case waits
    decision_reason: str
    events: tuple[StaffEvent, ...]
    actions: tuple[Action, ...]
    can_act: bool
    named: Text | None            # what the certificate the case names is
    full_ids: bool


def _office_text(office: Office | None) -> Text | None:
    return Text(office.name_zh, office.name_en) if office else None


def case_for_staff(db: Session, *, user: CurrentUser, case_no: str, ip: str | None,
                   full_ids: bool = False) -> StaffCase:
    """One case as an officer with jurisdiction sees it (``NotAllowed`` otherwise).

    ID numbers are masked unless ``full_ids``: showing them in full is logged.
    """
    case = workflow.staff_case(db, user=user, case_no=case_no, ip=ip)
    assert case.id is not None
    found = get_matter(case.service_code, case.matter_code)
    applicant = db.get(User, case.applicant_id)
    events = db.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)
                     .order_by(col(CaseEvent.at), col(CaseEvent.id))).all()
    names = _office_names(db, {case.office_code, case.holder_office} |
                          {e.office_code for e in events if e.office_code})
    return StaffCase(
        record=case_record(db, case=case, mask_ids=not full_ids, staff=True),
        version=case.version,
        applicant=case.applicant_name,
        applicant_id=applicant.id_masked if applicant and applicant.id_masked else "",
        applicant_phone=display_phone(applicant.phone) if applicant else "",
        office=_office_text(names.get(case.office_code)),
        holder=_office_text(names.get(case.holder_office)),
        submitted_at=case.submitted_at, due_date=case.due_date,
        undecided=case.status in UNDECIDED_STATUSES,
        # The list of missing items is the citizen's to do while the case waits for it; once
        # resubmitted it is history, on the timeline.
        supplement=(case.supplement_items or "")
        if case.status == CaseStatus.SUPPLEMENT_REQUIRED else "",
        decision_reason=case.decision_reason or "",
        events=tuple(StaffEvent(e.at, e.to_status, Text(e.public_message_zh,
                                                        e.public_message_en),
                                e.comment or "", _office_text(names.get(e.office_code or "")),
                                e.actor_role or "") for e in events),
        actions=tuple(workflow.available_actions(db, user, case)),
        can_act=workflow.can_act(user, case),
        named=named_certificate_note(db, case=case, matter=found[1]) if found else None,
        full_ids=full_ids)


def reveal_identity(db: Session, *, user: CurrentUser, case_no: str, ip: str | None) -> None:
    """Record that an officer showed the full ID numbers of a case (sensitive information)."""
    workflow.staff_case(db, user=user, case_no=case_no, ip=ip)
    audit.record_now(db, actor=Actor(user.id, user.username, user.role, user.office_code, ip),
                     action="case.reveal_ids", target_type="case", target_id=case_no)


def summary_document(db: Session, *, user: CurrentUser, case_no: str, lang: str,
                     ip: str | None) -> bytes:
    """The printable summary of a case for the paper file (staff with jurisdiction)."""
    from convenience_center.documents import CaseSummary, case_summary_pdf

    case = workflow.staff_case(db, user=user, case_no=case_no, ip=ip)
    assert case.id is not None
    found = get_matter(case.service_code, case.matter_code)
    applicant = db.get(User, case.applicant_id)
    office = db.get(Office, case.office_code)
    rows = [(r.label, r.value) for r in summary(found[1], case.answers, lang, mask_ids=True,
                                                 staff=True)] if found else []
    kind = found[1].kind.value if found else ""
    names = {m.code: m.name.get(lang) for m in found[1].materials} if found else {}
    events = db.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)
                     .order_by(col(CaseEvent.at), col(CaseEvent.id))).all()
    document = CaseSummary(
        case_no=case.case_no,
        service_name=found[0].name if found else Text(case.service_code, case.service_code),
        matter_name=found[1].name if found else Text(case.matter_code, case.matter_code),
        status_label=status_label(case.status, lang, kind=kind, staff=True),
        applicant_name=case.applicant_name,
        applicant_id_masked=applicant.id_masked or "" if applicant else "",
        office_name=Text(office.name_zh, office.name_en) if office else Text("", ""),
        submitted_at=case.submitted_at, due_date=case.due_date, rows=rows,
        documents=[(names.get(a.material_code, a.material_code), a.name)
                   for a in attachments.case_attachments(db, case_id=case.id)],
        events=[(local_time_text(e.at), status_label(e.to_status, lang, kind=kind, staff=True),
                 (e.public_message_en if lang == "en" else e.public_message_zh)
                 + (f" / {e.comment}" if e.comment else "")) for e in events],
        printed_by=user.real_name, printed_at=utcnow(),
    )
    audit.record_now(db, actor=Actor(user.id, user.username, user.role, user.office_code, ip),
                     action="case.print_summary", target_type="case", target_id=case_no)
    return case_summary_pdf(document, lang)
