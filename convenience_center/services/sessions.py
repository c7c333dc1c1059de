"""Server-side sessions. The browser holds a random token in an HttpOnly cookie; the database
holds its SHA-256. Idle timeout 30 min (citizens) / 15 min (staff), absolute 12 h."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import bindparam
from sqlmodel import Session, col, select, update

from convenience_center.domain.roles import ABSOLUTE_HOURS, idle_minutes_for
from convenience_center.models import LoginHandoff, User, UserSession, utcnow
from convenience_center.models.lengths import clip
from convenience_center.services import security
from convenience_center.services.common import CurrentUser, safe_next_path

T = TypeVar("T")
HANDOFF_SECONDS = 60
TOUCH_INTERVAL = timedelta(seconds=60)


@dataclass(frozen=True)
class EstablishedSession:
    """A session made from a handoff: the cookie value, where to go, which tab asked."""

    token: str
    next_path: str
    client_token: str | None


def _browser_hash(browser_nonce: str | None) -> str | None:
    return security.token_digest(browser_nonce[:200]) if browser_nonce else None


def create_handoff(db: Session, *, user: User, next_path: str, ip: str | None,
                   client_token: str | None = None, browser_nonce: str | None = None) -> str:
    """A single-use code, valid for a minute, that only the browser holding ``browser_nonce``
    (its binding cookie, web/browser_binding.py) can exchange for its session cookie. A code
    made without one is never exchanged."""
    code = security.new_token()
    now = utcnow()
    assert user.id is not None
    db.add(LoginHandoff(code_hash=security.token_digest(code), user_id=user.id,
                        next_path=safe_next_path(next_path), created_at=now,
                        expires_at=now + timedelta(seconds=HANDOFF_SECONDS), ip=ip,
                        client_token=clip(LoginHandoff, "client_token", client_token or "") or None,
                        browser_hash=_browser_hash(browser_nonce)))
    return code


def start_handoff(db: Session, *, user_id: int, next_path: str, ip: str | None,
                  client_token: str | None = None, browser_nonce: str | None = None) -> str:
    """A handoff for a user who has just proved who they are (e.g. right after registering)."""
    user = db.get(User, user_id)
    if user is None or user.status != "active":
        raise ValueError("no active account to sign in")
    code = create_handoff(db, user=user, next_path=next_path, ip=ip, client_token=client_token,
                          browser_nonce=browser_nonce)
    db.commit()
    return code


def consume_handoff(db: Session, *, code: str, browser_nonce: str | None, ip: str | None,
                    user_agent: str | None) -> EstablishedSession | None:
    """Exchange a handoff code for a new session, or ``None`` if the code is not live or
    ``browser_nonce`` is not the one of the browser that asked for it (login CSRF: a code
    handed to another browser is spent, not exchanged)."""
    now = utcnow()
    handoff = db.exec(
        select(LoginHandoff).where(LoginHandoff.code_hash == security.token_digest(code))
    ).first()
    if handoff is None or handoff.used_at is not None or handoff.expires_at <= now:
        return None
    client_token = handoff.client_token  # read first: the update below clears it
    claimed = db.exec(  # type: ignore[call-overload]
        update(LoginHandoff)
        .where(col(LoginHandoff.id) == handoff.id, col(LoginHandoff.used_at).is_(None))
        .values(used_at=now, client_token=None)
    )
    user = db.get(User, handoff.user_id)
    presented = _browser_hash(browser_nonce)
    same_browser = (handoff.browser_hash is not None and presented is not None
                    and hmac.compare_digest(handoff.browser_hash, presented))
    if claimed.rowcount != 1 or user is None or user.status != "active" or not same_browser:
        db.commit()
        return None
    token = security.new_token()
    assert user.id is not None
    db.add(UserSession(
        token_hash=security.token_digest(token), user_id=user.id, created_at=now,
        last_seen_at=now, expires_at=now + timedelta(hours=ABSOLUTE_HOURS),
        idle_minutes=idle_minutes_for(user.role), ip=ip,
        user_agent=clip(UserSession, "user_agent", user_agent or "") or None,
    ))
    db.commit()
    return EstablishedSession(token, handoff.next_path, client_token)


def resolve_session(db: Session, *, token: str | None,
                    now: datetime | None = None) -> CurrentUser | None:
    """The user of a live session token, or ``None``; touches the session (idle timeout)."""
    found = _live_session(db, token=token, now=now)
    return found[0] if found else None


class FailedForUser(Exception):
    """The use case run by :func:`serve_session` raised ``error`` for ``user``: who was
    signed in is known without asking the database again."""

    def __init__(self, user: CurrentUser, error: Exception) -> None:
        super().__init__(user, error)
        self.user, self.error = user, error


def serve_session(db: Session, use_case: Callable[..., T], /, *, token: str | None,
                  **kwargs: Any) -> tuple[CurrentUser | None, T | None]:
    """Identify the holder of ``token`` and run ``use_case(db, user_id=..., **kwargs)`` for
    them on the same session: ``(None, None)`` when the token is not a live session. When the
    use case raises, :class:`FailedForUser` carries the user and its exception out.

    The user's row stays loaded while the use case runs (the session's identity map holds
    rows only while something refers to them), so reading the account again costs nothing.
    """
    found = _live_session(db, token=token)
    if found is None:
        return None, None
    user, _row = found
    try:
        return user, use_case(db, user_id=user.id, **kwargs)
    except Exception as exc:
        raise FailedForUser(user, exc) from exc


# Every event of a signed-in tab runs this query: it is built once, with its digest bound at
# each run (building the statement and its cache key anew took longer than running it).
_LIVE_SESSION = (select(UserSession, User)
                 .join(User, col(User.id) == UserSession.user_id)
                 .where(col(UserSession.token_hash) == bindparam("digest")))


def _live_session(db: Session, *, token: str | None,
                  now: datetime | None = None) -> tuple[CurrentUser, User] | None:
    if not token:
        return None
    now = now or utcnow()
    row = db.exec(_LIVE_SESSION, params={"digest": security.token_digest(token)}).first()
    if row is None:
        return None
    session, user = row
    if session.ended_at is not None:
        return None
    reason = None
    if now >= session.expires_at:
        reason = "absolute_timeout"
    elif now - session.last_seen_at >= timedelta(minutes=session.idle_minutes):
        reason = "idle_timeout"
    elif user.status != "active":
        reason = "suspended"
    if reason:
        session.ended_at, session.end_reason = now, reason
        db.add(session)
        db.commit()
        return None
    if now - session.last_seen_at >= TOUCH_INTERVAL:
        session.last_seen_at = now
        db.add(session)
        db.commit()
    assert user.id is not None and session.id is not None
    return CurrentUser(id=user.id, username=user.username, real_name=user.real_name,
                       role=user.role, office_code=user.office_code, lang=user.lang,
                       session_id=session.id), user


def signout_token(session_token: str) -> str:
    """The token the sign-out form must send: an HMAC of the session token, so it differs per
    session, is checked without being stored, and reveals nothing of the session token."""
    return security.fingerprint(session_token, purpose="signout")


def signout_token_matches(session_token: str, presented: str) -> bool:
    """Whether ``presented`` is the sign-out token of ``session_token`` (constant time)."""
    return hmac.compare_digest(signout_token(session_token), presented[:128])


def end_session(db: Session, *, token: str, reason: str = "logout") -> int | None:
    """End the session of ``token``; returns its user id (if it was live)."""
    session = db.exec(
        select(UserSession).where(UserSession.token_hash == security.token_digest(token))
    ).first()
    if session is None or session.ended_at is not None:
        return None
    session.ended_at, session.end_reason = utcnow(), reason
    db.add(session)
    db.commit()
    return session.user_id


def end_all_sessions(db: Session, *, user_id: int, reason: str,
                     keep_session_id: int | None = None) -> None:
    """End every live session of a user except ``keep_session_id`` (the caller commits)."""
    statement = update(UserSession).where(
        col(UserSession.user_id) == user_id, col(UserSession.ended_at).is_(None)
    )
    if keep_session_id is not None:
        statement = statement.where(col(UserSession.id) != keep_session_id)
    db.exec(statement.values(ended_at=utcnow(), end_reason=reason))  # type: ignore[call-overload]
    db.exec(  # unused handoffs would otherwise still open a session
        update(LoginHandoff)  # type: ignore[call-overload]
        .where(col(LoginHandoff.user_id) == user_id, col(LoginHandoff.used_at).is_(None))
        .values(used_at=utcnow())
    )


def live_session_count(db: Session, *, user_id: int) -> int:
    """How many sessions of a user are not ended (tests and the admin page use it)."""
    rows = db.exec(select(UserSession.id).where(
        UserSession.user_id == user_id, col(UserSession.ended_at).is_(None),
        col(UserSession.expires_at) > utcnow()))
    return len(rows.all())
