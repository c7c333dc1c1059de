"""E-mail: a transactional outbox in the database and a dispatcher that delivers it.

Use cases call :func:`enqueue` in the same transaction as the change that causes the mail, so
a reset token never exists without its mail and a mail never goes out for a change that was
rolled back. :func:`deliver_pending` sends through SMTP (``CC_SMTP_HOST``) or, without a server,
writes ``.eml`` files to ``<data dir>/outbox`` and logs where.

Delivery is at least once: a mail is marked sent after the server has accepted it, so a worker
that dies between the two (or a database that fails then) sends it again once its claim times
out. The copy has the same Message-ID, by which mail clients recognise it. While the server
cannot be reached, a mail waits longer after each failed attempt (:func:`retry_delay`) and is
given up, with an error in the log, only after about a day.

A transaction that queued a mail (or anything else for the mail worker: :func:`announce`)
calls the :func:`when_queued` callbacks once it has committed, so the worker sends at once
instead of at its next look.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import smtplib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from uuid import uuid4

from sqlalchemy import ColumnElement, event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, and_, col, or_, select, update

from convenience_center.i18n.mail import render_mail
from convenience_center.models import OutboundMail, utcnow
from convenience_center.models.lengths import clip
from convenience_center.settings import Settings, get_settings

log = logging.getLogger("convenience_center.mail")

# A claim older than this belongs to a worker that died while sending: the mail is taken again.
CLAIM_TIMEOUT = timedelta(minutes=2)
# After a failed attempt: 2, 4, 8, 16, 32 minutes, then every hour; the 30th failure, about 25
# hours after the first, gives the mail up (an SMTP server down for a while loses nothing).
MAX_RETRY_DELAY = timedelta(hours=1)
MAX_ATTEMPTS = 30


def retry_delay(attempts: int) -> timedelta:
    """How long after the claim of its last attempt a mail tried ``attempts`` times is due."""
    return min(CLAIM_TIMEOUT * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY)


_CAPPED_FROM = next(n for n in range(1, MAX_ATTEMPTS) if retry_delay(n) == MAX_RETRY_DELAY)


def _due(now: datetime) -> ColumnElement[bool]:
    """Not sent, not given up, and never claimed or its last claim older than its delay."""
    claimed_at, attempts = col(OutboundMail.claimed_at), col(OutboundMail.attempts)
    waited = [and_(attempts == n, claimed_at < now - retry_delay(n))
              for n in range(1, _CAPPED_FROM)]
    return and_(col(OutboundMail.sent_at).is_(None), attempts < MAX_ATTEMPTS, or_(
        claimed_at.is_(None), *waited,
        and_(attempts >= _CAPPED_FROM, claimed_at < now - MAX_RETRY_DELAY)))


_ANNOUNCED = "cc_mail_worker_announced"  # in Session.info: the transaction queued work
_on_queued: set[Callable[[], None]] = set()


def announce(db: Session) -> None:
    """Tell the mail worker, once ``db``'s transaction commits, that there is work."""
    db.info[_ANNOUNCED] = True


@contextmanager
def when_queued(callback: Callable[[], None]) -> Iterator[None]:
    """While in the block, ``callback()`` is called (in the committing thread) after each
    commit of a transaction that queued work."""
    _on_queued.add(callback)
    try:
        yield
    finally:
        _on_queued.discard(callback)


@event.listens_for(OrmSession, "after_commit")
def _after_commit(db: OrmSession) -> None:
    if db.info.pop(_ANNOUNCED, False):
        for callback in list(_on_queued):
            callback()


@event.listens_for(OrmSession, "after_rollback")
def _after_rollback(db: OrmSession) -> None:
    db.info.pop(_ANNOUNCED, None)  # rolled back: nothing was queued


def enqueue(db: Session, *, to: str, template: str, lang: str, **params: str) -> OutboundMail:
    """Queue a templated mail in the caller's transaction (the caller commits)."""
    subject, body = render_mail(template, lang, **params)
    mail = OutboundMail(to_address=to, subject=subject, body=body, template=template)
    db.add(mail)
    announce(db)
    return mail


def _message_id(mail: OutboundMail, settings: Settings, domain: str) -> str:
    """The same for every attempt at one queued mail; keyed, so it tells no one how many
    mails the platform sends."""
    name = hmac.new(settings.secret_key, f"outbox:{mail.id}:{mail.created_at.isoformat()}"
                    .encode(), hashlib.sha256).hexdigest()[:32]
    return f"<{name}@{domain or 'localhost'}>"


def build_message(mail: OutboundMail, settings: Settings) -> EmailMessage:
    """The RFC 5322 message for a queued mail; the same Message-ID at every attempt."""
    message = EmailMessage()
    display, address = parseaddr(settings.mail_from)
    message["From"] = Address(display_name=display, addr_spec=address) if display else address
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at)
    message["Message-ID"] = _message_id(mail, settings, address.rpartition("@")[2])
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body)
    return message


def _send(message: EmailMessage, mail_id: int, settings: Settings) -> None:
    if settings.smtp_host:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user and settings.smtp_password:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(message)
        return
    settings.outbox_dir.mkdir(parents=True, exist_ok=True)
    path = settings.outbox_dir / f"{utcnow():%Y%m%dT%H%M%S}-{mail_id:06d}-{uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    log.warning("No CC_SMTP_HOST configured: e-mail to %s written to %s", message["To"], path)


def _claim(db: Session, mail_id: int, now: datetime) -> OutboundMail | None:
    """Take a mail for sending (so that no other worker sends it too); ``None`` if taken."""
    result = db.exec(  # type: ignore[call-overload]
        update(OutboundMail)
        .where(col(OutboundMail.id) == mail_id, _due(now))
        .values(claimed_at=now, attempts=OutboundMail.attempts + 1)
    )
    mail = db.get(OutboundMail, mail_id) if result.rowcount == 1 else None
    db.commit()  # no transaction stays open while the SMTP server is talked to
    return mail


def _finish(db: Session, mail_id: int, error: str | None) -> None:
    mail = db.get(OutboundMail, mail_id)
    if mail is not None:
        if error is None:
            mail.sent_at, mail.last_error = utcnow(), None
        else:  # left claimed: tried again after retry_delay(attempts)
            mail.last_error = clip(OutboundMail, "last_error", error)
            if mail.attempts >= MAX_ATTEMPTS:
                log.error("Mail %s given up after %s attempts: %s", mail_id, mail.attempts,
                          mail.last_error)
        db.add(mail)
    db.commit()


def deliver_pending(db: Session, *, limit: int = 20, now: datetime | None = None) -> int:
    """Send what is due; each mail is claimed first so that two workers never both send it."""
    settings = get_settings()
    now = now or utcnow()
    waiting = db.exec(
        select(OutboundMail.id).where(_due(now)).order_by(col(OutboundMail.id)).limit(limit)
    ).all()
    db.rollback()
    sent = 0
    for mail_id in waiting:
        mail = _claim(db, mail_id, now) if mail_id is not None else None
        if mail is None or mail_id is None:
            continue
        try:
            _send(build_message(mail, settings), mail_id, settings)
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("Delivery of mail %s failed (attempt %s): %s", mail_id, mail.attempts, exc)
            _finish(db, mail_id, str(exc) or type(exc).__name__)
        else:
            _finish(db, mail_id, None)
            sent += 1
    return sent
