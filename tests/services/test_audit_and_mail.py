"""The audit log refuses change; e-mails leave through the outbox exactly once."""

from __future__ import annotations

from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from convenience_center import settings as settings_module
from convenience_center.models import OutboundMail
from convenience_center.services import mail
from tests.net import free_port
from tests.services.helpers import register


def test_the_audit_log_cannot_be_changed_or_deleted(db: Session):
    register(db)
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError):
            db.exec(text(statement))  # type: ignore[call-overload]
        db.rollback()
    assert db.exec(text("SELECT count(*) FROM audit_log")).one()[0] >= 1  # type: ignore[call-overload]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("CC_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CC_SMTP_PORT", str(port))
    settings_module.get_settings.cache_clear()
    yield inbox
    controller.stop()
    monkeypatch.delenv("CC_SMTP_HOST")
    settings_module.get_settings.cache_clear()


def test_queued_mail_is_delivered_over_smtp_once(db: Session, smtp: Inbox):
    _, person = register(db)
    mail.enqueue(db, to=person.email, template="password_changed", lang="zh", name="张三",
                 username=person.username, when="2026-11-26 10:00", misuse_link="http://x/y")
    db.commit()
    assert mail.deliver_pending(db) == 1
    assert mail.deliver_pending(db) == 0
    assert len(smtp.messages) == 1
    message = message_from_bytes(smtp.messages[0])
    assert message["To"] == person.email
    assert str(make_header(decode_header(message["Subject"]))).endswith("您的密码已更改")
    body = message.get_payload(decode=True).decode("utf-8")
    assert "张三" in body and person.username in body
    assert db.exec(select(OutboundMail)).one().sent_at is not None


def test_without_smtp_mail_is_written_to_the_outbox(db: Session):
    _, person = register(db)
    mail.enqueue(db, to=person.email, template="account_reinstated", lang="en", name="Li",
                 username=person.username, when="now")
    db.commit()
    before = set(settings_module.get_settings().outbox_dir.glob("*.eml"))
    assert mail.deliver_pending(db) == 1
    new = set(settings_module.get_settings().outbox_dir.glob("*.eml")) - before
    assert len(new) == 1
    assert person.email in new.pop().read_text()


def test_a_failing_server_leaves_the_mail_for_a_later_try(db: Session,
                                                         monkeypatch: pytest.MonkeyPatch):
    _, person = register(db)
    mail.enqueue(db, to=person.email, template="account_reinstated", lang="zh", name="李",
                 username=person.username, when="now")
    db.commit()
    monkeypatch.setenv("CC_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CC_SMTP_PORT", "9")  # nothing listens on the discard port here
    settings_module.get_settings.cache_clear()
    try:
        assert mail.deliver_pending(db) == 0
    finally:
        monkeypatch.delenv("CC_SMTP_HOST")
        settings_module.get_settings.cache_clear()
    queued = db.exec(select(OutboundMail)).one()
    assert queued.sent_at is None and queued.attempts == 1 and queued.last_error
    assert mail.deliver_pending(db) == 0  # still claimed: retried after the claim times out
