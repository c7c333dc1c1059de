"""Registration of a citizen under their real name: every field checked, the consents to the
notes for users and the privacy policy recorded, and nothing said about who is registered
already (``services.registration_guard`` tells the owner instead)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from convenience_center.domain.contact import email_key, normalise_email, normalise_mobile
from convenience_center.domain.errors import FieldError, ValidationFailed, collect
from convenience_center.domain.identity import ResidentId, check_real_name, parse_id_number
from convenience_center.domain.passwords import check_password
from convenience_center.domain.usernames import check_username, username_key
from convenience_center.i18n.content import PRIVACY_VERSION, TERMS_VERSION
from convenience_center.models import Consent, User, utcnow
from convenience_center.services import audit, registration_guard, security
from convenience_center.services.accounts import user_exists
from convenience_center.services.audit import Actor
from convenience_center.services.common import china_today


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
    if user_exists(db, User.username_key == username_key(clean.username)):
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
