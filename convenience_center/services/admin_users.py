"""What administrators do with accounts: suspend, reinstate, close misuse reports, rename,
send a reset link, give or take the publishing right; and creating staff accounts. The
functions behind the administration page check the caller's role themselves; the
``..._by_operator`` and ``create_staff`` ones serve ``cc-admin``. What administrators see of
accounts: ``services.admin_user_lists``.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from convenience_center.domain.contact import email_key, normalise_email
from convenience_center.domain.errors import (
    FieldError,
    InvalidValue,
    NotAllowed,
    ValidationFailed,
    collect,
)
from convenience_center.domain.identity import check_real_name
from convenience_center.domain.passwords import check_password
from convenience_center.domain.roles import STAFF_ASSIGNABLE_ROLES, Role
from convenience_center.domain.usernames import check_username, username_key
from convenience_center.models import MisuseReport, Office, User, utcnow
from convenience_center.models.lengths import clip
from convenience_center.services import audit, mail, security
from convenience_center.services.audit import Actor, require_admin
from convenience_center.services.common import CurrentUser, local_time_text
from convenience_center.services.recovery import issue_reset
from convenience_center.services.sessions import end_all_sessions


def require_admin_or_log(db: Session, *, actor: CurrentUser | None, ip: str | None,
                         action: str) -> None:
    """Keyword form of :func:`require_admin` for callers that only want the refusal logged."""
    try:
        require_admin(db, actor, ip, action)
    except NotAllowed:
        return


def _actor(actor: CurrentUser, ip: str | None) -> Actor:
    return Actor(actor.id, actor.username, actor.role, actor.office_code, ip)


def _target(db: Session, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise ValidationFailed.single("user", "admin.no_such_user")
    return user


def suspend_user(db: Session, *, actor: CurrentUser, ip: str | None, user_id: int,
                 reason: str) -> None:
    """Suspend an account and end its sessions."""
    require_admin(db, actor, ip, "suspend_user")
    if user_id == actor.id:
        raise ValidationFailed.single("user", "admin.not_yourself")
    note = reason.strip()
    if not note:
        raise ValidationFailed.single("reason", "admin.reason_required")
    user = _target(db, user_id)
    if user.status == "suspended":
        return
    user.status, user.suspended_at = "suspended", utcnow()
    user.suspended_reason = clip(User, "suspended_reason", note)
    user.version += 1
    db.add(user)
    end_all_sessions(db, user_id=user_id, reason="suspended")
    audit.record(db, actor=_actor(actor, ip), action="admin.suspend", target_type="user",
                 target_id=user_id, detail={"reason": note[:200]})
    db.commit()


def reinstate_user(db: Session, *, actor: CurrentUser, ip: str | None, user_id: int,
                   note: str = "") -> None:
    """Reinstate a suspended account and close its open misuse reports."""
    require_admin(db, actor, ip, "reinstate_user")
    user = _target(db, user_id)
    if user.status != "suspended":
        return
    now = utcnow()
    user.status, user.suspended_at, user.suspended_reason = "active", None, None
    user.version += 1
    db.add(user)
    for report in db.exec(select(MisuseReport).where(MisuseReport.user_id == user_id,
                                                     MisuseReport.status == "open")):
        report.status, report.resolved_by, report.resolved_at = "resolved", actor.id, now
        report.resolution = clip(MisuseReport, "resolution", note.strip()) or None
        db.add(report)
    audit.record(db, actor=_actor(actor, ip), action="admin.reinstate", target_type="user",
                 target_id=user_id, detail={"note": note.strip()[:200]} if note.strip() else None)
    mail.enqueue(db, to=user.email, template="account_reinstated", lang=user.lang,
                 name=user.real_name, username=user.username, when=local_time_text(now))
    db.commit()


def close_reports(db: Session, *, actor: CurrentUser, ip: str | None, user_id: int,
                  resolution: str) -> None:
    """Close the open misuse reports of an account that stays in use (how they were handled
    is required). A report did not suspend the account; this ends the administrator's part."""
    require_admin(db, actor, ip, "close_reports")
    note = resolution.strip()
    if not note:
        raise ValidationFailed.single("resolution", "admin.resolution_required")
    _target(db, user_id)
    now = utcnow()
    closed = 0
    for report in db.exec(select(MisuseReport).where(MisuseReport.user_id == user_id,
                                                     MisuseReport.status == "open")):
        report.status, report.resolved_by, report.resolved_at = "resolved", actor.id, now
        report.resolution = clip(MisuseReport, "resolution", note)
        db.add(report)
        closed += 1
    audit.record(db, actor=_actor(actor, ip), action="admin.close_reports", target_type="user",
                 target_id=user_id, detail={"closed": closed, "note": note[:200]})
    db.commit()


STAFF_ROLES = frozenset({"province", "city", "county", "township"})


def set_publishing(db: Session, *, actor: CurrentUser | None, ip: str | None, user_id: int,
                   allowed: bool) -> None:
    """Give or take the right to publish government information for the officer's office."""
    require_admin(db, actor, ip, "set_publishing")
    assert actor is not None
    _set_publishing(db, _target(db, user_id), allowed, _actor(actor, ip))


def set_publishing_by_operator(db: Session, *, username: str, allowed: bool) -> User:
    """The same from the command line (``cc-admin grant-publishing``)."""
    user = db.exec(select(User).where(User.username_key == username_key(username))).first()
    if user is None:
        raise ValidationFailed.single("user", "admin.no_such_user")
    _set_publishing(db, user, allowed, Actor(username="cc-admin"))
    return user


def _set_publishing(db: Session, user: User, allowed: bool, actor: Actor) -> None:
    if user.role not in STAFF_ROLES:
        raise ValidationFailed.single("user", "admin.publishing_staff_only")
    if user.can_publish == allowed:
        return
    user.can_publish = allowed
    user.version += 1
    db.add(user)
    audit.record(db, actor=actor,
                 action="admin.grant_publishing" if allowed else "admin.revoke_publishing",
                 target_type="user", target_id=user.id)
    db.commit()


def rename_user(db: Session, *, actor: CurrentUser, ip: str | None, user_id: int,
                new_username: str) -> None:
    """Give an account a new user name (unique); its owner is told by e-mail."""
    require_admin(db, actor, ip, "rename_user")
    try:
        name = check_username(new_username)
    except InvalidValue as exc:
        raise ValidationFailed.single("username", exc.code) from None
    user = _target(db, user_id)
    if username_key(name) == user.username_key and name == user.username:
        return
    taken = db.exec(select(User.id).where(User.username_key == username_key(name),
                                          User.id != user_id)).first()
    if taken is not None:
        raise ValidationFailed.single("username", "username.taken")
    old = user.username
    user.username, user.username_key = name, username_key(name)
    user.version += 1
    db.add(user)
    audit.record(db, actor=_actor(actor, ip), action="admin.rename", target_type="user",
                 target_id=user_id, detail={"from": old, "to": name})
    mail.enqueue(db, to=user.email, template="username_changed", lang=user.lang,
                 name=user.real_name, username=name, when=local_time_text(utcnow()))
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise ValidationFailed.single("username", "username.taken") from None


def send_reset(db: Session, *, actor: CurrentUser, ip: str | None, user_id: int) -> None:
    """Send the account's owner a password-reset link."""
    require_admin(db, actor, ip, "send_reset")
    user = _target(db, user_id)
    issue_reset(db, user=user, requested_by=f"admin:{actor.id}", ip=ip)
    audit.record(db, actor=_actor(actor, ip), action="admin.send_reset", target_type="user",
                 target_id=user_id)
    db.commit()


def create_staff(db: Session, *, username: str, real_name: str, email: str, role: str,
                 office_code: str, password: str, actor: Actor | None = None) -> User:
    """Create a staff or administrator account (used by ``cc-admin create-staff``)."""
    errors: list[FieldError] = []

    name = collect(errors, "username", check_username, username)
    real = collect(errors, "real_name", check_real_name, real_name)
    address = collect(errors, "email", normalise_email, email)
    secret = collect(errors, "password", lambda raw: check_password(
        raw, personal=[username, email, real_name]), password)
    if role not in {r.value for r in STAFF_ASSIGNABLE_ROLES}:
        errors.append(FieldError("role", "staff.role_invalid"))
    office = db.get(Office, office_code)
    if office is None:
        errors.append(FieldError("office", "staff.office_unknown"))
    elif role != Role.ADMIN and office.level != role:
        errors.append(FieldError("office", "staff.office_level_mismatch"))
    if name and db.exec(select(User.id).where(User.username_key == username_key(name))).first():
        errors.append(FieldError("username", "username.taken"))
    if address and db.exec(select(User.id).where(User.email_key == email_key(address))).first():
        errors.append(FieldError("email", "email.taken"))
    if errors:
        raise ValidationFailed(errors)
    assert name and real and address and secret
    user = User(username=name, username_key=username_key(name), real_name=real, email=address,
                email_key=email_key(address), role=role, office_code=office_code,
                password_hash=security.hash_password(secret))
    db.add(user)
    db.flush()
    audit.record(db, actor=actor or Actor(username="cc-admin"), action="admin.create_staff",
                 target_type="user", target_id=user.id,
                 detail={"role": role, "office": office_code})
    db.commit()
    return user
