"""Reading the audit log (written by ``services.audit``): the newest entries, and the
administrators' search by action group, account, target, office and China days."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session, and_, col, or_, select

from convenience_center.domain import workflow
from convenience_center.domain.cases import CASE_NO_PATTERN, normalise_case_no
from convenience_center.domain.errors import FieldError, ValidationFailed
from convenience_center.domain.services import registry
from convenience_center.domain.usernames import username_key
from convenience_center.models import AuditEntry, User
from convenience_center.models.lengths import clip
from convenience_center.services.audit import require_admin
from convenience_center.services.common import CHINA_TZ, CurrentUser


@dataclass(frozen=True)
class AuditView:
    """One audit entry as shown to an administrator."""

    at: datetime
    actor: str
    action: str
    target: str
    ip: str
    detail: str
    id: int = 0
    role: str = ""
    office: str = ""
    target_type: str = ""
    target_id: str = ""
    target_name: str = ""  # the current user name of a ``user`` target


def _view(e: AuditEntry, target_names: dict[str, str] | None = None) -> AuditView:
    target_id = e.target_id or ""
    return AuditView(
        at=e.at,
        actor=e.actor_name or "-",
        action=e.action,
        target=f"{e.target_type}:{e.target_id}" if e.target_type else "",
        ip=e.ip or "",
        detail=e.detail or "",
        id=e.id or 0,
        role=e.actor_role or "",
        office=e.office_code or "",
        target_type=e.target_type or "",
        target_id=target_id,
        target_name=(target_names or {}).get(target_id, "") if e.target_type == "user" else "",
    )


def list_entries(
    db: Session,
    *,
    action_prefix: str = "",
    actor: str = "",
    target_id: str = "",
    limit: int = 100,
    before_id: int | None = None,
) -> list[AuditView]:
    """The newest entries first, filtered by action prefix, actor name and target."""
    query = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
    if action_prefix:
        query = query.where(col(AuditEntry.action).startswith(action_prefix))
    if actor:
        query = query.where(AuditEntry.actor_name == actor)
    if target_id:
        query = query.where(AuditEntry.target_id == target_id)
    if before_id:
        query = query.where(col(AuditEntry.id) < before_id)
    return [_view(e) for e in db.exec(query)]


# -- searching the log (administrators) --

def _declared(actor: workflow.Actor) -> tuple[str, ...]:
    """The audit names (``case.<action>``) of the actions ``actor`` takes in any matter's
    declared workflow, each once, in the order they are declared."""
    names = dict.fromkeys(action.name for service in registry().values()
                          for matter in service.matters
                          for action in workflow.workflow_of(matter).actions
                          if action.actor == actor)
    return tuple(f"case.{name}" for name in names)


# What staff do to cases: every declared staff action, and reading a case's ID numbers whole or
# printing its summary (audited, not transitions).
STAFF_CASE_ACTIONS = (*_declared(workflow.Actor.STAFF), "case.reveal_ids", "case.print_summary")
CITIZEN_CASE_ACTIONS = ("case.submit", *_declared(workflow.Actor.CITIZEN))


@dataclass(frozen=True)
class ActionGroup:
    """A family of actions to filter by: action prefixes (``login.``) and exact actions."""

    prefixes: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()


# In the order the filter offers them; "" (every action) comes first.
ACTION_GROUPS: dict[str, ActionGroup] = {
    "": ActionGroup(),
    "login": ActionGroup(prefixes=("login.",)),
    "staff": ActionGroup(actions=STAFF_CASE_ACTIONS),
    "citizen": ActionGroup(actions=CITIZEN_CASE_ACTIONS),
    "admin": ActionGroup(prefixes=("admin.",)),
    "refusals": ActionGroup(actions=("permission.denied",)),
    "account": ActionGroup(prefixes=("account.", "password_reset.", "misuse.")),
}
SEARCH_LIMIT_MAX = 200
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(9998, 12, 31)


def _starts_with(column: Any, prefix: str) -> ColumnElement[bool]:
    """``column LIKE 'prefix%'`` written as a range, which the column's b-tree index serves on
    SQLite (binary collation) and PostgreSQL (the databases use the C collation)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper)


def _group_condition(group: ActionGroup) -> ColumnElement[bool] | None:
    action = col(AuditEntry.action)
    terms = [_starts_with(action, prefix) for prefix in group.prefixes]
    if group.actions:
        terms.append(action.in_(group.actions))
    return or_(*terms) if terms else None


def china_day_start(day: date) -> datetime:
    """Midnight China Standard Time of ``day``, as an aware UTC datetime."""
    return datetime.combine(day, time.min, tzinfo=CHINA_TZ).astimezone(UTC)


_FIELD_ORDER = ("group", "office", "date_from", "date_to")


def parse_filters(*, action_group: str, office: str, date_from: str,
                  date_to: str) -> tuple[date | None, date | None]:
    """Check the filter form (days typed as ``2026-11-26``, empty for open-ended) and return
    the days; every problem is reported at once."""
    errors: list[FieldError] = []
    days: list[date | None] = []
    for field, raw in (("date_from", date_from), ("date_to", date_to)):
        text = (raw or "").strip().replace("/", "-")
        try:
            days.append(date.fromisoformat(text) if text else None)
        except ValueError:
            errors.append(FieldError(field, "audit.date_invalid"))
            days.append(None)
    errors = _filter_errors(action_group, office.strip(), days[0], days[1]) + errors
    if errors:
        raise ValidationFailed(sorted(errors, key=lambda e: _FIELD_ORDER.index(e.field)))
    return days[0], days[1]


def _user_id_by_name(db: Session, name: str) -> int | None:
    key = username_key(name)
    if not key:
        return None
    return db.exec(select(User.id).where(User.username_key == key)).first()


def _target_condition(db: Session, target: str) -> ColumnElement[bool]:
    """A case number (spaces and missing dashes tolerated), a user id, any other target id,
    or the user name of a ``user`` target."""
    text = target.strip()
    case_no = normalise_case_no(text)
    wanted = case_no if CASE_NO_PATTERN.match(case_no) else text
    condition = col(AuditEntry.target_id) == wanted
    user_id = _user_id_by_name(db, text) if not text.isdigit() else None
    if user_id is not None:
        condition = or_(condition, and_(col(AuditEntry.target_id) == str(user_id),
                                        col(AuditEntry.target_type) == "user"))
    return condition


def _filter_errors(action_group: str, office: str, date_from: date | None,
                   date_to: date | None) -> list[FieldError]:
    errors: list[FieldError] = []
    if action_group not in ACTION_GROUPS:
        errors.append(FieldError("group", "audit.group_invalid"))
    if office and not (office.isascii() and office.isdigit() and len(office) <= 9):
        errors.append(FieldError("office", "audit.office_invalid"))
    for field, day in (("date_from", date_from), ("date_to", date_to)):
        if day and not FIRST_DAY <= day <= LAST_DAY:  # far-off years overflow the arithmetic
            errors.append(FieldError(field, "audit.date_invalid"))
    if date_from and date_to and date_from > date_to:
        errors.append(FieldError("date_to", "audit.dates_reversed"))
    return errors


def search_entries(
    db: Session,
    *,
    actor: CurrentUser,
    ip: str | None,
    action_group: str = "",
    actor_name: str = "",
    target: str = "",
    office: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> tuple[list[AuditView], int | None]:
    """One page of the log for an administrator, newest first, and the cursor of the next.

    Filters: a group of actions (:data:`ACTION_GROUPS`), the acting account (by its current
    user name, so entries from before a rename are found; a name no account holds is matched
    against the name recorded), a target (case number, user id or user name), an office code
    prefix, and China Standard Time days (both inclusive). Pages are cut by id
    (``before_id``), so entries written meanwhile neither repeat nor skip an entry. Anyone but
    an administrator is refused and the refusal logged.
    """
    require_admin(db, actor, ip, "search_audit")
    office = office.strip()
    errors = _filter_errors(action_group, office, date_from, date_to)
    if errors:
        raise ValidationFailed(errors)
    conditions: list[ColumnElement[bool]] = []
    if (group := _group_condition(ACTION_GROUPS[action_group])) is not None:
        conditions.append(group)
    if name := actor_name.strip():
        user_id = _user_id_by_name(db, name)
        conditions.append(col(AuditEntry.actor_id) == user_id if user_id is not None
                          else col(AuditEntry.actor_name) == clip(AuditEntry, "actor_name", name))
    if target.strip():
        conditions.append(_target_condition(db, clip(AuditEntry, "target_id", target)))
    if office:
        conditions.append(_starts_with(col(AuditEntry.office_code), office))
    if date_from:
        conditions.append(col(AuditEntry.at) >= china_day_start(date_from))
    if date_to:
        conditions.append(col(AuditEntry.at) < china_day_start(date_to + timedelta(days=1)))
    if before_id is not None:
        conditions.append(col(AuditEntry.id) < before_id)
    size = min(max(limit, 1), SEARCH_LIMIT_MAX)
    entries = list(db.exec(select(AuditEntry).where(*conditions)
                           .order_by(col(AuditEntry.id).desc()).limit(size + 1)).all())
    more = len(entries) > size
    entries = entries[:size]
    names = _user_names(db, [e.target_id for e in entries
                             if e.target_type == "user" and (e.target_id or "").isdigit()])
    return [_view(e, names) for e in entries], (entries[-1].id if more else None)


def _user_names(db: Session, ids: list[str | None]) -> dict[str, str]:
    wanted = {int(i) for i in ids if i}
    if not wanted:
        return {}
    rows = db.exec(select(User.id, User.username).where(col(User.id).in_(wanted))).all()
    return {str(user_id): username for user_id, username in rows}


def describe_detail(raw: str) -> str:
    """The JSON detail of an entry as ``key: value; ...`` (the raw text if it is not JSON)."""
    if not raw:
        return ""
    try:
        data = json.loads(raw)
    except ValueError:
        return raw
    if not isinstance(data, dict):
        return raw
    return "; ".join(
        f"{key}: {value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}"
        for key, value in data.items())
