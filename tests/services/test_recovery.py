"""Password reset by e-mail and reports of misuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from convenience_center.domain.errors import ValidationFailed
from convenience_center.models import MisuseReport, PasswordResetToken, User, utcnow
from convenience_center.services import auth, recovery, sessions
from tests.services.helpers import actions, mails_to, register

IP = "198.51.100.20"
NEW = "my new passphrase 2026"


def token_from(db: Session, address: str) -> str:
    body = mails_to(db, address)[-1].body
    return body.split("token=")[1].split()[0]


def test_a_reset_link_is_mailed_and_works_once(db: Session):
    user, person = register(db)
    recovery.request_password_reset(db, email=person.email.upper(), ip=IP)
    mail = mails_to(db, person.email)[-1]
    assert mail.template == "password_reset" and "/auth/reset?token=" in mail.body
    token = token_from(db, person.email)
    stored = db.exec(select(PasswordResetToken)).one()
    assert stored.token_hash != token
    assert stored.expires_at - stored.created_at == timedelta(hours=1)
    assert recovery.reset_token_is_valid(db, token=token)
    recovery.reset_password(db, token=token, new=NEW, confirm=NEW, ip=IP)
    assert not recovery.reset_token_is_valid(db, token=token)
    with pytest.raises(ValidationFailed) as info:
        recovery.reset_password(db, token=token, new=NEW + "!", confirm=NEW + "!", ip=IP)
    assert info.value.as_dict() == {"token": "reset.invalid_link"}
    assert auth.authenticate(db, identifier=person.username, password=NEW, ip=IP)
    with pytest.raises(auth.LoginRefused):
        auth.authenticate(db, identifier=person.username, password=person.password, ip="1.2.3.4")
    assert [m.template for m in mails_to(db, person.email)] == ["password_reset",
                                                                 "password_changed"]
    del user


def test_unknown_addresses_get_the_same_answer_and_no_mail(db: Session):
    assert recovery.request_password_reset(db, email="nobody@example.cn", ip=IP) is None
    assert mails_to(db, "nobody@example.cn") == []
    assert db.exec(select(PasswordResetToken)).all() == []


def test_links_expire_after_an_hour(db: Session):
    _, person = register(db)
    recovery.request_password_reset(db, email=person.email, ip=IP)
    token = token_from(db, person.email)
    later = utcnow() + timedelta(minutes=61)
    assert not recovery.reset_token_is_valid(db, token=token, now=later)
    with pytest.raises(ValidationFailed):
        recovery.reset_password(db, token=token, new=NEW, confirm=NEW, ip=IP, now=later)


def test_the_new_password_follows_the_policy(db: Session):
    _, person = register(db)
    recovery.request_password_reset(db, email=person.email, ip=IP)
    token = token_from(db, person.email)
    with pytest.raises(ValidationFailed) as info:
        recovery.reset_password(db, token=token, new="password123", confirm="password123",
                                ip=IP)
    assert info.value.as_dict() == {"new_password": "password.common"}
    with pytest.raises(ValidationFailed) as info:
        recovery.reset_password(db, token=token, new=NEW, confirm=NEW + "x", ip=IP)
    assert info.value.as_dict() == {"new_password_confirm": "password_confirm.mismatch"}
    assert recovery.reset_token_is_valid(db, token=token)


def test_at_most_three_reset_mails_per_account_per_hour(db: Session):
    _, person = register(db)
    for i in range(6):
        recovery.request_password_reset(db, email=person.email, ip=f"10.1.1.{i}")
    assert len(mails_to(db, person.email)) == 3
    assert "password_reset.account_limited" in actions(db)


def test_reset_ends_every_session_and_signs_nobody_in(db: Session):
    _, person = register(db)
    result = auth.authenticate(db, identifier=person.username, password=person.password, ip=IP)
    established = sessions.consume_handoff(db, code=result.handoff_code, ip=IP, user_agent=None)
    recovery.request_password_reset(db, email=person.email, ip=IP)
    recovery.reset_password(db, token=token_from(db, person.email), new=NEW, confirm=NEW, ip=IP)
    assert sessions.resolve_session(db, token=established.token) is None


def test_misuse_report_suspends_the_account_when_the_details_match(db: Session):
    user, person = register(db)
    recovery.report_misuse(db, identifier=person.email, id_number=person.id_number.lower(),
                           description="Someone changed my phone number.", ip=IP)
    stored = db.get(User, user.id)
    assert stored.status == "suspended"
    report = db.exec(select(MisuseReport)).one()
    assert report.user_id == user.id and report.status == "open"
    assert [m.template for m in mails_to(db, person.email)] == ["account_suspended"]
    with pytest.raises(auth.LoginRefused) as info:
        auth.authenticate(db, identifier=person.username, password=person.password, ip=IP)
    assert info.value.code == "login.suspended"


def test_misuse_report_with_wrong_details_changes_nothing(db: Session):
    user, person = register(db)
    other_id = person.id_number[:-5] + ("1" if person.id_number[-5] != "1" else "2")
    recovery.report_misuse(db, identifier=person.username, id_number=other_id + "0",
                           description="Not really mine.", ip=IP)
    assert db.get(User, user.id).status == "active"
    assert db.exec(select(MisuseReport)).all() == []
    assert "misuse.unmatched" in actions(db)


def test_misuse_report_needs_every_field(db: Session):
    with pytest.raises(ValidationFailed) as info:
        recovery.report_misuse(db, identifier=" ", id_number="", description="", ip=IP)
    assert info.value.as_dict() == {"identifier": "misuse.identifier_required",
                                    "id_number": "id_number.required",
                                    "description": "misuse.description_required"}
