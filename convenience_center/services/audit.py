"""Writing the append-only audit log, and refusing (and logging) non-administrators.

Reading and searching the log: ``services.audit_search``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from convenience_center.domain.errors import NotAllowed
from convenience_center.models import AuditEntry, User
from convenience_center.models.lengths import clip
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
        detail=clip(AuditEntry, "detail", json.dumps(detail, ensure_ascii=False, sort_keys=True))
        if detail else None,
    )
    db.add(entry)
    log.info("audit %s actor=%s target=%s:%s", action, actor.username or actor.ip,
             target_type or "-", target_id if target_id is not None else "-")
    return entry


def record_now(db: Session, **kwargs: Any) -> None:
    """Record and commit at once (for refusals and failures, where nothing else commits)."""
    record(db, **kwargs)
    db.commit()


def log_refusal(db: Session, *, user: CurrentUser | None, ip: str | None, attempted: str,
                target_type: str | None = None, target_id: str | None = None) -> None:
    """Record that a user (or an anonymous visitor, ``None``) was refused something."""
    actor = Actor(ip=ip) if user is None else Actor(user.id, user.username, user.role,
                                                    user.office_code, ip)
    record_now(db, actor=actor, action="permission.denied", target_type=target_type,
               target_id=target_id[:40] if target_id else None,
               detail={"attempted": attempted[:60]})


def require_admin(db: Session, actor: CurrentUser | None, ip: str | None, action: str) -> None:
    """Refuse anyone but an administrator, and log the refusal."""
    if actor is None or not actor.is_admin:
        record_now(db, actor=Actor(actor.id, actor.username, actor.role, actor.office_code, ip)
                   if actor else Actor(ip=ip),
                   action="permission.denied", detail={"attempted": action})
        raise NotAllowed(action)
