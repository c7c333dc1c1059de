"""Password reset by e-mail and reports of misuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from convenience_center.domain.errors import ValidationFailed
from convenience_center.models import MisuseReport, PasswordResetToken, User, utcnow
from convenience_center.services import auth, recovery, sessions
from tests.services.helpers import actions, mails_to, register

IP = "198.51.100.20"
NEW = "my new passphrase 2026"


def request_reset(db: Session, **kwargs) -> None:
    """Ask for a reset as the form does, then let the mail worker handle the request."""
    recovery.request_password_reset(db, **kwargs)
    recovery.process_reset_requests(db)


def token_from(db: Session, address: str) -> str:
    body = mails_to(db, address)[-1].body
    return body.split("token=")[1].split()[0]


def test_a_reset_link_is_mailed_and_works_once(db: Session):
    user, person = register(db)
    request_reset(db, email=person.email.upper(), ip=IP)
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
    recovery.process_reset_requests(db)
    assert mails_to(db, "nobody@example.cn") == []
    assert db.exec(select(PasswordResetToken)).all() == []


def test_links_expire_after_an_hour(db: Session):
    _, person = register(db)
    request_reset(db, email=person.email, ip=IP)
    token = token_from(db, person.email)
    later = utcnow() + timedelta(minutes=61)
    assert not recovery.reset_token_is_valid(db, token=token, now=later)
    with pytest.raises(ValidationFailed):
        recovery.reset_password(db, token=token, new=NEW, confirm=NEW, ip=IP, now=later)


def test_the_new_password_follows_the_policy(db: Session):
    _, person = register(db)
    request_reset(db, email=person.email, ip=IP)
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
        request_reset(db, email=person.email, ip=f"10.1.1.{i}")
    assert len(mails_to(db, person.email)) == 3
    assert "password_reset.account_limited" in actions(db)


def test_reset_ends_every_session_and_signs_nobody_in(db: Session):
    _, person = register(db)
    result = auth.authenticate(db, identifier=person.username, password=person.password, ip=IP,
                               browser_nonce="b")
    established = sessions.consume_handoff(db, code=result.handoff_code, browser_nonce="b",
                                           ip=IP, user_agent=None)
    request_reset(db, email=person.email, ip=IP)
    recovery.reset_password(db, token=token_from(db, person.email), new=NEW, confirm=NEW, ip=IP)
    assert sessions.resolve_session(db, token=established.token) is None


def test_a_misuse_report_signs_everyone_out_and_asks_for_a_new_password(db: Session):
    """Item 41: a stranger who knows the e-mail and ID number cannot lock the owner out. The
    report ends the sessions and requires a reset, but the owner gets back in through the
    registered e-mail at once; no suspension that only an administrator could lift."""
    user, person = register(db)
    result = auth.authenticate(db, identifier=person.username, password=person.password, ip=IP,
                               browser_nonce="b")
    owners_session = sessions.consume_handoff(db, code=result.handoff_code, browser_nonce="b",
                                              ip=IP, user_agent=None)
    recovery.report_misuse(db, identifier=person.email, id_number=person.id_number.lower(),
                           description="Someone changed my phone number.", ip="203.0.113.66")
    stored = db.get(User, user.id)
    assert stored.status == "active" and stored.reset_required_at is not None
    assert sessions.resolve_session(db, token=owners_session.token) is None
    report = db.exec(select(MisuseReport)).one()
    assert report.user_id == user.id and report.status == "open"
    assert [m.template for m in mails_to(db, person.email)] == ["misuse_reported"]
    with pytest.raises(auth.LoginRefused) as info:
        auth.authenticate(db, identifier=person.username, password=person.password, ip=IP)
    assert info.value.code == "login.reset_required"
    with pytest.raises(auth.LoginRefused) as info:  # the wrong password learns nothing
        auth.authenticate(db, identifier=person.username, password="not the password", ip=IP)
    assert info.value.code == "login.invalid"
    # The link in the owner's e-mail sets a new password, and the owner is back in.
    recovery.reset_password(db, token=token_from(db, person.email), new=NEW, confirm=NEW, ip=IP)
    assert db.get(User, user.id).reset_required_at is None
    assert auth.authenticate(db, identifier=person.username, password=NEW, ip=IP)
    assert "misuse.reported" in actions(db)


def test_repeated_reports_do_not_keep_the_owner_resetting(db: Session):
    user, person = register(db)
    for attempt in range(3):
        recovery.report_misuse(db, identifier=person.username, id_number=person.id_number,
                               description=f"report {attempt}", ip=f"203.0.113.{attempt}")
        if attempt == 0:
            recovery.reset_password(db, token=token_from(db, person.email), new=NEW,
                                    confirm=NEW, ip=IP)
    assert db.get(User, user.id).reset_required_at is None
    assert auth.authenticate(db, identifier=person.username, password=NEW, ip=IP)
    assert len(db.exec(select(MisuseReport)).all()) == 3  # all before the administrators
    assert actions(db).count("misuse.reported_again") == 2
    assert [m.template for m in mails_to(db, person.email)].count("misuse_reported") == 1


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


def _statements(engine, work) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_forgot_password_does_the_same_work_for_known_and_unknown_addresses(engine):
    """Item 44: a known address was answered in ~14 ms, an unknown one in ~8 ms, so the time
    told which addresses have accounts. The answer's path now runs the same statements for
    both; the lookup, the token and the e-mail happen later in the mail worker."""
    with Session(engine, expire_on_commit=False) as db:
        _, person = register(db)

    def ask(address: str, ip: str):  # type: ignore[no-untyped-def]
        def work() -> None:
            with Session(engine, expire_on_commit=False) as db:
                recovery.request_password_reset(db, email=address, ip=ip)
        return work

    known = _statements(engine, ask(person.email, "192.0.2.1"))
    unknown = _statements(engine, ask("nobody.here@example.cn", "192.0.2.2"))
    assert known == unknown
    with Session(engine, expire_on_commit=False) as db:
        assert mails_to(db, person.email) == []  # nothing yet on the answer's path
        assert recovery.process_reset_requests(db) == 2
        assert [m.template for m in mails_to(db, person.email)] == ["password_reset"]
        assert mails_to(db, "nobody.here@example.cn") == []
        assert recovery.process_reset_requests(db) == 0  # each request is handled once
