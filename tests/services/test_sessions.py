"""Server-side sessions: handoff, timeouts, ending sessions."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from convenience_center.models import User, utcnow
from convenience_center.services import accounts, auth, sessions
from convenience_center.services.admin_users import create_staff
from convenience_center.services.offices import seed_offices
from tests.factories import Person
from tests.services.helpers import register

IP = "198.51.100.8"
BROWSER = "the binding cookie of this browser"


def sign_in(db: Session, person: Person, next_path: str = "/account") -> tuple[str, str]:
    result = auth.authenticate(db, identifier=person.username, password=person.password,
                               ip=IP, next_path=next_path, browser_nonce=BROWSER)
    exchanged = sessions.consume_handoff(db, code=result.handoff_code, browser_nonce=BROWSER,
                                         ip=IP, user_agent="t")
    assert exchanged is not None
    return exchanged.token, exchanged.next_path


def test_a_handoff_code_works_once(db: Session):
    _, person = register(db)
    result = auth.authenticate(db, identifier=person.username, password=person.password, ip=IP,
                               browser_nonce=BROWSER)
    assert sessions.consume_handoff(db, code=result.handoff_code, browser_nonce=BROWSER, ip=IP,
                                    user_agent=None)
    assert sessions.consume_handoff(db, code=result.handoff_code, browser_nonce=BROWSER, ip=IP,
                                    user_agent=None) is None
    assert sessions.consume_handoff(db, code="made-up", browser_nonce=BROWSER, ip=IP,
                                    user_agent=None) is None


def test_a_handoff_code_works_only_in_the_browser_that_asked_for_it(db: Session):
    """Login CSRF: an attacker's code opened in a victim's browser signs nobody in, and is
    spent; a code issued to a browser without a binding cookie never works."""
    _, person = register(db)
    attackers = auth.authenticate(db, identifier=person.username, password=person.password,
                                  ip=IP, browser_nonce="the attacker's browser")
    for victims in ("the victim's browser", None, ""):
        assert sessions.consume_handoff(db, code=attackers.handoff_code, browser_nonce=victims,
                                        ip=IP, user_agent=None) is None
    assert sessions.consume_handoff(db, code=attackers.handoff_code,
                                    browser_nonce="the attacker's browser", ip=IP,
                                    user_agent=None) is None  # spent by the first try
    unbound = auth.authenticate(db, identifier=person.username, password=person.password, ip=IP)
    assert sessions.consume_handoff(db, code=unbound.handoff_code, browser_nonce=None, ip=IP,
                                    user_agent=None) is None


def test_only_local_paths_are_destinations(db: Session):
    _, person = register(db)
    for target, expected in (("/account", "/account"), ("https://evil.example", "/"),
                             ("//evil.example/x", "/"), ("/\\evil", "/"), ("/login", "/")):
        assert sign_in(db, person, target)[1] == expected


def test_the_token_resolves_to_the_user_and_is_stored_hashed(db: Session):
    user, person = register(db)
    token, _ = sign_in(db, person)
    current = sessions.resolve_session(db, token=token)
    assert current is not None and current.id == user.id and current.role == "citizen"
    from sqlmodel import select

    from convenience_center.models import UserSession
    stored = db.exec(select(UserSession).where(UserSession.user_id == user.id)).one()
    assert stored.token_hash != token and token not in stored.token_hash


def test_citizen_sessions_end_after_30_idle_minutes(db: Session):
    _, person = register(db)
    token, _ = sign_in(db, person)
    now = utcnow()
    assert sessions.resolve_session(db, token=token, now=now + timedelta(minutes=29))
    assert sessions.resolve_session(db, token=token, now=now + timedelta(minutes=58))
    assert sessions.resolve_session(db, token=token, now=now + timedelta(minutes=89)) is None
    assert sessions.resolve_session(db, token=token, now=now + timedelta(minutes=90)) is None


def test_staff_sessions_end_after_15_idle_minutes(db: Session):
    seed_offices(db)
    person = Person()
    create_staff(db, username=person.username, real_name="王五", email=person.email,
                 role="county", office_code="410105", password=person.password)
    token, _ = sign_in(db, person)
    assert sessions.resolve_session(db, token=token, now=utcnow() + timedelta(minutes=16)) is None


def test_sessions_end_after_12_hours_however_busy(db: Session):
    _, person = register(db)
    token, _ = sign_in(db, person)
    now = utcnow()
    for minutes in range(0, 12 * 60, 20):
        assert sessions.resolve_session(db, token=token, now=now + timedelta(minutes=minutes))
    assert sessions.resolve_session(db, token=token, now=now + timedelta(hours=12, minutes=1)) \
        is None


def test_signing_out_ends_the_session(db: Session):
    _, person = register(db)
    token, _ = sign_in(db, person)
    assert sessions.end_session(db, token=token) is not None
    assert sessions.resolve_session(db, token=token) is None


def test_changing_the_password_ends_every_other_session(db: Session):
    user, person = register(db)
    first, _ = sign_in(db, person)
    second, _ = sign_in(db, person)
    current = sessions.resolve_session(db, token=first)
    accounts.change_password(db, user_id=user.id, session_id=current.session_id,
                             current=person.password, new="another good passphrase",
                             confirm="another good passphrase", ip=IP)
    assert sessions.resolve_session(db, token=first) is not None
    assert sessions.resolve_session(db, token=second) is None


def test_suspension_ends_sessions_at_once(db: Session):
    user, person = register(db)
    token, _ = sign_in(db, person)
    stored = db.get(User, user.id)
    stored.status = "suspended"
    db.add(stored)
    db.commit()
    assert sessions.resolve_session(db, token=token) is None


def test_the_handoff_remembers_which_tab_asked(db: Session):
    _, person = register(db)
    result = auth.authenticate(db, identifier=person.username, password=person.password, ip=IP,
                               client_token="tab-123", browser_nonce=BROWSER)
    established = sessions.consume_handoff(db, code=result.handoff_code, browser_nonce=BROWSER,
                                           ip=IP, user_agent=None)
    assert established is not None and established.client_token == "tab-123"
