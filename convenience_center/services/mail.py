"""E-mail: a transactional outbox in the database and a dispatcher that delivers it.

Use cases call :func:`enqueue` in the same transaction as the change that causes the mail, so
a reset token never exists without its mail and a mail never goes out for a change that was
rolled back. :func:`deliver_pending` sends through SMTP (``CC_SMTP_HOST``) or, without a server,
writes ``.eml`` files to ``<data dir>/outbox`` and logs where.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from uuid import uuid4

from sqlmodel import Session, col, or_, select, update

from convenience_center.i18n.mail import render_mail
from convenience_center.models import OutboundMail, utcnow
from convenience_center.models.lengths import clip
from convenience_center.settings import Settings, get_settings

log = logging.getLogger("convenience_center.mail")

CLAIM_TIMEOUT = timedelta(minutes=2)
MAX_ATTEMPTS = 8


def enqueue(db: Session, *, to: str, template: str, lang: str, **params: str) -> OutboundMail:
    """Queue a templated mail in the caller's transaction (the caller commits)."""
    subject, body = render_mail(template, lang, **params)
    mail = OutboundMail(to_address=to, subject=subject, body=body, template=template)
    db.add(mail)
    return mail


def build_message(mail: OutboundMail, settings: Settings) -> EmailMessage:
    """The RFC 5322 message for a queued mail."""
    message = EmailMessage()
    display, address = parseaddr(settings.mail_from)
    message["From"] = Address(display_name=display, addr_spec=address) if display else address
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at)
    message["Message-ID"] = make_msgid(domain=address.rpartition("@")[2] or "localhost")
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


def _claim(db: Session, mail_id: int) -> OutboundMail | None:
    """Take a mail for sending (so that no other worker sends it too); ``None`` if taken."""
    now = utcnow()
    result = db.exec(  # type: ignore[call-overload]
        update(OutboundMail)
        .where(
            col(OutboundMail.id) == mail_id,
            col(OutboundMail.sent_at).is_(None),
            or_(col(OutboundMail.claimed_at).is_(None),
                col(OutboundMail.claimed_at) < now - CLAIM_TIMEOUT),
        )
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
        else:  # left claimed: tried again once the claim times out (CLAIM_TIMEOUT)
            mail.last_error = clip(OutboundMail, "last_error", error)
        db.add(mail)
    db.commit()


def deliver_pending(db: Session, *, limit: int = 20) -> int:
    """Send what is waiting; each mail is claimed first so that two workers never both send it."""
    settings = get_settings()
    now = utcnow()
    waiting = db.exec(
        select(OutboundMail.id)
        .where(
            col(OutboundMail.sent_at).is_(None),
            OutboundMail.attempts < MAX_ATTEMPTS,
            or_(col(OutboundMail.claimed_at).is_(None),
                col(OutboundMail.claimed_at) < now - CLAIM_TIMEOUT),
        )
        .order_by(col(OutboundMail.id))
        .limit(limit)
    ).all()
    db.rollback()
    sent = 0
    for mail_id in waiting:
        mail = _claim(db, mail_id) if mail_id is not None else None
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
