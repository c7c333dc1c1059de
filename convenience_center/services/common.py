"""Small pieces every use case needs: the current user, refusals, links, local time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from convenience_center.domain.roles import Role
from convenience_center.settings import get_settings

CHINA_TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class CurrentUser:
    """The signed-in user as the web layer knows it (no secrets, nothing sensitive)."""

    id: int
    username: str
    real_name: str
    role: str
    office_code: str | None
    lang: str
    session_id: int

    @property
    def is_admin(self) -> bool:
        """Administrators manage accounts."""
        return self.role == Role.ADMIN

    @property
    def is_staff(self) -> bool:
        """Officers of an office (province, city, county, township)."""
        return Role(self.role).is_staff


def china_today(now: datetime | None = None) -> date:
    """The date in China now (or at ``now``): the date the platform's rules are about."""
    return (now or datetime.now(CHINA_TZ)).astimezone(CHINA_TZ).date()


def public_link(path: str) -> str:
    """An absolute link for e-mails and QR codes, based on ``CC_PUBLIC_URL``."""
    return get_settings().public_url + path


def local_time_text(moment: datetime) -> str:
    """A moment in China Standard Time, as written in notices: ``2026-11-26 19:30``."""
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def safe_next_path(raw: str | None) -> str:
    """Only local absolute paths may be a post-login destination (no open redirects)."""
    path = (raw or "").strip()
    if (not path.startswith("/") or path.startswith("//") or "\\" in path
            or any(ord(ch) < 32 for ch in path) or len(path) > 500):
        return "/"
    if path.startswith(("/login", "/logout", "/auth/")):
        return "/"
    return path
