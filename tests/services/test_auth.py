"""Signing in: same answer for unknown and wrong, throttling, lockout, suspension."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from convenience_center.models import User, utcnow
from convenience_center.services import auth, recovery
from tests.services.helpers import actions, mails_to, register

IP = "198.51.100.7"


def refusal(db: Session, identifier: str, password: str, ip: str = IP, now=None) -> str:
    with pytest.raises(auth.LoginRefused) as info:
        auth.authenticate(db, identifier=identifier, password=password, ip=ip, now=now)
    return info.value.code


def test_sign_in_with_user_name_or_email(db: Session):
    user, person = register(db)
    by_name = auth.authenticate(db, identifier=person.username.upper(),
                                password=person.password, ip=IP)
    by_mail = auth.authenticate(db, identifier=person.email, password=person.password, ip=IP)
    assert by_name.user_id == by_mail.user_id == user.id
    assert by_name.handoff_code != by_mail.handoff_code
    assert actions(db).count("login.success") == 2


def test_unknown_user_and_wrong_password_get_the_same_answer(db: Session):
    _, person = register(db)
    assert refusal(db, person.username, "wrong password!") == "login.invalid"
    assert refusal(db, "nobody-here", "wrong password!") == "login.invalid"
    assert refusal(db, person.username, "") == "login.invalid"
    assert actions(db).count("login.failure") == 3


def test_five_failures_in_a_minute_lock_the_account_for_this_address(db: Session):
    _, person = register(db)
    start = utcnow()
    codes = [refusal(db, person.username, f"wrong-{i}-password", now=start + timedelta(seconds=i))
             for i in range(5)]
    assert codes == ["login.invalid"] * 4 + ["login.locked"]
    # Even the right password is refused while locked...
    assert refusal(db, person.username, person.password,
                   now=start + timedelta(minutes=9)) == "login.locked"
    # ...but not from another address (a lockout must not lock the owner out from elsewhere)...
    assert auth.authenticate(db, identifier=person.username, password=person.password,
                             ip="203.0.113.9", now=start + timedelta(minutes=1))
    # ...and no longer after ten minutes.
    assert auth.authenticate(db, identifier=person.username, password=person.password, ip=IP,
                             now=start + timedelta(minutes=10, seconds=5))
    assert "login.lockout" in actions(db)


def test_failures_spread_over_more_than_a_minute_do_not_lock(db: Session):
    _, person = register(db)
    start = utcnow()
    for i in range(8):
        assert refusal(db, person.username, "nope nope nope",
                       now=start + timedelta(seconds=20 * i)) == "login.invalid"


def test_unknown_accounts_are_throttled_like_known_ones(db: Session):
    start = utcnow()
    codes = [refusal(db, "ghost-user", "whatever-it-is", now=start + timedelta(seconds=i))
             for i in range(6)]
    assert codes[-2:] == ["login.locked", "login.locked"]


def test_many_failures_from_many_addresses_lock_the_account_and_tell_the_owner(db: Session):
    _, person = register(db)
    start = utcnow()
    for i in range(auth.ACCOUNT_LIMIT):
        code = refusal(db, person.username, "guess guess guess", ip=f"192.0.2.{i}",
                       now=start + timedelta(seconds=i))
    assert code == "login.locked"
    assert refusal(db, person.username, person.password, ip="192.0.2.200",
                   now=start + timedelta(minutes=2)) == "login.locked"
    assert [m.template for m in mails_to(db, person.email)] == ["account_locked"]


def test_a_password_reset_lifts_the_lock(db: Session):
    user, person = register(db)
    start = utcnow()
    for i in range(5):
        refusal(db, person.username, "wrong wrong wrong", now=start + timedelta(seconds=i))
    token = _reset_token(db, user)
    recovery.reset_password(db, token=token, new="a brand new passphrase", confirm=
                            "a brand new passphrase", ip=IP)
    assert auth.authenticate(db, identifier=person.username,
                             password="a brand new passphrase", ip=IP)


def test_too_many_failures_from_one_address_block_it(db: Session):
    start = utcnow()
    for i in range(auth.IP_LIMIT):
        code = refusal(db, f"someone{i % 7}x", "guessing here", ip="192.0.2.99",
                       now=start + timedelta(seconds=61 * (i // 4) + i % 4))
    assert code == "login.ip_blocked"
    assert "login.lockout_ip" in actions(db)


def test_suspended_accounts_cannot_sign_in(db: Session):
    user, person = register(db)
    stored = db.get(User, user.id)
    stored.status = "suspended"
    db.add(stored)
    db.commit()
    assert refusal(db, person.username, person.password) == "login.suspended"
    # Without the right password nobody learns that the account is suspended.
    assert refusal(db, person.username, "not the password") == "login.invalid"


def _reset_token(db: Session, user: User) -> str:
    """Issue a reset the way the service does and read the token back from the mail."""
    recovery.issue_reset(db, user=user, requested_by="test", ip=IP)
    db.commit()
    body = mails_to(db, user.email)[-1].body
    return body.split("token=")[1].split()[0]
