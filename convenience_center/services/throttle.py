"""Rate limits and lockouts kept in the database, so they hold across several workers."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from convenience_center.models import Lockout, RateEvent, utcnow

RETENTION = timedelta(days=2)


def count(db: Session, *, scope: str, key: str, window: timedelta,
          now: datetime | None = None) -> int:
    """How many events of ``scope``/``key`` happened in the last ``window``."""
    since = (now or utcnow()) - window
    query = select(func.count()).select_from(RateEvent).where(
        RateEvent.scope == scope, RateEvent.key == key, col(RateEvent.at) > since
    )
    return int(db.exec(query).one())


def add(db: Session, *, scope: str, key: str, now: datetime | None = None) -> None:
    """Count one event (the caller commits)."""
    db.add(RateEvent(scope=scope, key=key, at=now or utcnow()))


def allow(db: Session, *, scope: str, key: str, limit: int, window: timedelta,
          now: datetime | None = None) -> bool:
    """Count one event unless ``limit`` events already happened in ``window``."""
    if count(db, scope=scope, key=key, window=window, now=now) >= limit:
        return False
    add(db, scope=scope, key=key, now=now)
    return True


def locked_until(db: Session, *, scope: str, key: str,
                 now: datetime | None = None) -> datetime | None:
    """The end of the active lockout of ``scope``/``key``, if there is one."""
    query = select(func.max(Lockout.until)).where(
        Lockout.scope == scope, Lockout.key == key, col(Lockout.until) > (now or utcnow())
    )
    return db.exec(query).one()


def lock(db: Session, *, scope: str, key: str, duration: timedelta,
         now: datetime | None = None) -> datetime:
    """Lock ``scope``/``key`` for ``duration`` (the caller commits)."""
    start = now or utcnow()
    until = start + duration
    db.add(Lockout(scope=scope, key=key, created_at=start, until=until))
    return until


def clear(db: Session, *, scope: str, key: str) -> None:
    """Forget the events and lockouts of ``scope``/``key`` (after a successful login)."""
    db.exec(delete(RateEvent).where(RateEvent.scope == scope, RateEvent.key == key))  # type: ignore[call-overload]
    db.exec(delete(Lockout).where(Lockout.scope == scope, Lockout.key == key))  # type: ignore[call-overload]


def clear_prefix(db: Session, *, scope: str, prefix: str) -> None:
    """Forget the lockouts of ``scope`` whose key starts with ``prefix``."""
    db.exec(delete(Lockout).where(  # type: ignore[call-overload]
        col(Lockout.scope) == scope, col(Lockout.key).startswith(prefix)))


def prune(db: Session, *, now: datetime | None = None) -> None:
    """Drop events and lockouts too old to matter (the caller commits)."""
    cutoff = (now or utcnow()) - RETENTION
    db.exec(delete(RateEvent).where(col(RateEvent.at) < cutoff))  # type: ignore[call-overload]
    db.exec(delete(Lockout).where(col(Lockout.until) < cutoff))  # type: ignore[call-overload]
