"""One's own account: what its page shows, contact details, password and language; finding
an account by its user name or e-mail address. Creating one: ``services.registration``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, or_, select

from convenience_center.domain.contact import (
    display_phone,
    email_key,
    normalise_email,
    normalise_mobile,
)
from convenience_center.domain.errors import FieldError, InvalidValue, ValidationFailed, collect
from convenience_center.domain.passwords import check_password
from convenience_center.domain.usernames import username_key
from convenience_center.models import User, utcnow
from convenience_center.services import audit, mail, security
from convenience_center.services.audit import Actor
from convenience_center.services.common import local_time_text, public_link
from convenience_center.services.sessions import end_all_sessions


def user_exists(db: Session, condition: ColumnElement[bool] | bool) -> bool:
    """Whether an account meets ``condition`` (e.g. holds a user name or e-mail key)."""
    return db.exec(select(User.id).where(condition).limit(1)).first() is not None


@dataclass(frozen=True)
class AccountView:
    """What a user sees of their own account (ID number masked)."""

    username: str
    real_name: str
    email: str
    phone: str
    id_masked: str
    birth_date: date | None
    sex: str | None
    role: str
    office_code: str | None
    created_at: str


def account_view(db: Session, *, user_id: int) -> AccountView:
    """The account page's data."""
    user = db.get(User, user_id)
    assert user is not None
    return AccountView(
        username=user.username,
        real_name=user.real_name,
        email=user.email,
        phone=display_phone(user.phone),
        id_masked=user.id_masked or "",
        birth_date=user.birth_date,
        sex=user.sex,
        role=user.role,
        office_code=user.office_code,
        created_at=user.created_at.date().isoformat(),
    )


def find_by_login(db: Session, identifier: str) -> User | None:
    """The account whose user name or e-mail address is ``identifier``."""
    text = identifier.strip()
    if not text:
        return None
    key = username_key(text)
    try:
        mail_key = email_key(normalise_email(text)) if "@" in text else None
    except InvalidValue:
        mail_key = None
    conditions = [User.username_key == key]
    if mail_key:
        conditions.append(User.email_key == mail_key)
    return db.exec(select(User).where(or_(*conditions)).limit(1)).first()


def update_contact(db: Session, *, user_id: int, email: str, phone: str,
                   current_password: str, ip: str | None = None) -> User:
    """Change e-mail and phone. A new e-mail needs the current password (it resets passwords)."""
    user = db.get(User, user_id)
    assert user is not None
    errors: list[FieldError] = []
    new_email = collect(errors, "email", normalise_email, email)
    new_phone = collect(errors, "phone", normalise_mobile, phone)
    email_changes = new_email is not None and email_key(new_email) != user.email_key
    if email_changes:
        if not current_password:
            errors.append(FieldError("current_password", "current_password.required"))
        elif not security.verify_password(current_password, user.password_hash):
            errors.append(FieldError("current_password", "current_password.wrong"))
        if new_email and user_exists(db, User.email_key == email_key(new_email)):
            errors.append(FieldError("email", "email.taken"))
    if errors:
        raise ValidationFailed(errors)
    assert new_email is not None and new_phone is not None
    old_email = user.email
    changed = []
    if email_changes:
        user.email, user.email_key = new_email, email_key(new_email)
        changed.append("email")
    if new_phone != user.phone:
        user.phone = new_phone
        changed.append("phone")
    if not changed:
        return user
    user.updated_at = utcnow()
    user.version += 1
    db.add(user)
    audit.record(db, actor=Actor.of(user, ip), action="account.contact_update",
                 target_type="user", target_id=user.id, detail={"changed": changed})
    if email_changes:
        mail.enqueue(db, to=old_email, template="email_changed", lang=user.lang,
                     name=user.real_name, username=user.username, new_email=new_email,
                     when=_now_text(), misuse_link=public_link("/report-misuse"))
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise ValidationFailed.single("email", "email.taken") from None
    return user


def change_password(db: Session, *, user_id: int, session_id: int | None, current: str,
                    new: str, confirm: str, ip: str | None = None) -> None:
    """Change the password (the current one is required) and end every other session."""
    user = db.get(User, user_id)
    assert user is not None
    errors: list[FieldError] = []
    if not current:
        errors.append(FieldError("current_password", "current_password.required"))
    elif not security.verify_password(current, user.password_hash):
        errors.append(FieldError("current_password", "current_password.wrong"))
    personal = [user.username, user.email, user.phone, user.real_name]
    if user.id_number_enc:
        personal.append(security.decrypt(user.id_number_enc))
    password = collect(errors, "new_password",
                        lambda raw: check_password(raw, personal=personal), new)
    if password is not None and confirm != new:
        errors.append(FieldError("new_password_confirm", "password_confirm.mismatch"))
    if password is not None and not errors and security.verify_password(new, user.password_hash):
        errors.append(FieldError("new_password", "password.same_as_old"))
    if errors:
        audit.record_now(db, actor=Actor.of(user, ip), action="account.password_change_refused",
                         target_type="user", target_id=user.id,
                         detail={"fields": sorted({e.field for e in errors})})
        raise ValidationFailed(errors)
    assert password is not None
    set_password(db, user=user, password=password)
    assert user.id is not None
    end_all_sessions(db, user_id=user.id, reason="password_change", keep_session_id=session_id)
    audit.record(db, actor=Actor.of(user, ip), action="account.password_change",
                 target_type="user", target_id=user.id)
    mail.enqueue(db, to=user.email, template="password_changed", lang=user.lang,
                 name=user.real_name, username=user.username, when=_now_text(),
                 misuse_link=public_link("/report-misuse"))
    db.commit()


def set_password(db: Session, *, user: User, password: str) -> None:
    """Store a new password hash (the caller checks the policy and commits)."""
    user.password_hash = security.hash_password(password)
    user.password_changed_at = utcnow()
    user.updated_at = user.password_changed_at
    user.version += 1
    db.add(user)


def set_language(db: Session, *, user_id: int, lang: str) -> None:
    """Remember the language a user reads, for the e-mails they get."""
    user = db.get(User, user_id)
    if user is not None and user.lang != lang and lang in {"zh", "en"}:
        user.lang = lang
        db.add(user)
        db.commit()


def _now_text() -> str:
    return local_time_text(utcnow())
