"""The mail worker sends what a transaction queued as soon as it commits, not at its next look
(convenience_center/mail_worker.py): run as the app runs it, on a real database of each
backend, with a real SMTP server on loopback, and a look only every ten minutes, a mail
queued by a use case and a password-reset request each arrive within seconds; a transaction
that queued a mail and was rolled back wakes no one and sends nothing."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, col, select

from convenience_center import mail_worker
from convenience_center import settings as settings_module
from convenience_center.db import dispose_engines, session
from convenience_center.models import OutboundMail
from convenience_center.services import mail, recovery
from tests.net import free_port
from tests.services.helpers import register

LOOK_SECONDS = 600.0  # so that only a wake-up can explain a mail that arrives in seconds
ARRIVES_WITHIN = 15.0
MAIL = {"name": "张三", "username": "zhangsan", "when": "2026-12-02 10:00",
        "misuse_link": "http://localhost/misuse"}


class Inbox:
    def __init__(self) -> None:
        self.to: list[str] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self.arrived:
            self.to.append(str(message_from_bytes(envelope.content)["To"]))
            self.arrived.notify_all()
        return "250 OK"

    def wait_for(self, address: str) -> None:
        with self.arrived:
            assert self.arrived.wait_for(lambda: address in self.to, ARRIVES_WITHIN), \
                f"no mail to {address} within {ARRIVES_WITHIN} s: {self.to}"


@pytest.fixture
def platform(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """The platform's settings on ``db_url`` and an SMTP server; the worker is not running."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    monkeypatch.setenv("CC_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CC_SMTP_PORT", str(controller.port))
    settings_module.get_settings.cache_clear()
    dispose_engines()
    yield inbox
    controller.stop()
    monkeypatch.undo()
    settings_module.get_settings.cache_clear()
    dispose_engines()


class Worker:
    """``mail_worker.run`` on a loop of its own in a thread, as a lifespan task runs."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.task: asyncio.Task | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.task = self.loop.create_task(mail_worker.run(poll_seconds=LOOK_SECONDS))
        with contextlib.suppress(asyncio.CancelledError):
            self.loop.run_until_complete(self.task)

    def __enter__(self) -> Worker:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(lambda: self.task and self.task.cancel())
        self.thread.join(timeout=10)
        self.loop.close()


def _unsent() -> list[str]:
    with session() as db:
        return list(db.exec(select(OutboundMail.to_address)
                            .where(col(OutboundMail.sent_at).is_(None))).all())


def _queue_mail(to: str, *, commit: bool) -> None:
    with session() as db:
        mail.enqueue(db, to=to, template="password_changed", lang="zh", **MAIL)
        if commit:
            db.commit()
        else:
            db.rollback()


def test_a_mail_is_sent_when_its_transaction_commits(platform: Inbox):
    with Worker():
        _queue_mail("first@example.org", commit=True)
        platform.wait_for("first@example.org")
        _queue_mail("second@example.org", commit=True)  # the worker waits again, and wakes
        platform.wait_for("second@example.org")
        deadline = time.monotonic() + ARRIVES_WITHIN
        while (unsent := _unsent()) and time.monotonic() < deadline:
            time.sleep(0.05)  # marked sent once the server has accepted it
    assert unsent == []
    assert sorted(platform.to) == ["first@example.org", "second@example.org"]


def test_a_reset_request_is_handled_when_it_commits(platform: Inbox):
    with session() as db:
        _, person = register(db)
        db.commit()
    with Worker():
        with session() as db:
            recovery.request_password_reset(db, email=person.email, ip="203.0.113.7")
        platform.wait_for(person.email)


def test_a_rolled_back_mail_wakes_no_one(db: Session):
    woken: list[bool] = []
    with mail.when_queued(lambda: woken.append(True)):
        mail.enqueue(db, to="nobody@example.org", template="password_changed", lang="zh",
                     **MAIL)
        db.rollback()
        db.commit()  # a later commit of the same session announces nothing
        assert woken == []
        mail.enqueue(db, to="somebody@example.org", template="password_changed", lang="zh",
                     **MAIL)
        db.commit()
        assert woken == [True]
    assert mail._on_queued == set()  # the block is left: no callback stays registered
