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
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _env_seconds(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


@dataclass(frozen=True)
class DatabaseTimeouts:
    """How long the platform waits for PostgreSQL, in seconds (``db.make_engine``).

    Without them a frozen server (stopped processes, a stalled network) made every call wait
    for ever (issue 11). The values are for an interactive site, where a page that has not
    answered in a quarter of a minute has lost its citizen anyway:

    - ``statement`` (``statement_timeout``, 15 s): the longest legitimate statements are the
      statistics of ``/staff/stats`` and its CSV for the province over all years (a handful of
      GROUP BY scans of the cases, and the decided cases' times fetched for the percentiles):
      by estimate, not measured, a few seconds at most at a million cases, so 15 s leaves
      them room while a citizen's page still answers before they give up; everything else is
      an indexed look-up of milliseconds (``tests/services/test_query_plans.py``). The backup
      (``pg_dump``, on an engine of its own) is not bound by it. A migration that rewrites a
      large table may need ``CC_DB_STATEMENT_TIMEOUT=0`` (no limit) for its run.
    - ``lock`` (``lock_timeout``, 5 s): the services hold row locks only for the milliseconds
      of one use case; a longer wait means the holder is stuck (or a migration holds the
      table), and the user is better told to try again than kept waiting.
    - ``idle_in_transaction`` (``idle_in_transaction_session_timeout``, 60 s): no use case
      keeps a transaction open while it does something else for more than a moment (mail is
      sent after its claim is committed); one that stays idle longer is a stuck thread whose
      locks the server then releases.
    - ``connect`` (3 s): a server on the same network answers a connection in milliseconds;
      libpq counts anything below 2 s as 2 s.
    - ``pool`` (5 s): how long a use case waits for one of the worker's pooled connections.
    - ``tcp_user_timeout`` (25 s): how long sent data may go unacknowledged before the socket
      is given up (a network stall, a host gone), with keepalive probes on idle connections.

    ``0`` turns the three server-side limits off. A server that accepts the bytes and never
    answers (its processes stopped) is bound on the client: see ``db.py``.
    """

    statement: float = 15.0
    lock: float = 5.0
    idle_in_transaction: float = 60.0
    connect: float = 3.0
    pool: float = 5.0
    tcp_user_timeout: float = 25.0


def _database_timeouts() -> DatabaseTimeouts:
    default = DatabaseTimeouts()
    return DatabaseTimeouts(
        statement=_env_seconds("CC_DB_STATEMENT_TIMEOUT", default.statement),
        lock=_env_seconds("CC_DB_LOCK_TIMEOUT", default.lock),
        idle_in_transaction=_env_seconds("CC_DB_IDLE_IN_TRANSACTION_TIMEOUT",
                                         default.idle_in_transaction),
        connect=_env_seconds("CC_DB_CONNECT_TIMEOUT", default.connect),
        pool=_env_seconds("CC_DB_POOL_TIMEOUT", default.pool),
        tcp_user_timeout=_env_seconds("CC_DB_TCP_USER_TIMEOUT", default.tcp_user_timeout),
    )


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
    db_timeouts: DatabaseTimeouts
    # Opens /metrics to other hosts than this one (None: loopback only).
    metrics_token: str | None
    # Reverse proxies (nginx) in front of the hosts whose X-Forwarded-For is believed: the
    # variable Reflex reads for the websocket, read here for the HTTP endpoints (0: none).
    trusted_proxy_hops: int = 0

    @property
    def outbox_dir(self) -> Path:
        """Where e-mails are written when no SMTP server is configured."""
        return self.data_dir / "outbox"

    @property
    def private_dir(self) -> Path:
        """Private files (uploads, generated documents), never served as static files."""
        return self.data_dir / "private"

    @property
    def websocket_origins(self) -> list[str]:
        """The origins allowed to open the websocket: the public URL's, and when that is this
        machine's ``localhost``, the same address written as 127.0.0.1 or [::1] (a browser
        opened on either is still on this machine; without them its page never connects)."""
        split = urlsplit(self.public_url)
        origin = f"{split.scheme}://{split.netloc}"
        if split.hostname != "localhost":
            return [origin]
        port = f":{split.port}" if split.port else ""
        return [origin, *(f"{split.scheme}://{host}{port}" for host in ("127.0.0.1", "[::1]"))]

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
        db_timeouts=_database_timeouts(),
        metrics_token=os.environ.get("CC_METRICS_TOKEN", "").strip() or None,
        trusted_proxy_hops=max(_env_int("REFLEX_TRUSTED_PROXY_HOPS", 0), 0),
    )
