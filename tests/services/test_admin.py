"""Administrators: every action checked and audited; citizens refused and logged."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from convenience_center.domain.errors import NotAllowed, ValidationFailed
from convenience_center.models import AuditEntry, MisuseReport, User
from convenience_center.services import admin_user_lists, admin_users, auth, recovery
from tests.services.helpers import actions, current, mails_to, make_admin, register

IP = "198.51.100.30"


def test_a_citizen_calling_admin_functions_is_refused_and_logged(db: Session):
    citizen, _ = register(db)
    victim, _ = register(db)
    me = current(citizen)
    for call in (
        lambda: admin_user_lists.search_users(db, actor=me, ip=IP),
        lambda: admin_users.suspend_user(db, actor=me, ip=IP, user_id=victim.id, reason="x"),
        lambda: admin_users.reinstate_user(db, actor=me, ip=IP, user_id=victim.id),
        lambda: admin_users.rename_user(db, actor=me, ip=IP, user_id=victim.id,
                                        new_username="stolen-name"),
        lambda: admin_users.send_reset(db, actor=me, ip=IP, user_id=victim.id),
    ):
        with pytest.raises(NotAllowed):
            call()
    assert actions(db).count("permission.denied") == 5
    assert db.get(User, victim.id).status == "active"
    refusals = db.exec(select(AuditEntry).where(AuditEntry.action == "permission.denied")).all()
    assert {r.actor_id for r in refusals} == {citizen.id}


def test_search_by_name_email_and_last_id_digits(db: Session):
    admin = current(make_admin(db))
    user, person = register(db, real_name="欧阳修远")
    for query in (person.username[:6], person.email, "欧阳", person.id_number[-4:]):
        rows, _total = admin_user_lists.search_users(db, actor=admin, ip=IP, query=query)
        assert user.id in {r.id for r in rows}, query
    rows, _ = admin_user_lists.search_users(db, actor=admin, ip=IP, query=person.username)
    assert rows[0].id_masked.count("*") == 10
    assert not hasattr(rows[0], "password_hash")


def test_suspend_and_reinstate_are_audited(db: Session):
    admin = current(make_admin(db))
    user, person = register(db)
    admin_users.suspend_user(db, actor=admin, ip=IP, user_id=user.id, reason="identity check")
    assert db.get(User, user.id).status == "suspended"
    with pytest.raises(auth.LoginRefused):
        auth.authenticate(db, identifier=person.username, password=person.password, ip=IP)
    admin_users.reinstate_user(db, actor=admin, ip=IP, user_id=user.id, note="checked")
    assert db.get(User, user.id).status == "active"
    assert auth.authenticate(db, identifier=person.username, password=person.password, ip=IP)
    entries = db.exec(select(AuditEntry).where(AuditEntry.action.in_(  # type: ignore[attr-defined]
        ["admin.suspend", "admin.reinstate"])).order_by(AuditEntry.id)).all()
    assert [(e.action, e.actor_id, e.target_id) for e in entries] == [
        ("admin.suspend", admin.id, str(user.id)), ("admin.reinstate", admin.id, str(user.id))]
    assert all(e.at is not None for e in entries)


def test_reinstating_closes_the_misuse_reports(db: Session):
    admin = current(make_admin(db))
    user, person = register(db)
    recovery.report_misuse(db, identifier=person.username, id_number=person.id_number,
                           description="not me", ip=IP)
    assert [r.username for r in admin_user_lists.list_reports(db, actor=admin, ip=IP)] == [
        person.username]
    # A report no longer suspends (issue 12, item 41): the administrator may, after a look.
    admin_users.suspend_user(db, actor=admin, ip=IP, user_id=user.id, reason="looking into it")
    admin_users.reinstate_user(db, actor=admin, ip=IP, user_id=user.id)
    assert admin_user_lists.list_reports(db, actor=admin, ip=IP) == []
    assert db.exec(select(MisuseReport)).one().resolved_by == admin.id


def test_closing_reports_keeps_the_account_in_use_and_needs_a_resolution(db: Session):
    admin = current(make_admin(db))
    user, person = register(db)
    recovery.report_misuse(db, identifier=person.username, id_number=person.id_number,
                           description="not me", ip=IP)
    with pytest.raises(ValidationFailed) as info:
        admin_users.close_reports(db, actor=admin, ip=IP, user_id=user.id, resolution=" ")
    assert info.value.as_dict() == {"resolution": "admin.resolution_required"}
    admin_users.close_reports(db, actor=admin, ip=IP, user_id=user.id,
                              resolution="The owner sent it by mistake.")
    assert admin_user_lists.list_reports(db, actor=admin, ip=IP) == []
    report = db.exec(select(MisuseReport)).one()
    assert (report.status, report.resolution) == ("resolved", "The owner sent it by mistake.")
    assert db.get(User, user.id).status == "active"
    assert "admin.close_reports" in actions(db)
    with pytest.raises(NotAllowed):
        admin_users.close_reports(db, actor=current(user), ip=IP, user_id=user.id,
                                  resolution="mine")


def test_an_administrator_cannot_suspend_themselves(db: Session):
    admin_user = make_admin(db)
    with pytest.raises(ValidationFailed):
        admin_users.suspend_user(db, actor=current(admin_user), ip=IP, user_id=admin_user.id,
                                 reason="oops")


def test_rename_keeps_names_unique_and_tells_the_owner(db: Session):
    admin = current(make_admin(db))
    user, person = register(db)
    _, other = register(db)
    with pytest.raises(ValidationFailed) as info:
        admin_users.rename_user(db, actor=admin, ip=IP, user_id=user.id,
                                new_username=other.username.upper())
    assert info.value.as_dict() == {"username": "username.taken"}
    admin_users.rename_user(db, actor=admin, ip=IP, user_id=user.id, new_username="renamed.one")
    assert db.get(User, user.id).username == "renamed.one"
    assert mails_to(db, person.email)[-1].template == "username_changed"


def test_admin_can_send_a_reset_link(db: Session):
    admin = current(make_admin(db))
    user, person = register(db)
    admin_users.send_reset(db, actor=admin, ip=IP, user_id=user.id)
    assert mails_to(db, person.email)[-1].template == "password_reset"
    assert "admin.send_reset" in actions(db)
