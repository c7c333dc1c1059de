"""Drill: the SMTP server down for a while (issue 11, section 2).

A real SMTP server (aiosmtpd) on loopback is stopped and started again on the same port under
the real delivery code: ``mail.deliver_pending``, which the mail worker of each app worker runs
when a mail is queued and every few seconds (``mail_worker.py``), and ``cc-admin deliver-mail``.
Time is the dispatcher's ``now``: three hours of outage take a second. Citizens change their
passwords while the server is down, and each must get the "your password was changed" notice
exactly once when it is back.

Delivery is at least once (``services/mail.py``): the second test crashes the sender between
the server's acceptance and the row's "sent", and the mail goes out again, with the same
Message-ID.
"""

from __future__ import annotations

import itertools
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from convenience_center.db import make_engine
from convenience_center.migrations import upgrade
from convenience_center.models import OutboundMail, User, utcnow
from convenience_center.services import accounts, mail
from convenience_center.settings import get_settings
from tests.e2e.conftest import Inbox
from tests.factories import Person
from tests.faults.servers import PrivateSmtp
from tests.services.helpers import register

VENV_BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
NEW_PASSWORD = "Quartz-hinge-marrow 2027"
CITIZENS = 5
OUTAGE = timedelta(hours=3)
ROUND = timedelta(minutes=1)  # the dispatcher's rounds while simulated time passes


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "drill.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{db_path}", immediate=True)
    yield engine
    engine.dispose()


@pytest.fixture
def smtp_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[PrivateSmtp]:
    """The platform's settings pointed at a private SMTP server (not started yet)."""
    server = PrivateSmtp()
    monkeypatch.setenv("CC_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CC_SMTP_PORT", str(server.port))
    get_settings.cache_clear()
    yield server
    server.stop()
    monkeypatch.undo()
    get_settings.cache_clear()


def cli_env(db_path: Path, smtp: PrivateSmtp) -> dict[str, str]:
    return {**os.environ, "REFLEX_DB_URL": f"sqlite:///{db_path}",
            "CC_SMTP_HOST": "127.0.0.1", "CC_SMTP_PORT": str(smtp.port)}


def deliver_mail_cli(db_path: Path, smtp: PrivateSmtp) -> str:
    done = subprocess.run([str(VENV_BIN / "cc-admin"), "deliver-mail"], cwd=ROOT,
                          env=cli_env(db_path, smtp), capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def change_password(db: Session, person: Person) -> None:
    user = db.exec(select(User).where(User.username == person.username)).one()
    assert user.id is not None
    accounts.change_password(db, user_id=user.id, session_id=None, current=person.password,
                             new=NEW_PASSWORD, confirm=NEW_PASSWORD)


def queued(db: Session) -> list[OutboundMail]:
    db.expire_all()
    return list(db.exec(select(OutboundMail).order_by(col(OutboundMail.id))).all())


def count_mails(db: Session) -> int:
    return db.exec(select(func.count()).select_from(OutboundMail)).one()


def message_ids(messages: list[EmailMessage]) -> list[str]:
    return [str(message["Message-ID"]) for message in messages]


def test_mails_wait_while_the_server_is_down_and_go_out_once_when_it_is_back(
        engine: Engine, db_path: Path, smtp_settings: PrivateSmtp) -> None:
    smtp = smtp_settings
    smtp.start()
    with Session(engine, expire_on_commit=False) as db:
        people = [register(db)[1] for _ in range(CITIZENS)]
        # Registration sends no mail; with the server up, the first change is delivered at once.
        change_password(db, people[0])
        assert mail.deliver_pending(db) == 1
        assert [m["To"] for m in smtp.inbox.messages] == [people[0].email]

        smtp.stop()
        # The citizens' own actions do not depend on the mail server: each change is saved
        # with its notice in the outbox.
        for person in people[1:]:
            change_password(db, person)
        waiting = [m for m in queued(db) if m.sent_at is None]
        assert [m.to_address for m in waiting] == [p.email for p in people[1:]]
        rows_before = count_mails(db)

        # The outage: the dispatcher's rounds return without raising and send nothing.
        start = utcnow()
        assert mail.deliver_pending(db, now=start) == 0
        for row in queued(db)[1:]:
            assert row.sent_at is None and row.attempts == 1 and row.claimed_at == start
            assert row.last_error is not None and "refused" in row.last_error.lower()
        # A mail that failed is not tried again at every round, but after its retry delay.
        assert mail.deliver_pending(db, now=start + timedelta(seconds=1)) == 0
        assert {row.attempts for row in queued(db)[1:]} == {1}
        tried_at: list[datetime] = [start]
        now = start
        while now < start + OUTAGE:
            now += ROUND
            assert mail.deliver_pending(db, now=now) == 0
            latest = queued(db)[1].claimed_at
            assert latest is not None
            if latest != tried_at[-1]:
                tried_at.append(latest)
        # Retried at the first round after 2, 4, 8, 16, 32, then 60 minutes: still waiting,
        # not given up, after three hours.
        gaps = [later - earlier for earlier, later in itertools.pairwise(tried_at)]
        assert [mail.retry_delay(n) for n in range(1, len(tried_at))] == [
            timedelta(minutes=m) for m in (2, 4, 8, 16, 32, 60)]
        assert all(timedelta(0) < gap - mail.retry_delay(n) <= ROUND
                   for n, gap in enumerate(gaps, start=1))
        rows = queued(db)[1:]
        assert {(r.sent_at, r.attempts) for r in rows} == {(None, len(tried_at))}
        assert all(r.attempts < mail.MAX_ATTEMPTS for r in rows)
        assert smtp.inbox.messages[1:] == []

        # The server is back on the same port: the mails go out at their next try, once each.
        smtp.start()
        next_try = tried_at[-1] + mail.retry_delay(len(tried_at))
        assert mail.deliver_pending(db, now=next_try - timedelta(seconds=1)) == 0
        assert mail.deliver_pending(db, now=next_try + timedelta(seconds=1)) == CITIZENS - 1
        delivered = smtp.inbox.messages[1:]
        assert sorted(str(m["To"]) for m in delivered) == sorted(p.email for p in people[1:])
        assert all("密码已更改" in str(m["Subject"]) for m in delivered)
        expected_ids = {str(mail.build_message(row, get_settings())["Message-ID"])
                        for row in queued(db)[1:]}
        assert len(set(message_ids(delivered))) == CITIZENS - 1
        assert set(message_ids(delivered)) == expected_ids
        assert all(r.sent_at is not None and r.last_error is None for r in queued(db))

        # A second pass, in the app and from the command line, sends nothing again.
        assert mail.deliver_pending(db, now=next_try + timedelta(days=2)) == 0
        assert deliver_mail_cli(db_path, smtp) == "0 e-mails sent"
        assert len(smtp.inbox.messages) == CITIZENS
        assert count_mails(db) == rows_before == CITIZENS
    print(f"\nSMTP drill: {CITIZENS - 1} mails queued during a simulated outage of {OUTAGE}, "
          f"tried {len(tried_at)} times each, rows {rows_before} before and "
          f"{CITIZENS} after, delivered once each")


class InboxThatLocksTheOutbox(Inbox):
    """Takes the SQLite write lock before it answers "250 accepted": the sender then cannot
    mark the mail sent until the test lets go, and is killed in that window."""

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self._db_path = db_path
        self.lock: sqlite3.Connection | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.lock is None:
            self.lock = sqlite3.connect(self._db_path, isolation_level=None,
                                        check_same_thread=False)
            self.lock.execute("BEGIN IMMEDIATE")
        return await super().handle_DATA(server, session, envelope)


def test_a_sender_killed_between_sent_and_marked_sent_sends_the_mail_again_with_its_id(
        engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At least once, not at most once: SMTP cannot take back a message it accepted."""
    inbox = InboxThatLocksTheOutbox(db_path)
    smtp = PrivateSmtp(inbox)
    smtp.start()
    monkeypatch.setenv("CC_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CC_SMTP_PORT", str(smtp.port))
    get_settings.cache_clear()
    try:
        with Session(engine, expire_on_commit=False) as db:
            _, person = register(db)
            change_password(db, person)
        sender = subprocess.Popen([str(VENV_BIN / "cc-admin"), "deliver-mail"], cwd=ROOT,
                                  env=cli_env(db_path, smtp), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, start_new_session=True)
        try:
            inbox.wait_for(person.email, timeout=30)
        finally:
            os.killpg(sender.pid, signal.SIGKILL)
            sender.wait(timeout=10)
        assert inbox.lock is not None
        inbox.lock.execute("ROLLBACK")
        inbox.lock.close()
        with Session(engine, expire_on_commit=False) as db:
            row = queued(db)[0]
            assert row.sent_at is None and row.attempts == 1  # accepted, but not marked
            # Nobody sends it again while the claim of the dead sender may still be alive ...
            assert mail.deliver_pending(db) == 0
            # ... and after the claim has timed out, it goes again, with the same Message-ID.
            later = utcnow() + mail.CLAIM_TIMEOUT + timedelta(seconds=1)
            assert mail.deliver_pending(db, now=later) == 1
            assert mail.deliver_pending(db, now=later + timedelta(days=1)) == 0
            assert queued(db)[0].sent_at is not None
        copies = [m for m in inbox.messages if m["To"] == person.email]
        assert len(copies) == 2
        assert copies[0]["Message-ID"] == copies[1]["Message-ID"]
    finally:
        smtp.stop()
        monkeypatch.undo()
        get_settings.cache_clear()
