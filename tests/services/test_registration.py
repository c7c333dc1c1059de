"""Registering a real-name account."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from convenience_center.domain.errors import ValidationFailed
from convenience_center.models import Consent, User, utcnow
from convenience_center.services import registration_guard, security
from convenience_center.services.registration import Registration, register_user
from tests.factories import Person
from tests.services.helpers import actions, mails_to, register

IP = "198.51.100.40"


def registration(person: Person, **changes) -> Registration:
    data = dict(real_name=person.real_name, username=person.username, email=person.email,
                id_number=person.id_number, phone=person.phone, password=person.password,
                password_confirm=person.password, agree_terms=True, agree_privacy=True)
    data.update(changes)
    return Registration(**data)


def test_registration_stores_identity_safely_and_records_consent(db: Session):
    user, person = register(db)
    stored = db.get(User, user.id)
    assert stored is not None
    assert stored.role == "citizen" and stored.status == "active"
    assert person.id_number not in (stored.id_number_enc or "")
    assert security.decrypt(stored.id_number_enc or "") == person.id_number
    assert stored.id_masked == person.id_number[:4] + "*" * 10 + person.id_number[-4:]
    assert stored.id_fingerprint == security.fingerprint(person.id_number)
    assert stored.phone == "+86" + person.phone
    assert stored.password_hash.startswith("bcrypt_sha256$$2b$")
    assert security.verify_password(person.password, stored.password_hash)
    consents = db.exec(select(Consent).where(Consent.user_id == user.id)).all()
    assert {(c.document, c.version) for c in consents} == {
        ("notes-for-users", "2026-11-26"), ("privacy", "2026-11-26")}
    assert "account.register" in actions(db)


def test_every_problem_is_reported_at_once(db: Session):
    bad = Person(real_name="X", username="1x", email="nope", id_number="123",
                 phone="12", password="short")
    with pytest.raises(ValidationFailed) as info:
        register_user(db, data=registration(bad, password_confirm="other",
                                            agree_terms=False, agree_privacy=False))
    assert info.value.as_dict() == {
        "real_name": "real_name.length",
        "username": "username.format",
        "email": "email.invalid",
        "id_number": "id_number.format",
        "phone": "phone.invalid",
        "password": "password.too_short",
        "agree_terms": "agree_terms.required",
        "agree_privacy": "agree_privacy.required",
    }
    assert db.exec(select(User)).all() == []


def test_confirmation_must_match(db: Session):
    with pytest.raises(ValidationFailed) as info:
        register_user(db, data=registration(Person(), password_confirm="different"))
    assert info.value.as_dict() == {"password_confirm": "password_confirm.mismatch"}


def test_password_equal_to_the_id_number_is_refused(db: Session):
    person = Person()
    with pytest.raises(ValidationFailed) as info:
        register_user(db, data=registration(
            person, password=person.id_number, password_confirm=person.id_number))
    assert info.value.as_dict() == {"password": "password.personal"}


def test_a_taken_email_or_id_number_creates_nothing_reveals_nothing_and_tells_the_owner(
        db: Session):
    """Item 40: the answer for registered details is the answer for new ones (no field
    error); the owner of the account is told by e-mail."""
    first_user, first = register(db)
    again = Person(username=first.username.upper(), email=first.email.upper(),
                   id_number=first.id_number.lower())
    assert register_user(db, data=registration(again), ip=IP) is None
    same_id = Person(id_number=first.id_number)
    assert register_user(db, data=registration(same_id), ip="192.0.2.2") is None
    assert len(db.exec(select(User)).all()) == 1
    notices = [m for m in mails_to(db, first.email) if m.template == "registration_attempt"]
    assert len(notices) == 1  # once an hour, however often someone tries
    assert "电子邮箱和身份证号码" in notices[0].body
    assert actions(db).count("account.register_existing") == 2
    assert mails_to(db, same_id.email) == []
    del first_user


def test_a_taken_user_name_alone_is_said(db: Session):
    _, first = register(db)
    with pytest.raises(ValidationFailed) as info:
        register_user(db, data=registration(Person(
            username=first.username.upper(), email=f"other.{first.email}")), ip=IP)
    assert info.value.as_dict() == {"username": "username.taken"}


def test_attempts_are_limited_per_address_and_overall(db: Session):
    """Item 40: 40 checks in a row from one address were answered; now the 21st of an hour is
    refused before anything is looked up, valid or not, taken or new."""
    _, known = register(db)
    for _ in range(registration_guard.ATTEMPTS_PER_ADDRESS - 1):  # register() counted one
        register_user(db, data=registration(Person(id_number=known.id_number)),
                      ip="10.0.0.1")
    fresh = Person()
    with pytest.raises(registration_guard.RegistrationLimited):
        register_user(db, data=registration(fresh), ip="10.0.0.1")
    assert db.exec(select(User).where(User.username == fresh.username)).first() is None
    assert register_user(db, data=registration(fresh), ip="10.0.0.2") is not None
    assert "account.register_limited" in actions(db)
    later = utcnow() + timedelta(minutes=61)
    assert register_user(db, data=registration(Person()), ip="10.0.0.1",
                         now=later) is not None


def test_the_overall_limit_holds_across_addresses(db: Session, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(registration_guard, "ATTEMPTS_OVERALL", 3)
    for index in range(3):
        register_user(db, data=registration(Person()), ip=f"10.9.0.{index}")
    with pytest.raises(registration_guard.RegistrationLimited):
        register_user(db, data=registration(Person()), ip="10.9.0.99")


def test_two_simultaneous_registrations_of_one_person_create_one_account(engine):
    person = Person()
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def attempt(username: str) -> None:
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                created = register_user(session, data=registration(
                    person, username=username, email=f"{username}@example.cn"))
                outcomes.append("ok" if created else "already registered")
            except ValidationFailed as failure:
                outcomes.append(str(failure.as_dict()))
            except Exception as exc:  # an IntegrityError surfacing would be a bug
                outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=attempt, args=(f"{person.username}{i}",))
               for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already registered", "ok"]
    with Session(engine) as session:
        fingerprint = security.fingerprint(person.id_number)
        assert len(session.exec(select(User).where(User.id_fingerprint == fingerprint)).all()) == 1
