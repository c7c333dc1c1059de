"""The office hierarchy: seeded from GB/T 2260, townships added by administrators."""

from __future__ import annotations

import csv
import threading
import time
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import event
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from convenience_center.domain.errors import FieldError, ValidationFailed
from convenience_center.domain.regions import henan_divisions
from convenience_center.models import Office, User
from convenience_center.services import audit
from convenience_center.services.audit import Actor


@dataclass(frozen=True)
class OfficeView:
    """An office as lists show it."""

    code: str
    name_zh: str
    name_en: str
    level: str
    parent_code: str | None


def seed_offices(db: Session, *, with_demo_townships: bool = True) -> int:
    """Create the province, cities and counties (and the demo townships); returns how many
    were added. Idempotent."""
    existing = set(db.exec(select(Office.code)).all())
    added = 0
    for division in henan_divisions():
        if division.code not in existing:
            db.add(Office(code=division.code, name_zh=division.name_zh, name_en=division.name_en,
                          level=division.level, parent_code=division.parent_code))
            added += 1
    db.flush()
    if with_demo_townships:
        source = resources.files("convenience_center") / "data" / "townships_demo.csv"
        with source.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["code"] not in existing:
                    db.add(Office(code=row["code"], name_zh=row["name_zh"],
                                  name_en=row["name_en"], level="township",
                                  parent_code=row["parent_code"]))
                    added += 1
    db.commit()
    return added


def add_township(db: Session, *, code: str, name_zh: str, name_en: str, county_code: str,
                 actor: Actor) -> Office:
    """Add a township/street office under a county (code: county code + 3 digits)."""
    errors: list[FieldError] = []
    county = db.get(Office, county_code)
    if county is None or county.level != "county":
        errors.append(FieldError("county", "office.county_unknown"))
    if not (len(code) == 9 and code.isdigit() and code.startswith(county_code)):
        errors.append(FieldError("code", "office.township_code"))
    elif db.get(Office, code) is not None:
        errors.append(FieldError("code", "office.code_taken"))
    if not name_zh.strip():
        errors.append(FieldError("name_zh", "office.name_required"))
    if errors:
        raise ValidationFailed(errors)
    office = Office(code=code, name_zh=name_zh.strip(), name_en=name_en.strip() or name_zh.strip(),
                    level="township", parent_code=county_code)
    db.add(office)
    audit.record(db, actor=actor, action="admin.add_township", target_type="office",
                 target_id=code)
    db.commit()
    return office


# --- the office table, read from memory ----------------------------------------------------
#
# Every page that offers a choice of office, and every live update (the chain of offices above
# a case), reads the same ~200 rows; they change a few times a year. Each process keeps the
# active offices of a database for a short while and forgets them at once when it writes an
# office itself; another process sees a change within ``OFFICE_CACHE_SECONDS``. Whatever is
# chosen from a list is checked against the database again when it is saved.

OFFICE_CACHE_SECONDS = 30.0
_cache: dict[str, tuple[float, dict[str, OfficeView], list[OfficeView]]] = {}
_cache_lock = threading.Lock()


def _offices(db: Session) -> tuple[dict[str, OfficeView], list[OfficeView]]:
    """Every office of ``db``'s database by code, and the active ones in code order."""
    key = str(db.get_bind().engine.url)
    now = time.monotonic()
    cached = _cache.get(key)
    if cached is not None and now - cached[0] < OFFICE_CACHE_SECONDS:
        return cached[1], cached[2]
    # Six columns: more than sqlmodel's select is typed for.
    rows = db.execute(select_columns(
        col(Office.code), col(Office.name_zh), col(Office.name_en), col(Office.level),
        col(Office.parent_code), col(Office.active)).order_by(col(Office.code))).all()
    every = {row[0]: OfficeView(*row[:5]) for row in rows}
    active = [every[row[0]] for row in rows if row[5]]
    with _cache_lock:
        _cache[key] = (now, every, active)
    return every, active


def forget_offices() -> None:
    """Read the offices from the database again next time (after a change)."""
    with _cache_lock:
        _cache.clear()


@event.listens_for(Session, "after_flush")
def _offices_changed(session: Session, _context: object) -> None:
    if any(isinstance(row, Office) for row in (*session.new, *session.dirty, *session.deleted)):
        forget_offices()


def list_offices(db: Session, *, parent_code: str | None = None,
                 level: str | None = None) -> list[OfficeView]:
    """Active offices in code order, optionally the children of one office or one level."""
    return [o for o in _offices(db)[1]
            if (parent_code is None or o.parent_code == parent_code)
            and (level is None or o.level == level)]


def office_chain(db: Session, code: str) -> list[OfficeView]:
    """An office and its ancestors, from the province down."""
    offices = _offices(db)[0]
    chain: list[OfficeView] = []
    current = offices.get(code)
    while current is not None:
        chain.append(current)
        current = offices.get(current.parent_code) if current.parent_code else None
    return list(reversed(chain))


def office_name(db: Session, *, code: str) -> tuple[str, str]:
    """(Chinese, English) name of an office; empty for an unknown code."""
    office = db.get(Office, code) if code else None
    return (office.name_zh, office.name_en) if office else ("", "")


def office_chain_codes(db: Session, *, code: str) -> list[str]:
    """An office's code and the codes of every office above it (for live updates)."""
    return [office.code for office in reversed(office_chain(db, code))]


def addressable_offices(db: Session, *, user_id: int) -> dict:
    """Offices a citizen can write to: the province, cities, counties and townships (each
    township after its county), with their own county (from their ID number's region) as the
    default."""
    cities = {o.code: o for o in list_offices(db, level="city")}
    townships: dict[str, list[OfficeView]] = {}
    for township in list_offices(db, level="township"):
        townships.setdefault(township.parent_code or "", []).append(township)
    choices = [{"value": "410000", "zh": "河南省", "en": "Henan Province"}]
    choices += [{"value": c.code, "zh": c.name_zh, "en": c.name_en} for c in cities.values()]
    for county in list_offices(db, level="county"):
        city = cities.get(county.parent_code or "")
        zh = f"{city.name_zh} {county.name_zh}" if city else county.name_zh
        en = f"{county.name_en}, {city.name_en}" if city else county.name_en
        choices.append({"value": county.code, "zh": zh, "en": en})
        choices += [{"value": t.code, "zh": f"{zh} {t.name_zh}", "en": f"{t.name_en}, {en}"}
                    for t in townships.get(county.code, [])]
    user = db.get(User, user_id)
    region = user.id_region if user and user.id_region else ""
    default = region if any(c["value"] == region for c in choices) else ""
    return {"choices": choices, "default": default}
