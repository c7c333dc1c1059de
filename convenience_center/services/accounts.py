"""Registration, profile, contact details and password change of one's own account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

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
from convenience_center.domain.identity import ResidentId, check_real_name, parse_id_number
from convenience_center.domain.passwords import check_password
from convenience_center.domain.usernames import check_username, username_key
from convenience_center.i18n.content import PRIVACY_VERSION, TERMS_VERSION
from convenience_center.models import Consent, User, utcnow
from convenience_center.services import audit, mail, registration_guard, security
from convenience_center.services.audit import Actor
from convenience_center.services.common import china_today, local_time_text, public_link
from convenience_center.services.sessions import end_all_sessions


@dataclass(frozen=True)
class Registration:
    """What the registration form sends."""

    real_name: str
    username: str
    email: str
    id_number: str
    phone: str
    password: str
    password_confirm: str
    agree_terms: bool
    agree_privacy: bool
    lang: str = "zh"


@dataclass(frozen=True)
class CleanRegistration:
    """A registration whose every field passed its checks."""

    real_name: str
    username: str
    email: str
    resident_id: ResidentId
    phone: str
    password: str
    lang: str


def check_registration(data: Registration, *, today: date | None = None) -> CleanRegistration:
    """Check every field (not yet whether it is taken); raise with all problems at once.
    ``today``: the date in China (now, if not given)."""
    today = today or china_today()
    errors: list[FieldError] = []
    real_name = collect(errors, "real_name", check_real_name, data.real_name)
    username = collect(errors, "username", check_username, data.username)
    email = collect(errors, "email", normalise_email, data.email)
    resident_id = collect(errors, "id_number",
                          lambda raw: parse_id_number(raw, today=today), data.id_number)
    phone = collect(errors, "phone", normalise_mobile, data.phone)
    personal = [username, email, phone, data.id_number.strip(),
                resident_id.number if resident_id else None, real_name]
    password = collect(errors, "password",
                        lambda raw: check_password(raw, personal=personal), data.password)
    if password is not None and data.password_confirm != data.password:
        errors.append(FieldError("password_confirm", "password_confirm.mismatch"))
    if not data.agree_terms:
        errors.append(FieldError("agree_terms", "agree_terms.required"))
    if not data.agree_privacy:
        errors.append(FieldError("agree_privacy", "agree_privacy.required"))
    if errors:
        raise ValidationFailed(errors)
    assert real_name and username and email and resident_id and phone and password
    return CleanRegistration(real_name, username, email, resident_id, phone, password,
                             "en" if data.lang == "en" else "zh")


def _exists(db: Session, condition: ColumnElement[bool] | bool) -> bool:
    return db.exec(select(User.id).where(condition).limit(1)).first() is not None


def register_user(db: Session, *, data: Registration, ip: str | None = None,
                  now: datetime | None = None, password_hash: str | None = None) -> User | None:
    """Create a citizen account with the consents given; the password is hashed here (slow)
    unless the caller hashed it already (``password_hash``, of ``data.password``).

    Returns ``None`` when the ID number or e-mail address is already registered: nothing is
    created, the owner of that account is told by e-mail (registration_guard.py), and the
    caller answers as it would for any registration, so the form does not tell a stranger
    who is registered. A taken user name is still said: a name one chooses, not a fact about
    a person, and the registrant must choose another. Attempts from a browser (``ip``) are
    rate-limited per address and overall before anything is looked up.
    """
    now = now or utcnow()
    clean = check_registration(data, today=china_today(now))
    if ip is not None:
        registration_guard.count_attempt(db, ip=ip, now=now)
    if registration_guard.tell_owners(db, email=clean.email, resident_id=clean.resident_id,
                                      ip=ip, now=now):
        db.commit()
        return None
    if _exists(db, User.username_key == username_key(clean.username)):
        db.commit()  # keep the attempt counted
        raise ValidationFailed.single("username", "username.taken")
    try:
        return _create_citizen(db, clean, ip, password_hash)
    except IntegrityError:  # a concurrent registration won the race for a unique value
        db.rollback()
        if registration_guard.tell_owners(db, email=clean.email,
                                          resident_id=clean.resident_id, ip=ip, now=now):
            db.commit()
            return None
        raise ValidationFailed.single("username", "username.taken") from None


def _create_citizen(db: Session, clean: CleanRegistration, ip: str | None,
                    password_hash: str | None) -> User:
    password_hash = password_hash or security.hash_password(clean.password)
    rid = clean.resident_id
    user = User(
        username=clean.username,
        username_key=username_key(clean.username),
        real_name=clean.real_name,
        email=clean.email,
        email_key=email_key(clean.email),
        phone=clean.phone,
        id_fingerprint=security.fingerprint(rid.number),
        id_number_enc=security.encrypt(rid.number),
        id_masked=rid.masked,
        id_region=rid.region_code,
        birth_date=rid.birth_date,
        sex=rid.sex,
        role="citizen",
        password_hash=password_hash,
        lang=clean.lang,
    )
    db.add(user)
    db.flush()
    assert user.id is not None
    for document, version in (("notes-for-users", TERMS_VERSION), ("privacy", PRIVACY_VERSION)):
        db.add(Consent(user_id=user.id, document=document, version=version,
                       lang=clean.lang, ip=ip))
    audit.record(db, actor=Actor(user.id, user.username, user.role, None, ip),
                 action="account.register", target_type="user", target_id=user.id)
    db.commit()
    return user


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
        if new_email and _exists(db, User.email_key == email_key(new_email)):
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
