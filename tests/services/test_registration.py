"""Registering a real-name account."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Session, select

from convenience_center.domain.errors import ValidationFailed
from convenience_center.models import Consent, User
from convenience_center.services import accounts, security
from tests.factories import Person
from tests.services.helpers import actions, register


def registration(person: Person, **changes) -> accounts.Registration:
    data = dict(real_name=person.real_name, username=person.username, email=person.email,
                id_number=person.id_number, phone=person.phone, password=person.password,
                password_confirm=person.password, agree_terms=True, agree_privacy=True)
    data.update(changes)
    return accounts.Registration(**data)


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
        accounts.register_user(db, data=registration(bad, password_confirm="other",
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
        accounts.register_user(db, data=registration(Person(), password_confirm="different"))
    assert info.value.as_dict() == {"password_confirm": "password_confirm.mismatch"}


def test_password_equal_to_the_id_number_is_refused(db: Session):
    person = Person()
    with pytest.raises(ValidationFailed) as info:
        accounts.register_user(db, data=registration(
            person, password=person.id_number, password_confirm=person.id_number))
    assert info.value.as_dict() == {"password": "password.personal"}


def test_user_name_email_and_id_number_are_unique(db: Session):
    _, first = register(db)
    again = Person(username=first.username.upper(), email=first.email.upper(),
                   id_number=first.id_number.lower())
    with pytest.raises(ValidationFailed) as info:
        accounts.register_user(db, data=registration(again))
    assert info.value.as_dict() == {"username": "username.taken", "email": "email.taken",
                                    "id_number": "id_number.taken"}


def test_two_simultaneous_registrations_of_one_person_create_one_account(engine):
    person = Person()
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def attempt(username: str) -> None:
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                accounts.register_user(session, data=registration(
                    person, username=username, email=f"{username}@example.cn"))
                outcomes.append("ok")
            except ValidationFailed as failure:
                outcomes.append(failure.as_dict().get("id_number", "?"))
            except Exception as exc:  # an IntegrityError surfacing would be a bug
                outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=attempt, args=(f"{person.username}{i}",))
               for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["id_number.taken", "ok"]
    with Session(engine) as session:
        fingerprint = security.fingerprint(person.id_number)
        assert len(session.exec(select(User).where(User.id_fingerprint == fingerprint)).all()) == 1
