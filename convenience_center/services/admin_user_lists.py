"""What administrators see of accounts: the searchable, paged list, one account's row, and
the misuse reports. Nothing secret is listed: no hash, the ID number and phone masked.
Every function checks the caller's role itself (what they do with accounts:
``services.admin_users``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, or_, select

from convenience_center.domain.contact import mask_phone
from convenience_center.models import MisuseReport, User
from convenience_center.services.audit import require_admin
from convenience_center.services.common import CurrentUser, local_time_text

PAGE_SIZE = 25


@dataclass(frozen=True)
class UserRow:
    """An account as listed to an administrator (no hash, ID number masked)."""

    id: int
    username: str
    real_name: str
    email: str
    phone: str
    id_masked: str
    role: str
    office_code: str
    status: str
    created_at: str
    open_reports: int
    can_publish: bool = False


def search_users(db: Session, *, actor: CurrentUser, ip: str | None, query: str = "",
                 status: str = "", page: int = 0) -> tuple[list[UserRow], int]:
    """Accounts matching a user name, e-mail, name or the last digits of an ID number."""
    require_admin(db, actor, ip, "search_users")
    statement = select(User)
    text = query.strip()
    if text:
        like = f"%{text.casefold()}%"
        conditions: list[ColumnElement[bool]] = [
            col(User.username_key).like(like), col(User.email_key).like(like),
            col(User.real_name).like(f"%{text}%")]
        if text.isdigit() or (text[:-1].isdigit() and text[-1:] in "Xx"):
            conditions.append(col(User.id_masked).endswith(text.upper()[-4:]))
        statement = statement.where(or_(*conditions))
    if status in {"active", "suspended"}:
        statement = statement.where(User.status == status)
    total = db.exec(select(func.count()).select_from(statement.subquery())).one()
    users = db.exec(statement.order_by(col(User.id).desc())
                    .offset(max(page, 0) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    reports = _open_report_counts(db, [u.id for u in users if u.id is not None])
    rows = [_user_row(u, reports.get(u.id, 0)) for u in users]
    return rows, int(total)


def _open_report_counts(db: Session, user_ids: list[int]) -> dict[int | None, int]:
    if not user_ids:
        return {}
    rows = db.exec(select(MisuseReport.user_id, func.count())
                   .where(col(MisuseReport.user_id).in_(user_ids), MisuseReport.status == "open")
                   .group_by(col(MisuseReport.user_id))).all()
    return {user_id: int(n) for user_id, n in rows}


def user_row(db: Session, *, actor: CurrentUser, ip: str | None,
             user_id: int) -> UserRow | None:
    """One account as listed (for the selected account panel)."""
    require_admin(db, actor, ip, "user_row")
    user = db.get(User, user_id)
    if user is None or user.id is None:
        return None
    reports = _open_report_counts(db, [user.id])
    return _user_row(user, reports.get(user.id, 0))


def _user_row(u: User, open_reports: int) -> UserRow:
    return UserRow(id=u.id or 0, username=u.username, real_name=u.real_name, email=u.email,
                   phone=mask_phone(u.phone), id_masked=u.id_masked or "", role=u.role,
                   office_code=u.office_code or "", status=u.status,
                   created_at=u.created_at.date().isoformat(), open_reports=open_reports,
                   can_publish=u.can_publish)


@dataclass(frozen=True)
class ReportRow:
    """A misuse report as shown to an administrator."""

    id: int
    user_id: int
    username: str
    description: str
    created_at: str
    status: str


def list_reports(db: Session, *, actor: CurrentUser, ip: str | None,
                 status: str = "open") -> list[ReportRow]:
    """Misuse reports, newest first."""
    require_admin(db, actor, ip, "list_reports")
    rows = db.exec(select(MisuseReport, User).join(User, col(User.id) == MisuseReport.user_id)
                   .where(MisuseReport.status == status)
                   .order_by(col(MisuseReport.id).desc()).limit(100)).all()
    return [ReportRow(id=r.id or 0, user_id=r.user_id, username=u.username,
                      description=r.description, created_at=local_time_text(r.created_at),
                      status=r.status) for r, u in rows]
