"""Getting an account back: password reset by e-mail, and reports of misuse."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select, update

from convenience_center.domain.contact import email_key, normalise_email
from convenience_center.domain.errors import FieldError, InvalidValue, ValidationFailed
from convenience_center.domain.identity import normalise_id_number
from convenience_center.domain.passwords import check_password
from convenience_center.models import (
    MisuseReport,
    PasswordResetRequest,
    PasswordResetToken,
    User,
    utcnow,
)
from convenience_center.services import audit, mail, security, throttle
from convenience_center.services.accounts import find_by_login, set_password
from convenience_center.services.audit import Actor
from convenience_center.services.auth import lift_account_locks
from convenience_center.services.common import local_time_text, public_link
from convenience_center.services.sessions import end_all_sessions

RESET_VALIDITY = timedelta(hours=1)
RESETS_PER_ACCOUNT_PER_HOUR = 3
RESET_REQUESTS_PER_IP_PER_HOUR = 10
MISUSE_REPORTS_PER_IP_PER_HOUR = 5
MISUSE_EFFECT_WINDOW = timedelta(hours=24)


def _reset_link(db: Session, *, user: User, requested_by: str, ip: str | None,
                now: datetime) -> str:
    """Create a reset token (the caller commits) and return the link that uses it."""
    token = security.new_token()
    assert user.id is not None
    db.add(PasswordResetToken(token_hash=security.token_digest(token), user_id=user.id,
                              created_at=now, expires_at=now + RESET_VALIDITY,
                              requested_by=requested_by, ip=ip))
    return public_link(f"/auth/reset?token={token}")


def issue_reset(db: Session, *, user: User, requested_by: str, ip: str | None,
                now: datetime | None = None) -> None:
    """Create a reset token and queue its e-mail (the caller commits)."""
    link = _reset_link(db, user=user, requested_by=requested_by, ip=ip, now=now or utcnow())
    mail.enqueue(db, to=user.email, template="password_reset", lang=user.lang,
                 name=user.real_name, username=user.username, link=link,
                 misuse_link=public_link("/report-misuse"))


def request_password_reset(db: Session, *, email: str, ip: str,
                           now: datetime | None = None) -> None:
    """Queue a "forgot password" request; the mail worker handles it (:func:`handle_reset`).

    The answer must not tell whether the address has an account, by its words or by its time.
    So the request does the same work for every address, known or not: it checks the address
    and the per-address limit, stores the request, commits. Looking the address up, the
    per-account limit, the token and the e-mail happen in :func:`process_reset_requests`,
    which the mail worker runs as soon as the request is committed, away from the answer.
    """
    try:
        address = normalise_email(email)
    except InvalidValue as exc:
        raise ValidationFailed.single("email", exc.code) from None
    now = now or utcnow()
    if not throttle.allow(db, scope="reset_ip", key=ip, limit=RESET_REQUESTS_PER_IP_PER_HOUR,
                          window=timedelta(hours=1), now=now):
        audit.record_now(db, actor=Actor(ip=ip), action="password_reset.ip_limited")
        return
    db.add(PasswordResetRequest(email_key=email_key(address), ip=ip, created_at=now))
    mail.announce(db)
    db.commit()


def process_reset_requests(db: Session, *, limit: int = 50,
                           now: datetime | None = None) -> int:
    """Handle queued reset requests (each claimed once, whichever worker runs this)."""
    handled = 0
    pending = db.exec(select(PasswordResetRequest).order_by(col(PasswordResetRequest.id))
                      .limit(limit)).all()
    for request in pending:
        claimed = db.exec(delete(PasswordResetRequest)  # type: ignore[call-overload]
                          .where(col(PasswordResetRequest.id) == request.id))
        if claimed.rowcount != 1:  # another worker has it
            db.rollback()
            continue
        handle_reset(db, address_key=request.email_key, ip=request.ip, now=now or utcnow())
        db.commit()
        handled += 1
    return handled


def handle_reset(db: Session, *, address_key: str, ip: str | None, now: datetime) -> None:
    """Send a reset link if the address (its ``email_key``) belongs to an active account
    (the caller commits)."""
    user = db.exec(select(User).where(User.email_key == address_key)).first()
    if user is None or user.status != "active":
        return
    if not throttle.allow(db, scope="reset_account", key=str(user.id),
                          limit=RESETS_PER_ACCOUNT_PER_HOUR, window=timedelta(hours=1), now=now):
        audit.record(db, actor=Actor(ip=ip), action="password_reset.account_limited",
                     target_type="user", target_id=user.id)
        return
    issue_reset(db, user=user, requested_by="self", ip=ip, now=now)
    audit.record(db, actor=Actor(ip=ip), action="password_reset.requested",
                 target_type="user", target_id=user.id)


def _live_token(db: Session, token: str, now: datetime) -> PasswordResetToken | None:
    if not token or len(token) > 200:
        return None
    row = db.exec(select(PasswordResetToken).where(
        PasswordResetToken.token_hash == security.token_digest(token))).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    return row


def reset_token_is_valid(db: Session, *, token: str, now: datetime | None = None) -> bool:
    """Whether a reset link can still be used (without using it)."""
    return _live_token(db, token, now or utcnow()) is not None


def reset_password(db: Session, *, token: str, new: str, confirm: str, ip: str | None,
                   now: datetime | None = None) -> None:
    """Set a new password through a reset link; the link and every session end with it.

    Raises ``ValidationFailed`` with field ``token`` when the link is unknown, used or expired.
    There is no automatic sign-in afterwards.
    """
    now = now or utcnow()
    row = _live_token(db, token, now)
    if row is None:
        raise ValidationFailed.single("token", "reset.invalid_link")
    user = db.get(User, row.user_id)
    assert user is not None
    personal = [user.username, user.email, user.phone, user.real_name]
    if user.id_number_enc:
        personal.append(security.decrypt(user.id_number_enc))
    errors: list[FieldError] = []
    try:
        password = check_password(new, personal=personal)
    except InvalidValue as exc:
        errors.append(FieldError("new_password", exc.code))
    else:
        if confirm != new:
            errors.append(FieldError("new_password_confirm", "password_confirm.mismatch"))
    if errors:
        raise ValidationFailed(errors)
    used = db.exec(  # type: ignore[call-overload]
        update(PasswordResetToken)
        .where(col(PasswordResetToken.user_id) == user.id,
               col(PasswordResetToken.used_at).is_(None))
        .values(used_at=now)
    )
    if used.rowcount < 1:  # a concurrent request used the link first
        db.rollback()
        raise ValidationFailed.single("token", "reset.invalid_link")
    set_password(db, user=user, password=password)
    user.reset_required_at = None  # a misuse report asked for this reset
    assert user.id is not None
    end_all_sessions(db, user_id=user.id, reason="password_reset")
    lift_account_locks(db, user_id=user.id)
    audit.record(db, actor=Actor(ip=ip), action="password_reset.completed",
                 target_type="user", target_id=user.id)
    mail.enqueue(db, to=user.email, template="password_changed", lang=user.lang,
                 name=user.real_name, username=user.username, when=local_time_text(now),
                 misuse_link=public_link("/report-misuse"))
    db.commit()


def report_misuse(db: Session, *, identifier: str, id_number: str, description: str,
                  ip: str, now: datetime | None = None) -> None:
    """File a report that an account was misused, if the user name/e-mail and ID number match.

    Knowing someone's e-mail address and ID number proves nothing, so a report must help the
    owner without handing a stranger a lock. It does not suspend the account. It ends every
    session (whoever misused it is out at once), makes the next sign-in wait for a new
    password set through the registered e-mail (``reset_required_at``), e-mails the owner a
    reset link there, and puts the report before the administrators, who may suspend the
    account after looking into it. The owner is back in as soon as they read their mail.
    One report per account per day has these effects (a stranger cannot keep the owner
    resetting); later ones are recorded for the administrators only.

    The answer is the same whether or not the details match, so the form cannot be used to
    test which ID number belongs to which account.
    """
    text = _checked_report(identifier, id_number, description)
    now = now or utcnow()
    if not throttle.allow(db, scope="misuse_ip", key=ip, limit=MISUSE_REPORTS_PER_IP_PER_HOUR,
                          window=timedelta(hours=1), now=now):
        audit.record_now(db, actor=Actor(ip=ip), action="misuse.ip_limited")
        return
    user = find_by_login(db, identifier)
    number = normalise_id_number(id_number)
    if (user is None or user.id_fingerprint is None
            or user.id_fingerprint != security.fingerprint(number)):
        audit.record(db, actor=Actor(ip=ip), action="misuse.unmatched",
                     detail={"identifier": identifier.strip()[:60]})
        db.commit()
        return
    assert user.id is not None
    db.add(MisuseReport(user_id=user.id, description=text, created_at=now, ip=ip))
    takes_effect = user.status == "active" and throttle.allow(
        db, scope="misuse_account", key=str(user.id), limit=1, window=MISUSE_EFFECT_WINDOW,
        now=now)
    if takes_effect:
        _secure_after_report(db, user=user, ip=ip, now=now)
    audit.record(db, actor=Actor(ip=ip),
                 action="misuse.reported" if takes_effect else "misuse.reported_again",
                 target_type="user", target_id=user.id)
    db.commit()


def _checked_report(identifier: str, id_number: str, description: str) -> str:
    """The report's description, once every field is there (else ``ValidationFailed``)."""
    errors: list[FieldError] = []
    if not identifier.strip():
        errors.append(FieldError("identifier", "misuse.identifier_required"))
    if not normalise_id_number(id_number):
        errors.append(FieldError("id_number", "id_number.required"))
    text = description.strip()
    if not text:
        errors.append(FieldError("description", "misuse.description_required"))
    elif len(text) > 2000:
        errors.append(FieldError("description", "misuse.description_too_long"))
    if errors:
        raise ValidationFailed(errors)
    return text


def _secure_after_report(db: Session, *, user: User, ip: str, now: datetime) -> None:
    """Sign everyone out, require a new password, and send the owner the link to set it."""
    assert user.id is not None
    user.reset_required_at = now
    user.version += 1
    db.add(user)
    end_all_sessions(db, user_id=user.id, reason="misuse_report")
    link = _reset_link(db, user=user, requested_by="misuse_report", ip=ip, now=now)
    mail.enqueue(db, to=user.email, template="misuse_reported", lang=user.lang,
                 name=user.real_name, username=user.username, when=local_time_text(now),
                 link=link, forgot_link=public_link("/forgot-password"))
