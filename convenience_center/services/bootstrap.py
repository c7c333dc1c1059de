"""First start: the office hierarchy and, unless ``CC_DEMO=0``, demo accounts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlmodel import Session, select

from convenience_center.domain.contact import email_key
from convenience_center.domain.identity import parse_id_number
from convenience_center.domain.usernames import username_key
from convenience_center.models import User
from convenience_center.services import security
from convenience_center.services.admin_users import create_staff
from convenience_center.services.audit import Actor
from convenience_center.services.common import china_today
from convenience_center.services.offices import seed_offices

DEMO_STAFF = (  # username, real name, role, office
    ("demo.admin", "系统管理员", "admin", "410000"),
    ("demo.province", "省级审核员", "province", "410000"),
    ("demo.city", "郑州市审核员", "city", "410100"),
    ("demo.county", "金水区审核员", "county", "410105"),
    ("demo.township", "经八路街道受理员", "township", "410105001"),
)
DEMO_PUBLISHERS = frozenset({"demo.province", "demo.city"})  # may publish open affairs
DEMO_CITIZEN_ID = "410105199005120023"  # a valid, made-up number (Jinshui District, 1990)


@dataclass(frozen=True)
class DemoAccount:
    """A demo account and its one-time password (printed once, never stored in clear)."""

    username: str
    role: str
    office_code: str | None
    password: str


def _password() -> str:
    return secrets.token_urlsafe(12)


def create_demo_accounts(db: Session) -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet; return them with their passwords."""
    created: list[DemoAccount] = []
    actor = Actor(username="cc-admin")
    for username, real_name, role, office in DEMO_STAFF:
        if db.exec(select(User.id).where(User.username_key == username_key(username))).first():
            continue
        password = _password()
        user = create_staff(db, username=username, real_name=real_name,
                            email=f"{username}@example.org", role=role, office_code=office,
                            password=password, actor=actor)
        if username in DEMO_PUBLISHERS:
            user.can_publish = True
            db.add(user)
            db.commit()
        created.append(DemoAccount(username, role, office, password))
    if not db.exec(select(User.id).where(User.username_key == "demo.citizen")).first():
        rid = parse_id_number(DEMO_CITIZEN_ID, today=china_today())
        password = _password()
        db.add(User(username="demo.citizen", username_key="demo.citizen", real_name="张三",
                    email="demo.citizen@example.org",
                    email_key=email_key("demo.citizen@example.org"), phone="+8613800138000",
                    id_fingerprint=security.fingerprint(rid.number),
                    id_number_enc=security.encrypt(rid.number), id_masked=rid.masked,
                    id_region=rid.region_code, birth_date=rid.birth_date, sex=rid.sex,
                    role="citizen", password_hash=security.hash_password(password)))
        db.commit()
        created.append(DemoAccount("demo.citizen", "citizen", None, password))
    return created


def bootstrap(db: Session, *, demo: bool) -> list[DemoAccount]:
    """Seed offices; on an empty account table also create the demo accounts."""
    seed_offices(db)
    if not demo or db.exec(select(User.id).limit(1)).first() is not None:
        return []
    return create_demo_accounts(db)
