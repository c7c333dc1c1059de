"""Changing one's own contact details and password."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from convenience_center.domain.errors import ValidationFailed
from convenience_center.models import User
from convenience_center.services import accounts, security
from tests.services.helpers import mails_to, register

IP = "198.51.100.40"


def test_a_new_phone_needs_no_password(db: Session):
    user, person = register(db)
    accounts.update_contact(db, user_id=user.id, email=person.email, phone="186 0000 1111",
                            current_password="", ip=IP)
    assert db.get(User, user.id).phone == "+8618600001111"


def test_a_new_email_needs_the_current_password_and_warns_the_old_address(db: Session):
    user, person = register(db)
    with pytest.raises(ValidationFailed) as info:
        accounts.update_contact(db, user_id=user.id, email="new@example.cn", phone=person.phone,
                                current_password="", ip=IP)
    assert info.value.as_dict() == {"current_password": "current_password.required"}
    with pytest.raises(ValidationFailed) as info:
        accounts.update_contact(db, user_id=user.id, email="new@example.cn", phone=person.phone,
                                current_password="wrong one!", ip=IP)
    assert info.value.as_dict() == {"current_password": "current_password.wrong"}
    accounts.update_contact(db, user_id=user.id, email="New@Example.cn", phone=person.phone,
                            current_password=person.password, ip=IP)
    assert db.get(User, user.id).email == "New@example.cn"
    assert mails_to(db, person.email)[-1].template == "email_changed"


def test_an_email_in_use_is_refused(db: Session):
    user, person = register(db)
    _, other = register(db)
    with pytest.raises(ValidationFailed) as info:
        accounts.update_contact(db, user_id=user.id, email=other.email, phone=person.phone,
                                current_password=person.password, ip=IP)
    assert info.value.as_dict() == {"email": "email.taken"}


def test_changing_the_password(db: Session):
    user, person = register(db)
    with pytest.raises(ValidationFailed) as info:
        accounts.change_password(db, user_id=user.id, session_id=None, current="wrong wrong",
                                 new="short", confirm="short", ip=IP)
    assert info.value.as_dict() == {"current_password": "current_password.wrong",
                                    "new_password": "password.too_short"}
    with pytest.raises(ValidationFailed) as info:
        accounts.change_password(db, user_id=user.id, session_id=None, current=person.password,
                                 new=person.password, confirm=person.password, ip=IP)
    assert info.value.as_dict() == {"new_password": "password.same_as_old"}
    with pytest.raises(ValidationFailed) as info:
        accounts.change_password(db, user_id=user.id, session_id=None, current=person.password,
                                 new=person.id_number, confirm=person.id_number, ip=IP)
    assert info.value.as_dict() == {"new_password": "password.personal"}
    chinese = "长江后浪推前浪一代更比一代强"
    accounts.change_password(db, user_id=user.id, session_id=None, current=person.password,
                             new=chinese, confirm=chinese, ip=IP)
    assert security.verify_password(chinese, db.get(User, user.id).password_hash)
    assert mails_to(db, person.email)[-1].template == "password_changed"
