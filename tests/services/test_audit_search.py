"""Searching the audit log: administrators only, every filter, keyset pages, China days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, col, select

from convenience_center.domain.errors import NotAllowed, ValidationFailed
from convenience_center.i18n import EN, ZH
from convenience_center.models import AuditEntry, User
from convenience_center.services import admin_users, audit_search
from convenience_center.services.audit_search import AuditView
from convenience_center.services.common import CurrentUser
from tests.factories import Person
from tests.services.helpers import current, make_admin, register

IP = "198.51.100.40"
CASE_NO = "410102-20261126-0001"


def add(db: Session, action: str, *, actor: User | None = None, office: str | None = None,
        target_type: str | None = None, target_id: str | int | None = None,
        at: datetime | None = None, detail: str | None = None) -> AuditEntry:
    """An entry written as the services write it (or at a chosen moment)."""
    entry = AuditEntry(
        action=action, actor_id=actor.id if actor else None,
        actor_name=actor.username if actor else None, actor_role=actor.role if actor else None,
        office_code=office if office is not None else (actor.office_code if actor else None),
        target_type=target_type, target_id=None if target_id is None else str(target_id),
        ip=IP, detail=detail,
    )
    if at is not None:
        entry.at = at
    db.add(entry)
    db.commit()
    return entry


def every_page(db: Session, admin: CurrentUser, *, limit: int = 4,
               **filters: object) -> list[AuditView]:
    """All matching entries, page by page; each page newest first, no entry twice."""
    seen: list[AuditView] = []
    cursor: int | None = None
    for _ in range(1000):
        views, cursor = audit_search.search_entries(db, actor=admin, ip=IP, before_id=cursor,
                                                    limit=limit, **filters)  # type: ignore[arg-type]
        assert len(views) <= limit
        seen.extend(views)
        if cursor is None:
            break
        assert len(views) == limit
        assert cursor == views[-1].id
    ids = [v.id for v in seen]
    assert ids == sorted(ids, reverse=True)
    assert len(set(ids)) == len(ids)
    return seen


def ids_where(db: Session, keep: Callable[[AuditEntry], bool]) -> list[int]:
    entries = db.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).all()
    return [e.id for e in entries if keep(e) and e.id is not None]


def make_staff(db: Session, role: str, office_code: str) -> User:
    person = Person()
    return admin_users.create_staff(db, username=person.username, real_name="李四",
                                    email=person.email, role=role, office_code=office_code,
                                    password=person.password)


@pytest.fixture
def log(db: Session) -> dict[str, User]:
    """An administrator, two officers and a citizen, and the kinds of entries the platform
    writes (besides those registration and account creation wrote themselves)."""
    admin = make_admin(db)
    county = make_staff(db, "county", "410102")
    kaifeng = make_staff(db, "city", "410200")
    citizen, _ = register(db)
    add(db, "login.success", actor=citizen, target_type="user", target_id=citizen.id)
    add(db, "login.failure", target_type="user", target_id=citizen.id)
    add(db, "login.lockout_account", target_type="user", target_id=citizen.id)
    add(db, "case.submit", actor=citizen, target_type="case", target_id=CASE_NO)
    add(db, "case.accept", actor=county, target_type="case", target_id=CASE_NO)
    add(db, "case.reveal_ids", actor=county, target_type="case", target_id=CASE_NO)
    add(db, "case.print_summary", actor=county, target_type="case", target_id=CASE_NO)
    add(db, "case.forward", actor=kaifeng, target_type="case", target_id="410203-20261126-0002")
    add(db, "permission.denied", actor=citizen, detail='{"attempted": "search_users"}')
    add(db, "account.password_change", actor=citizen, target_type="user",
        target_id=citizen.id)
    add(db, "password_reset.requested", target_type="user", target_id=citizen.id)
    add(db, "misuse.unmatched")
    add(db, "track.limited")
    add(db, "admin.suspend", actor=admin, target_type="user", target_id=citizen.id,
        detail='{"reason": "核实身份"}')
    add(db, "loginx.unrelated")  # shares the letters, not the group
    return {"admin": admin, "county": county, "kaifeng": kaifeng, "citizen": citizen}


# -- who may search --

@pytest.mark.parametrize("who", ["citizen", "county"])
def test_citizens_and_staff_are_refused_and_the_refusal_is_logged(
        db: Session, log: dict[str, User], who: str):
    caller = log[who]
    before = len(ids_where(db, lambda e: e.action == "permission.denied"))
    with pytest.raises(NotAllowed):
        audit_search.search_entries(db, actor=current(caller), ip=IP)
    refusals = db.exec(select(AuditEntry).where(AuditEntry.action == "permission.denied")
                       .order_by(col(AuditEntry.id).desc())).all()
    assert len(refusals) == before + 1
    assert (refusals[0].actor_id, refusals[0].ip) == (caller.id, IP)
    assert "search_audit" in (refusals[0].detail or "")


def test_an_administrator_sees_everything_newest_first(db: Session, log: dict[str, User]):
    views = every_page(db, current(log["admin"]))
    assert [v.id for v in views] == ids_where(db, lambda e: True)
    newest = views[0]
    assert (newest.action, newest.target_type, newest.target_id) == ("loginx.unrelated", "", "")
    suspend = next(v for v in views if v.action == "admin.suspend")
    assert (suspend.actor, suspend.role, suspend.office) == (
        log["admin"].username, "admin", "410000")
    assert suspend.target_name == log["citizen"].username
    assert audit_search.describe_detail(suspend.detail) == "reason: 核实身份"


# -- filters --

GROUPS: dict[str, Callable[[str], bool]] = {
    "": lambda a: True,
    "login": lambda a: a.startswith("login."),
    "staff": lambda a: a in audit_search.STAFF_CASE_ACTIONS,
    "citizen": lambda a: a in {"case.submit", "case.withdraw", "case.resubmit"},
    "admin": lambda a: a.startswith("admin."),
    "refusals": lambda a: a == "permission.denied",
    "account": lambda a: a.startswith(("account.", "password_reset.", "misuse.")),
}


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_each_action_group(db: Session, log: dict[str, User], group: str):
    views = every_page(db, current(log["admin"]), action_group=group, limit=3)
    assert [v.id for v in views] == ids_where(db, lambda e: GROUPS[group](e.action))
    assert views


def test_the_groups_are_the_ones_offered_and_have_labels():
    assert set(audit_search.ACTION_GROUPS) == set(GROUPS)
    assert {"case.accept", "case.issue", "case.reveal_ids", "case.print_summary"} <= set(
        audit_search.STAFF_CASE_ACTIONS)
    assert "case.submit" not in audit_search.STAFF_CASE_ACTIONS
    for name in audit_search.ACTION_GROUPS:
        assert f"audit.group_{name or 'all'}" in EN
        assert f"audit.group_{name or 'all'}" in ZH


def test_the_case_groups_hold_every_declared_action():
    """Taken from the workflows' declarations (a new action joins its group by being
    declared): today's, as they were listed by hand."""
    assert set(audit_search.STAFF_CASE_ACTIONS) == {f"case.{name}" for name in (
        "accept", "not_accept", "request_supplement", "forward", "return", "approve", "deny",
        "issue", "cancel_certificate", "reveal_ids", "print_summary")}
    assert set(audit_search.CITIZEN_CASE_ACTIONS) == {"case.submit", "case.withdraw",
                                                      "case.resubmit"}
    both = audit_search.STAFF_CASE_ACTIONS + audit_search.CITIZEN_CASE_ACTIONS
    assert len(set(both)) == len(both)
    for action in both:  # the log shows each by its name
        assert f"audit.action.{action}" in ZH and f"audit.action.{action}" in EN, action


def test_filter_by_user_name_finds_the_account_even_after_a_rename(
        db: Session, log: dict[str, User]):
    admin, citizen = current(log["admin"]), log["citizen"]
    mine = ids_where(db, lambda e: e.actor_id == citizen.id)
    views = every_page(db, admin, actor_name=citizen.username.upper())
    assert [v.id for v in views] == mine
    assert {v.action for v in views} >= {"login.success", "case.submit", "permission.denied"}
    admin_users.rename_user(db, actor=admin, ip=IP, user_id=citizen.id,
                            new_username="renamed.citizen")
    assert [v.id for v in every_page(db, admin, actor_name="renamed.citizen")] == mine
    # a name no account holds is matched against the name recorded
    assert [v.action for v in every_page(db, admin, actor_name="cc-admin")] == [
        "admin.create_staff"] * 3
    assert every_page(db, admin, actor_name="nobody.here") == []


def test_filter_by_target(db: Session, log: dict[str, User]):
    admin, citizen = current(log["admin"]), log["citizen"]
    on_case = every_page(db, admin, target=CASE_NO)
    assert [v.action for v in on_case] == [
        "case.print_summary", "case.reveal_ids", "case.accept", "case.submit"]
    assert [v.id for v in every_page(db, admin, target="410102 20261126 0001")] == [
        v.id for v in on_case]
    on_user = ids_where(db, lambda e: e.target_id == str(citizen.id))
    assert [v.id for v in every_page(db, admin, target=str(citizen.id))] == on_user
    by_name = every_page(db, admin, target=citizen.username)
    assert [v.id for v in by_name] == ids_where(
        db, lambda e: e.target_type == "user" and e.target_id == str(citizen.id))
    assert "login.failure" in {v.action for v in by_name}  # nobody signed in, still found


def test_filter_by_office_code_prefix(db: Session, log: dict[str, User]):
    admin = current(log["admin"])

    def office(prefix: str) -> list[int]:
        return [v.id for v in every_page(db, admin, office=prefix)]

    assert office("4101") == ids_where(db, lambda e: (e.office_code or "").startswith("4101"))
    assert {v.action for v in every_page(db, admin, office="410102")} == {
        "case.accept", "case.reveal_ids", "case.print_summary"}
    assert {v.office for v in every_page(db, admin, office="4102")} == {"410200"}
    assert office("41") == ids_where(db, lambda e: e.office_code is not None)
    assert office("4199") == []


def test_filters_combine(db: Session, log: dict[str, User]):
    views = every_page(db, current(log["admin"]), action_group="staff",
                       actor_name=log["county"].username, target=CASE_NO, office="4101")
    assert [v.action for v in views] == ["case.print_summary", "case.reveal_ids",
                                         "case.accept"]


@pytest.mark.parametrize(("filters", "errors"), [
    ({"action_group": "everything"}, {"group": "audit.group_invalid"}),
    ({"office": "41%"}, {"office": "audit.office_invalid"}),
    ({"office": "4101000001"}, {"office": "audit.office_invalid"}),
    ({"date_from": date(2026, 11, 27), "date_to": date(2026, 11, 26)},
     {"date_to": "audit.dates_reversed"}),
    ({"date_from": date.min, "date_to": date.max},
     {"date_from": "audit.date_invalid", "date_to": "audit.date_invalid"}),
])
def test_invalid_filters_are_refused(db: Session, log: dict[str, User], filters, errors):
    with pytest.raises(ValidationFailed) as info:
        audit_search.search_entries(db, actor=current(log["admin"]), ip=IP, **filters)
    assert info.value.as_dict() == errors


# -- days and pages --

def test_dates_are_china_standard_time_days(db: Session, log: dict[str, User]):
    admin = current(log["admin"])
    moments = {
        "before": datetime(2020, 2, 29, 15, 59, 59, tzinfo=UTC),  # 29 Feb, 23:59:59 in China
        "first": datetime(2020, 2, 29, 16, 0, 0, tzinfo=UTC),     # 1 Mar, 00:00 in China
        "last": datetime(2020, 3, 1, 15, 59, 59, tzinfo=UTC),     # 1 Mar, 23:59:59
        "after": datetime(2020, 3, 1, 16, 0, 0, tzinfo=UTC),      # 2 Mar, 00:00
    }
    entries = {name: add(db, "login.success", actor=log["citizen"], at=at)
               for name, at in moments.items()}

    def days(date_from: date | None, date_to: date | None) -> set[str]:
        found = {v.id for v in every_page(db, admin, date_from=date_from, date_to=date_to)}
        return {name for name, e in entries.items() if e.id in found}

    march_1 = date(2020, 3, 1)
    assert days(march_1, march_1) == {"first", "last"}
    assert days(None, march_1) == {"before", "first", "last"}
    assert days(date(2020, 3, 2), None) == {"after"}
    assert days(date(2020, 2, 29), date(2020, 2, 29)) == {"before"}
    views = every_page(db, admin, date_from=march_1, date_to=march_1)
    assert [v.at for v in views] == [moments["last"], moments["first"]]
    assert days(date(2020, 3, 2), None) | days(None, march_1) == set(moments)
    recent = every_page(db, admin, date_from=date(2021, 1, 1))
    assert not {e.id for e in entries.values()} & {v.id for v in recent}


def test_pages_return_every_entry_exactly_once(db: Session, log: dict[str, User]):
    admin = current(log["admin"])
    for n in range(13):
        add(db, "case.accept", actor=log["county"], target_type="case",
            target_id=f"410102-20261126-{n + 10:04d}")
    everything = ids_where(db, lambda e: True)
    for limit in (1, 3, 5, 7, len(everything), len(everything) + 1):
        assert [v.id for v in every_page(db, admin, limit=limit)] == everything
    staff = ids_where(db, lambda e: e.action in audit_search.STAFF_CASE_ACTIONS)
    assert len(staff) == 17
    assert [v.id for v in every_page(db, admin, action_group="staff", limit=4)] == staff
    views, cursor = audit_search.search_entries(db, actor=admin, ip=IP, action_group="staff",
                                                limit=len(staff))
    assert len(views) == len(staff) and cursor is None  # an exact last page has no cursor


def test_entries_written_between_pages_neither_repeat_nor_shift_the_pages(
        db: Session, log: dict[str, User]):
    admin = current(log["admin"])
    before = ids_where(db, lambda e: True)
    seen, cursor = audit_search.search_entries(db, actor=admin, ip=IP, limit=5)
    newer = add(db, "login.success", actor=log["citizen"])
    while cursor is not None:
        views, cursor = audit_search.search_entries(db, actor=admin, ip=IP, limit=5,
                                                    before_id=cursor)
        seen.extend(views)
    assert [v.id for v in seen] == before
    assert newer.id not in {v.id for v in seen}


def test_the_filter_form_is_checked_all_at_once():
    def parse(group: str = "", office: str = "", date_from: str = "", date_to: str = ""):
        return audit_search.parse_filters(action_group=group, office=office,
                                          date_from=date_from, date_to=date_to)

    assert parse("login", "4101", "2026-11-26") == (date(2026, 11, 26), None)
    assert parse(date_from=" 2026/11/26 ", date_to="2026-11-27") == (
        date(2026, 11, 26), date(2026, 11, 27))
    with pytest.raises(ValidationFailed) as info:
        parse("bogus", "41a", "26.11.2026", "2026-02-30")
    assert [(e.field, e.code) for e in info.value.errors] == [
        ("group", "audit.group_invalid"), ("office", "audit.office_invalid"),
        ("date_from", "audit.date_invalid"), ("date_to", "audit.date_invalid")]
    with pytest.raises(ValidationFailed) as info:
        parse(date_to="9999-12-31")
    assert info.value.as_dict() == {"date_to": "audit.date_invalid"}
    with pytest.raises(ValidationFailed) as info:
        parse(date_from="2026-11-27", date_to="2026-11-26")
    assert info.value.as_dict() == {"date_to": "audit.dates_reversed"}


def test_list_entries_still_lists_recent_admin_actions(db: Session, log: dict[str, User]):
    entries = audit_search.list_entries(db, action_prefix="admin.", limit=15)
    assert [e.action for e in entries][:2] == ["admin.suspend", "admin.create_staff"]
    assert entries[0].target == f"user:{log['citizen'].id}"


def test_describe_detail():
    assert audit_search.describe_detail("") == ""
    assert audit_search.describe_detail('{"from": "a", "n": 2}') == "from: a; n: 2"
    assert audit_search.describe_detail("not json") == "not json"
    assert audit_search.describe_detail('{"items": ["a", "b"]}') == 'items: ["a", "b"]'
