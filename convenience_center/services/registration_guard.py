"""Registration that does not tell a stranger who is registered.

A form that answers "this ID number is already registered" lets anyone test whose ID numbers
and e-mail addresses have accounts here, one after the other. So:

- Attempts from a browser are counted before anything is looked up: at most
  :data:`ATTEMPTS_PER_ADDRESS` per address an hour, and :data:`ATTEMPTS_OVERALL` an hour in
  all (a brake on the same search spread over many addresses; high enough for the busiest
  hour of real sign-ups of a province). Only attempts whose every field is valid count: a
  mistyped form reveals nothing and a person correcting one is not punished.
- When the ID number or the e-mail address belongs to an account, nothing is created, the
  owner of that account is told by e-mail (at most once an hour, so the form cannot be used to
  flood their mailbox), and the registrant reads the same answer as anyone whose details were
  new: "if these details are new, your account is created; if they are already registered,
  the owner has been told".

What is left: a new registrant is signed in at once, so someone who tries a victim's ID number
with an e-mail address of their own still learns, by not being signed in, that the number is
registered; but only a few times an hour, and every try is mailed to the victim. Closing that
too would need every registration to wait for an e-mailed confirmation link.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from convenience_center.domain.contact import email_key
from convenience_center.domain.errors import Refused
from convenience_center.domain.identity import ResidentId
from convenience_center.models import User
from convenience_center.services import audit, mail, security, throttle
from convenience_center.services.audit import Actor
from convenience_center.services.common import local_time_text, public_link

ATTEMPTS_PER_ADDRESS = 20
ATTEMPTS_OVERALL = 1000
WINDOW = timedelta(hours=1)
NOTICE_WINDOW = timedelta(hours=1)


class RegistrationLimited(Refused):
    """Too many registration attempts from this address, or in all, within the hour."""

    def __init__(self) -> None:
        super().__init__("register.rate_limited")


def count_attempt(db: Session, *, ip: str, now: datetime) -> None:
    """Count one attempt of ``ip``, or raise :class:`RegistrationLimited` (and log it)."""
    for scope, key, limit in (("register_ip", ip, ATTEMPTS_PER_ADDRESS),
                              ("register_all", "*", ATTEMPTS_OVERALL)):
        if not throttle.allow(db, scope=scope, key=key, limit=limit, window=WINDOW, now=now):
            audit.record_now(db, actor=Actor(ip=ip), action="account.register_limited",
                             detail={"limit": "address" if scope == "register_ip" else "all"})
            raise RegistrationLimited
    db.commit()


def tell_owners(db: Session, *, email: str, resident_id: ResidentId, ip: str | None,
                now: datetime) -> bool:
    """Whether the e-mail address or ID number is registered; if so, tell each owner (the
    caller commits)."""
    by_email = db.exec(select(User).where(User.email_key == email_key(email))).first()
    by_id = db.exec(select(User).where(
        User.id_fingerprint == security.fingerprint(resident_id.number))).first()
    owners: dict[int, tuple[User, list[str]]] = {}
    for user, what in ((by_email, "email"), (by_id, "id_number")):
        if user is not None and user.id is not None:
            owners.setdefault(user.id, (user, []))[1].append(what)
    for user, what in owners.values():
        _tell(db, user=user, what=what, ip=ip, now=now)
    return bool(owners)


_WHAT = {
    "zh": {"email": "电子邮箱", "id_number": "身份证号码"},
    "en": {"email": "e-mail address", "id_number": "ID number"},
}
_AND = {"zh": "和", "en": " and "}


def _tell(db: Session, *, user: User, what: list[str], ip: str | None, now: datetime) -> None:
    audit.record(db, actor=Actor(ip=ip), action="account.register_existing",
                 target_type="user", target_id=user.id, detail={"matched": what})
    if not throttle.allow(db, scope="register_notice", key=str(user.id), limit=1,
                          window=NOTICE_WINDOW, now=now):
        return
    lang = "en" if user.lang == "en" else "zh"
    mail.enqueue(db, to=user.email, template="registration_attempt", lang=lang,
                 name=user.real_name, username=user.username, when=local_time_text(now),
                 what=_AND[lang].join(_WHAT[lang][w] for w in what),
                 forgot_link=public_link("/forgot-password"),
                 misuse_link=public_link("/report-misuse"))
