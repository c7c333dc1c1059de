"""Runtime configuration, read once from environment variables.

Every setting has a safe default so that ``make run`` works on a fresh machine with nothing but
SQLite. See the README for the full list.
"""

from __future__ import annotations

import functools
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


@dataclass(frozen=True)
class Settings:
    """All settings of one running platform."""

    port: int
    data_dir: Path
    db_url: str
    redis_url: str | None
    public_url: str
    secret_key: bytes
    smtp_host: str | None
    smtp_port: int
    smtp_user: str | None
    smtp_password: str | None
    smtp_starttls: bool
    mail_from: str
    bcrypt_rounds: int
    demo: bool

    @property
    def outbox_dir(self) -> Path:
        """Where e-mails are written when no SMTP server is configured."""
        return self.data_dir / "outbox"

    @property
    def private_dir(self) -> Path:
        """Private files (uploads, generated documents), never served as static files."""
        return self.data_dir / "private"

    @property
    def cookie_secure(self) -> bool:
        """Session cookies carry ``Secure`` when the public URL is HTTPS."""
        return self.public_url.startswith("https://")


def default_data_dir() -> Path:
    """The data directory: ``CC_DATA_DIR`` or ``data/`` in the project."""
    raw = os.environ.get("CC_DATA_DIR", "").strip()
    path = Path(raw) if raw else PROJECT_ROOT / "data"
    return path.resolve()


def default_db_url(data_dir: Path) -> str:
    """``REFLEX_DB_URL`` or a SQLite file inside the data directory."""
    raw = os.environ.get("REFLEX_DB_URL", "").strip()
    return raw or f"sqlite:///{data_dir / 'convenience_center.db'}"


def _load_secret_key(data_dir: Path) -> bytes:
    """``CC_SECRET_KEY``, or a key generated once into the data directory (mode 0600)."""
    raw = os.environ.get("CC_SECRET_KEY", "").strip()
    if raw:
        return raw.encode("utf-8")
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return key_file.read_text().strip().encode("utf-8")


@functools.cache
def get_settings() -> Settings:
    """Read the settings from the environment (cached for the life of the process)."""
    data_dir = default_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    port = _env_int("PORT", 3000)
    smtp_host = os.environ.get("CC_SMTP_HOST", "").strip() or None
    return Settings(
        port=port,
        data_dir=data_dir,
        db_url=default_db_url(data_dir),
        redis_url=os.environ.get("REFLEX_REDIS_URL", "").strip() or None,
        public_url=(os.environ.get("CC_PUBLIC_URL", "").strip() or f"http://localhost:{port}")
        .rstrip("/"),
        secret_key=_load_secret_key(data_dir),
        smtp_host=smtp_host,
        smtp_port=_env_int("CC_SMTP_PORT", 25),
        smtp_user=os.environ.get("CC_SMTP_USER", "").strip() or None,
        smtp_password=os.environ.get("CC_SMTP_PASSWORD") or None,
        smtp_starttls=_env_bool("CC_SMTP_STARTTLS", False),
        mail_from=os.environ.get("CC_MAIL_FROM", "").strip()
        or "河南省人口计生网上便民服务中心 <noreply@localhost>",
        bcrypt_rounds=_env_int("CC_BCRYPT_ROUNDS", 12),
        demo=_env_bool("CC_DEMO", True),
    )
