"""Who is signed in, as an event finds it (``AppState._as_user``): one session check per
event, also when the use case it runs fails; on a real database, each statement counted."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from reflex.istate.data import RouterData
from reflex.state import State
from sqlalchemy import event
from sqlmodel import Session, select

import convenience_center.convenience_center  # noqa: F401  (the app: every state, installed)
from convenience_center import db
from convenience_center.models import User
from convenience_center.services import auth, sessions
from convenience_center.settings import get_settings
from convenience_center.state.base import AppState
from convenience_center.web.cookies import session_cookie_name
from tests.databases import TemplateDatabases
from tests.factories import Person
from tests.services.helpers import register
from tests.state.loops import run

BROWSER = "the binding cookie of this browser"


class Declined(Exception):
    """What the use case of these tests raises."""


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TemplateDatabases]:
    manager = TemplateDatabases(tmp_path_factory.mktemp("identity-databases"))
    yield manager
    manager.drop_all()


@pytest.fixture(params=["sqlite", "postgresql"])
def platform(request: pytest.FixtureRequest, templates: TemplateDatabases,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh database as the platform's own (``db.session()`` opens it)."""
    url = templates.url(request.param)
    monkeypatch.setenv("REFLEX_DB_URL", url)
    get_settings.cache_clear()
    yield url
    db.dispose_engines()
    monkeypatch.undo()
    get_settings.cache_clear()


def signed_in(person: Person) -> str:
    """Register ``person`` and sign them in; the session cookie's value."""
    with db.session() as session:
        register(session, person)
        result = auth.authenticate(session, identifier=person.username,
                                   password=person.password, ip="198.51.100.8",
                                   browser_nonce=BROWSER)
        made = sessions.consume_handoff(session, code=result.handoff_code,
                                        browser_nonce=BROWSER, ip="198.51.100.8",
                                        user_agent="t")
    assert made is not None
    return made.token


def tab_with(cookie: str) -> AppState:
    """A tab's root state whose websocket handshake sent ``cookie``."""
    tree = State(_reflex_internal_init=True)  # type: ignore[call-arg]
    tree.router = RouterData.from_router_data({"headers": {"cookie": cookie}})
    state = tree.get_substate(AppState.get_full_name().split(".")[1:])
    assert isinstance(state, AppState)
    return state


class SessionLookups:
    """Statements that read the session table, as the engine sends them."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "FROM user_session" in statement:
            self.count += 1


@contextmanager
def counted() -> Iterator[SessionLookups]:
    """Count the session lookups the platform's engine sends meanwhile."""
    lookups = SessionLookups()
    engine = db.write_engine()
    event.listen(engine, "before_cursor_execute", lookups)
    try:
        yield lookups
    finally:
        event.remove(engine, "before_cursor_execute", lookups)


def rename_then_decline(session: Session, *, user_id: int) -> None:
    """A use case that writes, then refuses: its write must not stay."""
    user = session.get(User, user_id)
    assert user is not None
    user.real_name = "改过的名字"
    session.add(user)
    session.flush()
    raise Declined


def test_a_failing_use_case_still_shows_who_is_signed_in_after_one_check(platform: str):
    person = Person(real_name="李娜")
    state = tab_with(f"{session_cookie_name()}={signed_in(person)}")
    with counted() as lookups, pytest.raises(Declined):
        run(state._as_user(rename_then_decline))
    assert lookups.count == 1
    assert state.signed_in is True and state.user_display == "李娜"
    assert state.signout_token != ""
    with db.read_session() as session:  # the use case's write was rolled back
        assert session.exec(select(User.real_name)
                            .where(User.username == person.username)).one() == "李娜"


def test_a_use_case_that_succeeds_checks_the_session_once_too(platform: str):
    person = Person(real_name="王伟")
    state = tab_with(f"{session_cookie_name()}={signed_in(person)}")
    with counted() as lookups:
        user, result = run(state._as_user(
            lambda session, *, user_id: session.get(User, user_id).username))
    assert lookups.count == 1 and result == person.username
    assert user is not None and user.real_name == "王伟" and state.user_display == "王伟"


def test_without_a_live_session_nothing_runs_and_nobody_is_shown(platform: str):
    ran: list[int] = []
    state = tab_with(f"{session_cookie_name()}=not-a-session")
    with counted() as lookups:
        outcome = run(state._as_user(lambda _s, *, user_id: ran.append(user_id)))
    assert outcome == (None, None) and ran == [] and lookups.count == 1
    assert state.signed_in is False and state.user_display == ""
