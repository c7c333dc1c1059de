"""Open government affairs (政务公开): notices, policy documents and interpretations.

Written in Markdown in both languages by officers with the publishing right, published and
withdrawn by them; only published items are visible to the public. Every publication and
withdrawal is in the audit log.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, or_, select

from convenience_center.domain.errors import FieldError, NotAllowed, ValidationFailed
from convenience_center.domain.participation import PUBLICATION_CATEGORIES, tracking_number
from convenience_center.domain.personal_data import refuse_personal_data
from convenience_center.models import Attachment, Office, Publication, User, utcnow
from convenience_center.models.lengths import clip
from convenience_center.services import audit
from convenience_center.services.audit import Actor
from convenience_center.services.common import (
    CHINA_TZ,
    CurrentUser,
    china_today,
    local_time_text,
)
from convenience_center.services.counters import next_number
from convenience_center.services.personal_data import public_numbers
from convenience_center.services.private_files import check_upload, kept_if_committed

MAX_TITLE = 200
MAX_BODY = 50_000
MAX_REASON = 500
PAGE_SIZE = 20
PUBLIC_FIELDS = ("title_zh", "title_en", "body_zh", "body_en")


def _refuse_personal_data(values: dict[str, str], now: datetime) -> None:
    """What the public will read holds no telephone, ID number or e-mail address."""
    refuse_personal_data(values, today=china_today(now), public_numbers=public_numbers())


def _publisher(db: Session, user: CurrentUser | None, ip: str | None, action: str) -> User:
    account = db.get(User, user.id) if user else None
    if user is None or account is None or not user.is_staff or not account.can_publish:
        if user is not None:
            audit.log_refusal(db, user=user, ip=ip, attempted=action)
        raise NotAllowed(action)
    return account


def _own(db: Session, user: CurrentUser, publication_id: int) -> Publication:
    publication = db.get(Publication, publication_id)
    if publication is None or publication.office_code != user.office_code:
        raise NotAllowed("publication")
    return publication


def save(db: Session, *, user: CurrentUser, publication_id: int | None, category: str,
         title_zh: str, title_en: str, body_zh: str, body_en: str,
         ip: str | None = None) -> Publication:
    """Create or edit a publication of the officer's office (kept as a draft until published;
    changes to a published one are public at once, so they are checked for personal data)."""
    _publisher(db, user, ip, "publication.save")
    errors: list[FieldError] = []
    if category not in PUBLICATION_CATEGORIES:
        errors.append(FieldError("category", "open.category_required"))
    for field, value, limit in (("title_zh", title_zh, MAX_TITLE), ("title_en", title_en,
                                MAX_TITLE), ("body_zh", body_zh, MAX_BODY),
                                ("body_en", body_en, MAX_BODY)):
        if not (value or "").strip():
            errors.append(FieldError(field, "open.field_required"))
        elif len(value) > limit:
            errors.append(FieldError(field, "participation.too_long"))
    if errors:
        raise ValidationFailed(errors)
    now = utcnow()
    if publication_id:
        publication = _own(db, user, publication_id)
        if publication.status == "published":
            _refuse_personal_data({"title_zh": title_zh.strip(), "title_en": title_en.strip(),
                                   "body_zh": body_zh.strip(), "body_en": body_en.strip()}, now)
    else:
        today = china_today(now)
        number = tracking_number("GK", f"{today:%Y%m%d}",
                                 next_number(db, scope="GK", key=f"{today:%Y%m%d}"))
        publication = Publication(pub_no=number, category=category,
                                  office_code=user.office_code or "", author_id=user.id,
                                  title_zh="", title_en="", body_zh="", body_en="")
    publication.category = category
    publication.title_zh, publication.title_en = title_zh.strip(), title_en.strip()
    publication.body_zh, publication.body_en = body_zh.strip(), body_en.strip()
    publication.updated_at = now
    publication.version += 1
    db.add(publication)
    db.commit()
    return publication


def publish(db: Session, *, user: CurrentUser, publication_id: int,
            ip: str | None = None) -> Publication:
    """Make a publication public (recorded in the audit log); refused with
    :class:`PersonalDataFound` while its titles or texts hold personal data."""
    _publisher(db, user, ip, "publication.publish")
    publication = _own(db, user, publication_id)
    now = utcnow()
    _refuse_personal_data({name: getattr(publication, name) for name in PUBLIC_FIELDS}, now)
    publication.status, publication.published_at, publication.withdrawn_at = \
        "published", now, None
    publication.withdrawn_reason = None
    db.add(publication)
    audit.record(db, actor=Actor(user.id, user.username, user.role, user.office_code, ip),
                 action="publication.publish", target_type="publication",
                 target_id=publication.pub_no)
    db.commit()
    return publication


def withdraw(db: Session, *, user: CurrentUser, publication_id: int, reason: str,
             ip: str | None = None) -> Publication:
    """Take a published item off the public site, with a reason: recorded in the audit log
    and shown at the item's address instead of the item (so it holds no personal data)."""
    _publisher(db, user, ip, "publication.withdraw")
    publication = _own(db, user, publication_id)
    if publication.status != "published":
        raise ValidationFailed.single("withdraw_reason", "open.not_published")
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed.single("withdraw_reason", "open.withdraw_reason_required")
    if len(text) > MAX_REASON:
        raise ValidationFailed.single("withdraw_reason", "open.withdraw_reason_too_long")
    now = utcnow()
    _refuse_personal_data({"withdraw_reason": text}, now)
    publication.status, publication.withdrawn_at = "withdrawn", now
    publication.withdrawn_reason = text
    db.add(publication)
    audit.record(db, actor=Actor(user.id, user.username, user.role, user.office_code, ip),
                 action="publication.withdraw", target_type="publication",
                 target_id=publication.pub_no, detail={"reason": text})
    db.commit()
    return publication


def add_attachment(db: Session, *, user: CurrentUser, publication_id: int, filename: str,
                   data: bytes, ip: str | None = None) -> Attachment:
    """Attach a document (PDF or image) to a publication of one's office."""
    _publisher(db, user, ip, "publication.attach")
    publication = _own(db, user, publication_id)
    content_type, name = check_upload(filename, data)
    with kept_if_committed() as written:  # the file goes if its row does not commit
        attachment = Attachment(
            public_id=secrets.token_hex(12), publication_id=publication.id, owner_id=user.id,
            material_code="publication", display_name=name,
            stored_path=written.store(data, os.path.splitext(name)[1].lower()),
            content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest())
        db.add(attachment)
        db.commit()
    return attachment


@dataclass(frozen=True)
class PublicationView:
    """A publication as lists and readers show it."""

    id: int
    pub_no: str
    category: str
    title_zh: str
    title_en: str
    body_zh: str
    body_en: str
    status: str
    office_zh: str
    office_en: str
    published: str
    files: list[tuple[str, str]]


def _view(db: Session, publication: Publication, *, with_body: bool) -> PublicationView:
    office = db.get(Office, publication.office_code)
    files = db.exec(select(Attachment).where(Attachment.publication_id == publication.id,
                                             col(Attachment.deleted_at).is_(None))).all()
    return PublicationView(
        id=publication.id or 0, pub_no=publication.pub_no, category=publication.category,
        title_zh=publication.title_zh, title_en=publication.title_en,
        body_zh=publication.body_zh if with_body else "",
        body_en=publication.body_en if with_body else "", status=publication.status,
        office_zh=office.name_zh if office else "", office_en=office.name_en if office else "",
        published=publication.published_at.astimezone(CHINA_TZ).date().isoformat()
        if publication.published_at else "",
        files=[(f.public_id, f.display_name) for f in files])


def public_list(db: Session, *, category: str = "", query: str = "",
                limit: int = PAGE_SIZE) -> list[PublicationView]:
    """Published items, newest first, filtered by category and words (title or text)."""
    statement = select(Publication).where(Publication.status == "published")
    if category in PUBLICATION_CATEGORIES:
        statement = statement.where(Publication.category == category)
    for word in query.split()[:5]:
        pattern = f"%{word[:40]}%"
        statement = statement.where(or_(
            col(Publication.title_zh).like(pattern), col(Publication.title_en).like(pattern),
            col(Publication.body_zh).like(pattern), col(Publication.body_en).like(pattern)))
    rows = db.exec(statement.order_by(col(Publication.published_at).desc()).limit(limit)).all()
    return [_view(db, p, with_body=False) for p in rows]


def public_item(db: Session, *, pub_no: str) -> PublicationView | None:
    """One published item, or ``None`` (drafts and withdrawn items are not public)."""
    number = clip(Publication, "pub_no", pub_no)
    publication = db.exec(select(Publication).where(Publication.pub_no == number,
                                                    Publication.status == "published")).first()
    return _view(db, publication, with_body=True) if publication else None


@dataclass(frozen=True)
class Withdrawal:
    """What the address of a withdrawn item shows: when and why (not the item itself)."""

    pub_no: str
    withdrawn: str
    reason: str


def withdrawal(db: Session, *, pub_no: str) -> Withdrawal | None:
    """The withdrawal of an item that was published and then withdrawn, else ``None``."""
    number = clip(Publication, "pub_no", pub_no)
    publication = db.exec(select(Publication).where(Publication.pub_no == number,
                                                    Publication.status == "withdrawn")).first()
    if publication is None or publication.withdrawn_at is None:
        return None
    return Withdrawal(publication.pub_no,
                      publication.withdrawn_at.astimezone(CHINA_TZ).date().isoformat(),
                      publication.withdrawn_reason or "")


def office_items(db: Session, *, user: CurrentUser, ip: str | None = None
                 ) -> list[PublicationView]:
    """Every publication of the officer's office, for editing."""
    _publisher(db, user, ip, "publication.list")
    rows = db.exec(select(Publication).where(Publication.office_code == user.office_code)
                   .order_by(col(Publication.updated_at).desc()).limit(200)).all()
    return [_view(db, p, with_body=True) for p in rows]


def latest(db: Session, *, limit: int = 5) -> list[PublicationView]:
    """The newest published items, for the home page."""
    return public_list(db, limit=limit)


def published_file_visible(db: Session, *, publication_id: int) -> bool:
    """Whether the files of a publication are public (it is published)."""
    publication = db.get(Publication, publication_id)
    return publication is not None and publication.status == "published"


@dataclass(frozen=True)
class EditingDates:
    """When an item of the office was created, last changed and withdrawn (China time), and
    why it was withdrawn."""

    created: str
    updated: str
    withdrawn: str
    withdrawn_reason: str = ""


def office_item_dates(db: Session, *, user: CurrentUser, ip: str | None = None
                      ) -> dict[int, EditingDates]:
    """The editing dates of every publication of the officer's office, by id."""
    _publisher(db, user, ip, "publication.list")
    rows = db.exec(select(Publication).where(Publication.office_code == user.office_code)
                   .order_by(col(Publication.updated_at).desc()).limit(200)).all()
    return {p.id or 0: EditingDates(
        created=local_time_text(p.created_at), updated=local_time_text(p.updated_at),
        withdrawn=local_time_text(p.withdrawn_at) if p.withdrawn_at else "",
        withdrawn_reason=(p.withdrawn_reason or "") if p.status == "withdrawn" else "")
        for p in rows}
