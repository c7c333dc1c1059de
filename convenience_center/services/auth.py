"""Signing in: password check with throttling and temporary lockout.

Numbers (security checklist, login.gov, Keycloak):
- 5 failed passwords for one account from one IP address within a minute lock that pair for
  10 minutes. Scoping the lock to the pair keeps an attacker elsewhere from locking out the
  real owner (lockout must not become a denial of service).
- 20 failures for one account within an hour, from anywhere, lock the account for 10 minutes
  and tell its owner by e-mail; a password reset lifts the lock at once.
- 100 failures from one IP address within an hour block that address for an hour.
Unknown accounts are throttled the same way, and answer with the same message and timing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from convenience_center.domain.errors import Refused
from convenience_center.models import User, utcnow
from convenience_center.services import audit, mail, metrics, security, throttle
from convenience_center.services.accounts import find_by_login
from convenience_center.services.audit import Actor
from convenience_center.services.common import local_time_text, public_link
from convenience_center.services.sessions import create_handoff

log = logging.getLogger("convenience_center.auth")

PAIR_LIMIT, PAIR_WINDOW = 5, timedelta(minutes=1)
ACCOUNT_LIMIT, ACCOUNT_WINDOW = 20, timedelta(hours=1)
IP_LIMIT, IP_WINDOW = 100, timedelta(hours=1)
LOCK_DURATION = timedelta(minutes=10)
IP_LOCK_DURATION = timedelta(hours=1)


class LoginRefused(Refused):
    """Sign-in refused. ``code``: ``login.invalid``, ``login.locked``, ``login.suspended``,
    ``login.reset_required``, ``login.ip_blocked``; ``until``: when a lock ends."""

    def __init__(self, code: str, until: datetime | None = None) -> None:
        super().__init__(code)
        self.until = until


def _refused(code: str, until: datetime | None = None) -> LoginRefused:
    """The refusal to raise, counted in the metrics (``cc_signin_failures_total``)."""
    metrics.count_signin_failure(code)
    return LoginRefused(code, until)


@dataclass(frozen=True)
class LoginSuccess:
    """A checked sign-in: the handoff code the browser exchanges for its session cookie."""

    handoff_code: str
    user_id: int


def _account_key(user: User | None, identifier: str) -> str:
    return f"user:{user.id}" if user else f"unknown:{identifier.strip().casefold()[:250]}"


def _active_lock(db: Session, account: str, ip: str, now: datetime) -> datetime | None:
    ends = [
        throttle.locked_until(db, scope="login_pair", key=f"{account}|{ip}", now=now),
        throttle.locked_until(db, scope="login_account", key=account, now=now),
    ]
    live = [end for end in ends if end is not None]
    return max(live) if live else None


@dataclass(frozen=True)
class LoginAttempt:
    """What the database says before the password is checked (see :func:`begin_login`)."""

    identifier: str
    ip: str
    account: str
    user_id: int | None
    password_hash: str | None
    refusal: tuple[str, datetime | None] | None  # refused whatever the password


def authenticate(db: Session, *, identifier: str, password: str, ip: str,
                 next_path: str = "/", client_token: str | None = None,
                 browser_nonce: str | None = None,
                 now: datetime | None = None) -> LoginSuccess:
    """Check a user name or e-mail and password; raise :class:`LoginRefused` if refused.

    The three steps in one go; the web app runs them apart, the password check in a pool of
    its own (state/auth.py), so that a burst of sign-ins does not take the threads that
    everyone else's database work needs. The handoff code is bound to ``browser_nonce``,
    the binding cookie of the browser that signs in (see :func:`sessions.consume_handoff`).
    """
    attempt = begin_login(db, identifier=identifier, ip=ip, now=now)
    return finish_login(db, attempt=attempt, password_ok=check_password(attempt, password),
                        next_path=next_path, client_token=client_token,
                        browser_nonce=browser_nonce, now=now)


def begin_login(db: Session, *, identifier: str, ip: str,
                now: datetime | None = None) -> LoginAttempt:
    """The database's part before the password check: blocks, locks and the account."""
    now = now or utcnow()
    if (until := throttle.locked_until(db, scope="login_ip", key=ip, now=now)) is not None:
        return LoginAttempt(identifier, ip, "", None, None, ("login.ip_blocked", until))
    user = find_by_login(db, identifier) if identifier.strip() else None
    account = _account_key(user, identifier)
    refusal = None
    if (until := _active_lock(db, account, ip, now)) is not None:
        audit.record_now(db, actor=Actor(ip=ip), action="login.refused_locked",
                         target_type="user", target_id=user.id if user else None)
        refusal = ("login.locked", until)
    return LoginAttempt(identifier, ip, account, user.id if user else None,
                        user.password_hash if user else None, refusal)


def check_password(attempt: LoginAttempt, password: str) -> bool:
    """The slow part (bcrypt, ~250 ms at cost 12): the same work whatever the answer."""
    if attempt.refusal is not None or attempt.password_hash is None:
        security.burn_password_check(password)
        return False
    return bool(password) and security.verify_password(password, attempt.password_hash)


def finish_login(db: Session, *, attempt: LoginAttempt, password_ok: bool, next_path: str = "/",
                 client_token: str | None = None, browser_nonce: str | None = None,
                 now: datetime | None = None) -> LoginSuccess:
    """The database's part after the password check: count a failure, or sign in."""
    now = now or utcnow()
    if attempt.refusal is not None:
        raise _refused(*attempt.refusal)
    user = db.get(User, attempt.user_id) if attempt.user_id is not None else None
    if not password_ok or user is None:
        _record_failure(db, user=user, identifier=attempt.identifier, account=attempt.account,
                        ip=attempt.ip, now=now)
    assert user is not None
    ip = attempt.ip
    if user.status != "active":
        audit.record_now(db, actor=Actor.of(user, ip), action="login.refused_suspended",
                         target_type="user", target_id=user.id)
        raise _refused("login.suspended")
    if user.reset_required_at is not None:  # a misuse report: a new password first
        audit.record_now(db, actor=Actor.of(user, ip), action="login.refused_reset_required",
                         target_type="user", target_id=user.id)
        raise _refused("login.reset_required")
    throttle.clear(db, scope="login_pair_fail", key=f"{attempt.account}|{ip}")
    user.last_login_at = now
    db.add(user)
    code = create_handoff(db, user=user, next_path=next_path, ip=ip, client_token=client_token,
                          browser_nonce=browser_nonce)
    audit.record(db, actor=Actor.of(user, ip), action="login.success",
                 target_type="user", target_id=user.id)
    db.commit()
    assert user.id is not None
    return LoginSuccess(handoff_code=code, user_id=user.id)


def _record_failure(db: Session, *, user: User | None, identifier: str, account: str,
                    ip: str, now: datetime) -> None:
    """Count a failed attempt, lock where a limit is reached, log it, and refuse."""
    pair = f"{account}|{ip}"
    throttle.add(db, scope="login_pair_fail", key=pair, now=now)
    throttle.add(db, scope="login_account_fail", key=account, now=now)
    throttle.add(db, scope="login_ip_fail", key=ip, now=now)
    db.flush()
    target = {"target_type": "user", "target_id": user.id} if user else {}
    audit.record(db, actor=Actor(ip=ip), action="login.failure",
                 detail=None if user else {"identifier": identifier.strip()[:60]}, **target)
    lock: tuple[str, datetime] | None = None
    if throttle.count(db, scope="login_ip_fail", key=ip, window=IP_WINDOW, now=now) >= IP_LIMIT:
        until = throttle.lock(db, scope="login_ip", key=ip, duration=IP_LOCK_DURATION, now=now)
        lock = ("login.ip_blocked", until)
        audit.record(db, actor=Actor(ip=ip), action="login.lockout_ip", detail={"ip": ip})
    elif throttle.count(db, scope="login_account_fail", key=account, window=ACCOUNT_WINDOW,
                        now=now) >= ACCOUNT_LIMIT:
        until = throttle.lock(db, scope="login_account", key=account, duration=LOCK_DURATION,
                              now=now)
        throttle.clear(db, scope="login_account_fail", key=account)
        lock = ("login.locked", until)
        audit.record(db, actor=Actor(ip=ip), action="login.lockout_account", **target)
        if user is not None:
            mail.enqueue(db, to=user.email, template="account_locked", lang=user.lang,
                         name=user.real_name, username=user.username,
                         when=local_time_text(now), reset_link=public_link("/forgot-password"))
    elif throttle.count(db, scope="login_pair_fail", key=pair, window=PAIR_WINDOW,
                        now=now) >= PAIR_LIMIT:
        until = throttle.lock(db, scope="login_pair", key=pair, duration=LOCK_DURATION, now=now)
        throttle.clear(db, scope="login_pair_fail", key=pair)
        lock = ("login.locked", until)
        audit.record(db, actor=Actor(ip=ip), action="login.lockout", **target)
    db.commit()
    if lock:
        log.warning("login lockout %s for %s from %s", lock[0], account, ip)
        raise _refused(*lock)
    raise _refused("login.invalid")


def lift_account_locks(db: Session, *, user_id: int) -> None:
    """Remove the lockouts of an account (after a password reset; the caller commits)."""
    account = f"user:{user_id}"
    throttle.clear(db, scope="login_account", key=account)
    throttle.clear(db, scope="login_account_fail", key=account)
    throttle.clear_prefix(db, scope="login_pair", prefix=account + "|")
