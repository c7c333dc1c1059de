"""The platform started for real (``reflex run --env prod``), once per backend:

- ``sqlite``: the embedded default, one worker;
- ``postgres-redis``: PostgreSQL and the Redis state manager with several workers.

E-mail goes to a real SMTP server (aiosmtpd) on loopback. A test fails if the backend logs an
error while it runs. Browsers are Debian's Chromium driven by Playwright.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
import redis
from aiosmtpd.controller import Controller
from playwright.sync_api import expect
from sqlalchemy.engine import Engine
from sqlmodel import Session

from convenience_center.db import make_engine
from tests.conftest import REDIS_URL
from tests.databases import create_pg_database, drop_pg_database, sqlalchemy_pg_url
from tests.net import free_port

# Two cores run the app, its database, Redis and Chromium together: allow for a slow moment.
expect.set_options(timeout=10_000)

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
ERROR_PATTERN = re.compile(
    r"Traceback \(most recent call last\)|\bERROR\b|\bCRITICAL\b|Frontend Exception|EvalError")
STARTUP_TIMEOUT = 600
WORKERS = 2  # several workers, but not more than the 2 cores of the test machines


class Inbox:
    """An aiosmtpd handler that keeps every message and lets tests wait for one."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._changed = threading.Condition()
        self.port = 0  # where it is served (set by whoever starts its server)

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._changed:
            self.messages.append(message)  # type: ignore[arg-type]
            self._changed.notify_all()
        return "250 Message accepted"

    def wait_for(self, to: str, *, subject: str = "", body: str = "",
                 timeout: float = 30.0) -> EmailMessage:
        """The newest message to ``to`` whose subject contains ``subject`` (and whose text
        contains ``body``)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for message in reversed(self.messages):
                    if message["To"] == to and subject in str(message["Subject"]) and \
                            body in _text_of(message):
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no e-mail to {to} with subject {subject!r}")
                self._changed.wait(remaining)

    def count_to(self, to: str) -> int:
        with self._changed:
            return sum(1 for m in self.messages if m["To"] == to)


def _text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


@pytest.fixture(scope="session")
def inbox() -> Iterator[Inbox]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    yield handler
    controller.stop()


@dataclass
class RunningApp:
    """A started platform and what tests need to reach it."""

    backend: str
    url: str
    db_url: str
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen = field(repr=False)
    command: list[str] = field(default_factory=list, repr=False)
    _engine: Engine | None = field(default=None, repr=False)

    @functools.cached_property
    def hashes(self) -> list[str]:
        """What a browser's page load sends of the compiled frontend (for protocol tabs,
        ``benchmarks.loads``, which take a started app as they take a benchmark's server):
        read once per app, not for every tab."""
        from benchmarks.servers import compiled_hashes

        return compiled_hashes(ROOT)

    def log_size(self) -> int:
        return self.log_path.stat().st_size

    def log_since(self, offset: int) -> str:
        with self.log_path.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", "replace")

    def db(self) -> Session:
        """A session on the app's own database (for setting up and checking). On SQLite it
        begins IMMEDIATE, like the app's own writes: a deferred transaction that reads, then
        writes, fails at once when the app wrote in between."""
        if self._engine is None:
            self._engine = make_engine(self.db_url, immediate=self.db_url.startswith("sqlite"))
        return Session(self._engine, expire_on_commit=False)

    def start_again(self) -> None:
        """After a drill killed it: start the platform again as it was started (the same
        command, port, database and data; its log goes on in the same file)."""
        assert self.process.poll() is not None, "still running"
        self.process = _spawn(self.command, self.env, self.log_path)
        _wait_until_up(self)

    def cc_admin(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([str(VENV_BIN / "cc-admin"), *args], input=stdin, text=True,
                              capture_output=True, env=self.env, cwd=ROOT, timeout=120,
                              check=False)


def _spawn(command: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """The platform's process, in a process group of its own, its output appended to the log."""
    with log_path.open("ab") as log:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)


def _wait_until_up(app: RunningApp) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{app.log_since(0)[-4000:]}")
        try:
            if httpx.get(app.url + "/ping", timeout=2).status_code == 200 and \
                    httpx.get(app.url + "/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the app did not start in time:\n{app.log_since(0)[-4000:]}")


def _claim_redis_database() -> tuple[str, redis.Redis]:
    """A Redis database (1-15) no other test run is using, emptied; claimed for an hour."""
    for index in range(15, 0, -1):
        client = redis.Redis.from_url(f"{REDIS_URL}/{index}")
        if client.set("cc-test:claim", str(os.getpid()), nx=True, ex=3600):
            for key in client.scan_iter():
                if key != b"cc-test:claim":
                    client.delete(key)
            return f"{REDIS_URL}/{index}", client
        client.close()
    raise RuntimeError("no free Redis database for the tests (all of 1-15 are claimed)")


def private_web_dir(target: Path) -> Path:
    """A frontend folder of its own, made from the project's ``.web`` (its packages hard
    linked, the rest copied; the build writes new files): an app built there leaves the
    bundle that other apps of this checkout serve alone. A few seconds, against ~20 s for a
    full copy and a minute for installing the packages again."""
    source = ROOT / ".web"
    target.mkdir(parents=True)
    for entry in source.iterdir() if source.is_dir() else ():
        if entry.name == "node_modules":
            subprocess.run(["cp", "-al", str(entry), str(target / entry.name)], check=True)
        elif entry.name != "build":
            subprocess.run(["cp", "-a", str(entry), str(target / entry.name)], check=True)
    return target


@contextlib.contextmanager
def running_app(backend: str, workdir: Path, *, smtp_port: int, db_url: str,
                redis_url: str | None = None, workers: int = WORKERS,
                own_frontend: bool = False, host: str | None = None,
                settings: dict[str, str] | None = None, prepare: bool = True,
                as_deployed: bool = False) -> Iterator[RunningApp]:
    """The platform migrated, bootstrapped and started on ``db_url`` (and, with
    ``redis_url``, the Redis state manager and ``workers`` workers); stopped at the end.
    ``own_frontend``: built in a folder of its own (``private_web_dir``), not in ``.web``.
    ``host``: the loopback address it listens on (default: all; reached at localhost);
    ``settings``: environment variables over the defaults (e.g. ``CC_PUBLIC_URL``);
    ``prepare=False``: the database is already migrated and bootstrapped; ``as_deployed``:
    started as the deployment starts a host (``cc-admin serve``: a frontend already built
    from the same inputs in its folder is not built again)."""
    port = free_port()
    env = dict(os.environ)
    env.update(
        PORT=str(port), CC_DATA_DIR=str(workdir / "data"), CC_PUBLIC_URL=f"http://localhost:{port}",
        CC_SMTP_HOST="127.0.0.1", CC_SMTP_PORT=str(smtp_port),
        CC_DEMO="0", CC_BCRYPT_ROUNDS="4", REFLEX_TELEMETRY_ENABLED="false",
        REFLEX_CHECK_LATEST_VERSION="false", REFLEX_USE_SYSTEM_BUN="1",
        PATH=f"{ROOT / '.tools/node_modules/.bin'}:{VENV_BIN}:{os.environ.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
    )
    env.setdefault("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org/")
    if redis_url is None:
        env.pop("REFLEX_REDIS_URL", None)
    else:
        env.update(REFLEX_REDIS_URL=redis_url, GRANIAN_WORKERS=str(workers))
    env["REFLEX_DB_URL"] = db_url
    env.update(settings or {})
    if own_frontend:
        env["REFLEX_WEB_WORKDIR"] = str(private_web_dir(workdir / "web"))
    log_path = workdir / "app.log"
    for step in (["migrate"], ["bootstrap"]) if prepare else ():
        done = subprocess.run([str(VENV_BIN / "cc-admin"), *step], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
    command = [str(VENV_BIN / "cc-admin"), "serve", "--port", str(port)] if as_deployed else \
        [str(VENV_BIN / "reflex"), "run", "--env", "prod", "--single-port",
         "--frontend-port", str(port), "--backend-port", str(port)]
    if host:
        command += ["--host" if as_deployed else "--backend-host", host]
    running = RunningApp(backend, f"http://{host or 'localhost'}:{port}", db_url, env,
                         log_path, _spawn(command, env, log_path), command)
    try:
        _wait_until_up(running)
        yield running
    finally:
        try:
            os.killpg(running.process.pid, signal.SIGTERM)
            running.process.wait(timeout=30)
        except ProcessLookupError:
            pass  # gone already (a drill killed it)
        except subprocess.TimeoutExpired:
            os.killpg(running.process.pid, signal.SIGKILL)
        if running._engine is not None:
            running._engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgres-redis"])
def app(request: pytest.FixtureRequest, inbox: Inbox,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    backend: str = request.param
    workdir = tmp_path_factory.mktemp(f"app-{backend}")
    smtp_port = inbox.port
    if backend == "sqlite":
        with running_app(backend, workdir, smtp_port=smtp_port,
                         db_url=f"sqlite:///{workdir / 'app.db'}") as running:
            yield running
        return
    pg_name = create_pg_database()
    redis_client: redis.Redis | None = None
    try:
        redis_url, redis_client = _claim_redis_database()
        with running_app(backend, workdir, smtp_port=smtp_port,
                         db_url=sqlalchemy_pg_url(pg_name), redis_url=redis_url) as running:
            yield running
    finally:
        drop_pg_database(pg_name)
        if redis_client is not None:
            redis_client.flushdb()
            redis_client.close()


@pytest.fixture(autouse=True)
def no_backend_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a browser test when the backend logged an error while it ran."""
    if "app" not in request.fixturenames:
        yield
        return
    app: RunningApp = request.getfixturevalue("app")
    offset = app.log_size()
    yield
    time.sleep(0.3)  # let the last log lines of the test reach the file
    errors = [line for line in app.log_since(offset).splitlines() if ERROR_PATTERN.search(line)]
    assert not errors, "the backend logged errors:\n" + "\n".join(errors[:30])


@pytest.fixture(autouse=True)
def close_pages_left_open(request: pytest.FixtureRequest) -> Iterator[None]:
    """Close the browser contexts a test opened and left open (a second user's page made by a
    helper): each keeps a live page, and the ~50 left by the participation and publishing tests
    kept a renderer each at ~3% CPU for the rest of the run, over a core together."""
    browser = request.getfixturevalue("browser") if "browser" in request.fixturenames else None
    yield
    for context in list(browser.contexts) if browser is not None else []:
        context.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # type: ignore[no-untyped-def]
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):  # type: ignore[no-untyped-def]
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(autouse=True)
def browser_trace(request: pytest.FixtureRequest) -> Iterator[None]:
    """Keep the websocket frames and console of the test's page; print them if it fails."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    trace: list[str] = []

    def on_socket(ws) -> None:  # type: ignore[no-untyped-def]
        ws.on("framereceived", lambda payload: trace.append(f"<< {str(payload)[:400]}"))
        ws.on("framesent", lambda payload: trace.append(f">> {str(payload)[:400]}"))
        ws.on("close", lambda _ws: trace.append("-- websocket closed"))

    page.on("websocket", on_socket)
    page.on("console", lambda message: trace.append(f"console {message.type}: {message.text}"))
    page.on("framenavigated", lambda frame: trace.append(f"-- navigated {frame.url}")
            if frame == page.main_frame else None)
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print("\n".join(["", "Browser trace of the failed test:", *trace[-120:]]))
