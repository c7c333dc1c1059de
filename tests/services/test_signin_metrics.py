"""Refused sign-ins are counted by refusal code in the metrics (services/auth.py)."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from convenience_center.services import auth
from tests.metrics import figure
from tests.services.helpers import register

IP = "198.51.100.23"


def _refused(db: Session, identifier: str, password: str) -> str:
    with pytest.raises(auth.LoginRefused) as info:
        auth.authenticate(db, identifier=identifier, password=password, ip=IP)
    return info.value.code


def test_a_wrong_password_and_an_unknown_account_count_as_invalid(db: Session):
    _, person = register(db)
    before = figure("cc_signin_failures_total", reason="invalid") or 0.0
    assert _refused(db, person.username, "not-the-password") == "login.invalid"
    assert _refused(db, "nobody-of-that-name", "whatever") == "login.invalid"
    assert figure("cc_signin_failures_total", reason="invalid") == before + 2
    auth.authenticate(db, identifier=person.username, password=person.password, ip=IP)
    assert figure("cc_signin_failures_total", reason="invalid") == before + 2


def test_a_locked_account_counts_as_locked(db: Session):
    _, person = register(db)
    before = figure("cc_signin_failures_total", reason="locked") or 0.0
    codes = [_refused(db, person.username, "wrong") for _ in range(auth.PAIR_LIMIT + 1)]
    assert codes[-2:] == ["login.locked", "login.locked"]
    assert figure("cc_signin_failures_total", reason="locked") == before + 2
