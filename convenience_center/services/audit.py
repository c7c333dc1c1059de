"""Writing and reading the append-only audit log."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from convenience_center.models import AuditEntry, User
from convenience_center.services.common import CurrentUser

log = logging.getLogger("convenience_center.audit")


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user (or nobody, for anonymous actions) and where from."""

    user_id: int | None = None
    username: str | None = None
    role: str | None = None
    office_code: str | None = None
    ip: str | None = None

    @classmethod
    def of(cls, user: User | None, ip: str | None = None) -> Actor:
        """The actor for a user row (``None`` for an anonymous visitor)."""
        if user is None:
            return cls(ip=ip)
        return cls(user.id, user.username, user.role, user.office_code, ip)


def record(
    db: Session,
    *,
    actor: Actor,
    action: str,
    target_type: str | None = None,
    target_id: str | int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an entry to the audit log (the caller's transaction commits it)."""
    entry = AuditEntry(
        actor_id=actor.user_id,
        actor_name=actor.username,
        actor_role=actor.role,
        office_code=actor.office_code,
        ip=actor.ip,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True)[:2000] if detail else None,
    )
    db.add(entry)
    log.info("audit %s actor=%s target=%s:%s", action, actor.username or actor.ip,
             target_type or "-", target_id if target_id is not None else "-")
    return entry


def record_now(db: Session, **kwargs: Any) -> None:
    """Record and commit at once (for refusals and failures, where nothing else commits)."""
    record(db, **kwargs)
    db.commit()


def log_refusal(db: Session, *, user: CurrentUser, ip: str | None, attempted: str) -> None:
    """Record that a signed-in user tried something their role does not allow."""
    record_now(db, actor=Actor(user.id, user.username, user.role, user.office_code, ip),
               action="permission.denied", detail={"attempted": attempted[:60]})


@dataclass(frozen=True)
class AuditView:
    """One audit entry as shown to an administrator."""

    at: datetime
    actor: str
    action: str
    target: str
    ip: str
    detail: str


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
    return [
        AuditView(
            at=e.at,
            actor=e.actor_name or "-",
            action=e.action,
            target=f"{e.target_type}:{e.target_id}" if e.target_type else "",
            ip=e.ip or "",
            detail=e.detail or "",
        )
        for e in db.exec(query)
    ]
