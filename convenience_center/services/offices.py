"""The office hierarchy: seeded from GB/T 2260, townships added by administrators."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

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


def list_offices(db: Session, *, parent_code: str | None = None,
                 level: str | None = None) -> list[OfficeView]:
    """Offices in code order, optionally the children of one office or one level."""
    statement = select(Office).where(Office.active == True).order_by(col(Office.code))  # noqa: E712
    if parent_code is not None:
        statement = statement.where(Office.parent_code == parent_code)
    if level is not None:
        statement = statement.where(Office.level == level)
    return [OfficeView(o.code, o.name_zh, o.name_en, o.level, o.parent_code)
            for o in db.exec(statement)]


def office_chain(db: Session, code: str) -> list[OfficeView]:
    """An office and its ancestors, from the province down."""
    chain: list[OfficeView] = []
    current = db.get(Office, code)
    while current is not None:
        chain.append(OfficeView(current.code, current.name_zh, current.name_en, current.level,
                                current.parent_code))
        current = db.get(Office, current.parent_code) if current.parent_code else None
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
