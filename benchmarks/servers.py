"""Starting the platform (as ``make run`` does) and the bare Reflex app, on ports of their own,
and reading what their processes cost (CPU seconds, resident memory) from ``/proc``."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
BARE_DIR = ROOT / "benchmarks" / "bare"
VENV_BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
PG_ADMIN_URL = os.environ.get("CC_BENCH_PG", os.environ.get(
    "CC_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"))
REDIS_URL = os.environ.get("CC_BENCH_REDIS", os.environ.get("CC_TEST_REDIS",
                                                            "redis://127.0.0.1:6379"))
STARTUP_TIMEOUT = 900
SERVICE_TIMEOUT = 30.0  # a private nginx, PostgreSQL or Redis starting or stopping


class ServerUnavailable(RuntimeError):
    """A private server (nginx, a drill's PostgreSQL or Redis) could not be made or started
    here: what needs it fails with the reason, it never skips."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, *, up: bool, timeout: float = SERVICE_TIMEOUT) -> None:
    """Wait until something listens on (``up``) or nothing answers at 127.0.0.1:``port``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                listening = True
        except OSError:
            listening = False
        if listening == up:
            return
        time.sleep(0.05)
    raise ServerUnavailable(f"port {port} still {'closed' if up else 'open'} after {timeout} s")


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Granian forks its workers)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far, with that of their children that
    have ended (a build's bun and node processes, a server stopped and waited for)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
        except (OSError, IndexError, ValueError):
            continue
    return total / CLOCK_TICKS


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of these processes."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            continue
    return total


def compiled_hashes(app_dir: Path) -> list[str]:
    """The ``initialStateHashes`` of the frontend compiled in ``app_dir/.web``."""
    compiled = (app_dir / ".web" / "utils" / "context.jsx").read_text()
    found = re.search(r"export const initialStateHashes = (\[.*?\])", compiled, re.S)
    if found is None:
        raise RuntimeError(f"no initialStateHashes in {app_dir}/.web/utils/context.jsx")
    return json.loads(found.group(1))


@dataclass
class Server:
    """A started app: its address, processes and log."""

    name: str
    backend: str  # "sqlite" or "postgres-redis"
    url: str
    env: dict[str, str]
    workdir: Path
    host: str | None = None  # the address it listens on (None: all of this machine's)
    process: subprocess.Popen | None = field(default=None, repr=False)
    started_in: float = 0.0
    _pg_name: str | None = None
    _redis_db: int | None = None

    @property
    def app_dir(self) -> Path:
        return BARE_DIR if self.name == "bare" else ROOT

    @functools.cached_property
    def hashes(self) -> list[str]:
        """The hashes of the compiled defaults the server's frontend holds: what a browser
        sends in its first ``hydrate_and_load`` of a page load. Read once per start (every
        tab asks for them)."""
        return compiled_hashes(self.app_dir)

    @property
    def pids(self) -> list[int]:
        return process_tree(self.process.pid) if self.process else []

    def cpu(self) -> float:
        return cpu_seconds(self.pids)

    def rss(self) -> int:
        return rss_bytes(self.pids)

    def log_tail(self, chars: int = 3000) -> str:
        path = self.workdir / "server.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""


def _wait_up(server: Server, started: float) -> None:
    deadline = started + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.process is not None and server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited early:\n{server.log_tail()}")
        try:
            if httpx.get(server.url + "/ping", timeout=2).status_code == 200 and \
                    httpx.get(server.url + "/", timeout=5).status_code == 200:
                server.started_in = time.monotonic() - started
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{server.name} did not start in time:\n{server.log_tail()}")


def _base_env(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PORT=str(port), REFLEX_TELEMETRY_ENABLED="false", REFLEX_CHECK_LATEST_VERSION="false",
        REFLEX_USE_SYSTEM_BUN="1", PYTHONUNBUFFERED="1",
        PATH=f"{ROOT / '.tools/node_modules/.bin'}:{VENV_BIN}:{os.environ.get('PATH', '')}",
    )
    env.setdefault("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org/")
    for name in ("REFLEX_REDIS_URL", "REFLEX_DB_URL", "GRANIAN_WORKERS", "CC_SMTP_HOST"):
        env.pop(name, None)
    return env


def _claim_backends(server: Server) -> None:
    """A PostgreSQL database and a Redis database of the server's own."""
    name = f"cc_bench_{server.name}_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    server._pg_name = name
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    server.env["REFLEX_DB_URL"] = "postgresql+psycopg://" + base.split("://", 1)[1] + "/" + name
    for index in range(15, 0, -1):
        client = redis.Redis.from_url(f"{REDIS_URL}/{index}")
        if client.set("cc-test:claim", f"bench-{os.getpid()}", nx=True, ex=3600):
            for key in client.scan_iter():
                if key != b"cc-test:claim":
                    client.delete(key)
            client.close()
            server._redis_db = index
            server.env["REFLEX_REDIS_URL"] = f"{REDIS_URL}/{index}"
            server.env["GRANIAN_WORKERS"] = "2"
            return
        client.close()
    raise RuntimeError("no free Redis database (1-15 are all claimed)")


def _release_backends(server: Server) -> None:
    if server._pg_name:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(server._pg_name)))
        server._pg_name = None
    if server._redis_db is not None:
        client = redis.Redis.from_url(f"{REDIS_URL}/{server._redis_db}")
        client.flushdb()
        client.close()
        server._redis_db = None


def prepare_platform(backend: str, *, port: int, bcrypt_rounds: int = 12) -> Server:
    """The platform's settings and data directory, migrated and bootstrapped (not started)."""
    workdir = Path(tempfile.mkdtemp(prefix=f"cc-bench-{backend}-"))
    env = _base_env(port)
    # REFLEX_API_URL is what Reflex takes without it; set, it is in the build's fingerprint
    # instead of the port, so that hosts on other ports behind a balancer at this address
    # serve the build the platform made (prepare_host, convenience_center.serve).
    env.update(CC_DATA_DIR=str(workdir / "data"), CC_PUBLIC_URL=f"http://localhost:{port}",
               REFLEX_API_URL=f"http://localhost:{port}", CC_DEMO="0",
               CC_BCRYPT_ROUNDS=str(bcrypt_rounds), CC_SECRET_KEY="benchmark-secret-key")
    server = Server("platform", backend, f"http://localhost:{port}", env, workdir)
    if backend == "sqlite":
        env["REFLEX_DB_URL"] = f"sqlite:///{workdir / 'data' / 'platform.db'}"
    else:
        _claim_backends(server)
    (workdir / "data").mkdir(parents=True, exist_ok=True)
    for step in (["migrate"], ["bootstrap"]):
        done = subprocess.run([str(VENV_BIN / "cc-admin"), *step], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"cc-admin {step[0]} failed: {done.stderr[-2000:]}")
    return server


def prepare_host(platform: Server, name: str, address: str) -> Server:
    """Another host of ``platform`` (not started), set up as ``docs/deployment.md`` sets up a
    host: the same database, Redis, data folder, secret key, public and API URL (and so the
    same frontend build, not built again), on ``address`` and a port of its own, trusting
    the one proxy in front of it. Reached at the platform's address once the platform is
    stopped and a balancer listens there."""
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix=f"cc-bench-{name}-"))
    env = {**platform.env, "PORT": str(port), "REFLEX_TRUSTED_PROXY_HOPS": "1"}
    return Server(name, platform.backend, f"http://{address}:{port}", env, workdir,
                  host=address)


def prepare_bare(backend: str) -> Server:
    """The bare app's settings (not started)."""
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix=f"cc-bench-bare-{backend}-"))
    env = _base_env(port)
    server = Server("bare", backend, f"http://localhost:{port}", env, workdir)
    if backend == "sqlite":
        env["REFLEX_DB_URL"] = f"sqlite:///{workdir / 'bare.db'}"
    else:
        _claim_backends(server)
    return server


def start(server: Server) -> Server:
    """Start the server (``reflex run --env prod`` on one port) and wait for its first page."""
    port = server.url.rsplit(":", 1)[1]
    if server.name == "bare":
        command = [str(VENV_BIN / "reflex"), "run", "--env", "prod", "--single-port",
                   "--frontend-port", port, "--backend-port", port]
    else:  # the platform (or another host of it) as `make run` starts it
        command = [str(VENV_BIN / "cc-admin"), "serve", "--port", port,
                   *(["--host", server.host] if server.host else [])]
    server.__dict__.pop("hashes", None)  # the start may build the frontend afresh
    log = (server.workdir / "server.log").open("ab")
    started = time.monotonic()
    server.process = subprocess.Popen(command, cwd=server.app_dir, env=server.env, stdout=log,
                                      stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    _wait_up(server, started)
    return server


def stop(server: Server) -> None:
    """Stop the server's processes (its data stays until :func:`discard`)."""
    if server.process is None:
        return
    try:
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGKILL)
    server.process = None


def discard(server: Server) -> None:
    """Stop the server and remove its data, databases and Redis keys."""
    stop(server)
    _release_backends(server)
    log = server.workdir / "server.log"
    if log.exists():  # kept for a look afterwards
        shutil.copyfile(log, Path(tempfile.gettempdir()) /
                        f"cc-bench-{server.name}-{server.backend}.log")
    shutil.rmtree(server.workdir, ignore_errors=True)
