"""Private servers for the fault drills, each on a free loopback port of its own: a
PostgreSQL cluster made with ``initdb`` and run with ``pg_ctl``, a ``redis-server`` that keeps
nothing on disk, and an SMTP server (aiosmtpd). Each can be stopped and started again on the
same port. The machine's shared PostgreSQL and Redis are never touched.

A drill that cannot get its server fails with the reason (``ServerUnavailable``); it never
skips.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import redis
from aiosmtpd.controller import Controller
from psycopg import sql

from benchmarks.servers import SERVICE_TIMEOUT, ServerUnavailable, wait_for_port
from tests.e2e.conftest import Inbox
from tests.net import free_port

PG_BIN_DIRS = (Path("/usr/local/bin"), Path("/usr/lib/postgresql/15/bin"))
REDIS_SERVER = Path("/usr/bin/redis-server")


def _pg_tool(name: str) -> Path:
    for folder in PG_BIN_DIRS:
        if (folder / name).exists():
            return folder / name
    raise ServerUnavailable(f"{name} not found in {', '.join(map(str, PG_BIN_DIRS))}")


def bytes_at(port: int) -> tuple[int, int]:
    """What the connections to 127.0.0.1:``port`` (or [::1]) have received in all, and what
    of it their process has not read yet (``ss``: the kernel's ``bytes_received`` and
    ``Recv-Q``). When the first grows by a message sent to it and the second is 0, the
    process listening there has read the message."""
    listing = subprocess.run(["ss", "-tinH", "state", "established", f"( sport = :{port} )"],
                             capture_output=True, text=True, timeout=10, check=True).stdout
    received = unread = 0
    for line in listing.splitlines():
        if line[:1].isdigit():  # Recv-Q Send-Q Local Peer
            unread += int(line.split()[0])
        elif found := re.search(r"\bbytes_received:(\d+)", line):
            received += int(found.group(1))
    return received, unread


class PrivatePostgres:
    """A throw-away PostgreSQL cluster (trust authentication, loopback only, no fsync).

    initdb refuses to run as root: as root, the cluster belongs to the ``postgres`` user and
    its commands run through ``runuser``.
    """

    def __init__(self) -> None:
        self.port = free_port()
        self._owner = self._cluster_owner()
        self.root = Path(tempfile.mkdtemp(prefix="cc-fault-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        if self._owner is not None:
            shutil.chown(self.root, user=self._owner, group=self._owner)
        self._run(_pg_tool("initdb"), "-D", self.data, "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--locale=C", "--no-sync")

    @staticmethod
    def _cluster_owner() -> str | None:
        if os.geteuid() != 0:
            return None
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise ServerUnavailable("running as root, and there is no postgres user to own "
                                    "the cluster (initdb refuses root)") from exc
        if shutil.which("runuser") is None:
            raise ServerUnavailable("running as root without runuser: cannot run initdb")
        return "postgres"

    def _run(self, *command: str | Path) -> None:
        argv = [str(part) for part in command]
        if self._owner is not None:
            argv = ["runuser", "-u", self._owner, "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise ServerUnavailable(f"{' '.join(argv)} failed:\n{done.stdout}{done.stderr}{log}")

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL (psycopg 3) of a database of this cluster."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off "
                   f"-c unix_socket_directories={self.root} -c max_connections=60")
        self._run(_pg_tool("pg_ctl"), "-D", self.data, "-l", self.log, "-o", options,
                  "-w", "-t", "30", "start")

    def stop(self, *, mode: str = "immediate") -> None:
        """Stop the server; ``immediate`` is a crash for the clients (and recovery at start)."""
        self._run(_pg_tool("pg_ctl"), "-D", self.data, "-m", mode, "-w", "-t", "30", "stop")
        wait_for_port(self.port, up=False)

    def create_database(self, name: str) -> str:
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres",
                             autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop(mode="immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class PrivateRedis:
    """A ``redis-server`` on a port of its own that saves nothing (no RDB, no AOF)."""

    def __init__(self) -> None:
        if not REDIS_SERVER.exists():
            raise ServerUnavailable(f"{REDIS_SERVER} not found")
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="cc-fault-redis-"))
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = (self.root / "server.log").open("ab")
        self._process = subprocess.Popen(
            [str(REDIS_SERVER), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.root),
             "--protected-mode", "yes"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + SERVICE_TIMEOUT
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        try:
            while True:
                if self._process.poll() is not None:
                    raise ServerUnavailable("redis-server exited: " + (
                        self.root / "server.log").read_text(errors="replace")[-2000:])
                try:
                    if client.ping():
                        return
                except redis.ConnectionError:
                    if time.monotonic() > deadline:
                        raise ServerUnavailable("redis-server did not answer PING") from None
                    time.sleep(0.05)
        finally:
            client.close()

    def stop(self) -> None:
        """Kill the server (SIGKILL: whatever it held in memory is gone)."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
            self._process = None
        wait_for_port(self.port, up=False)

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class PrivateSmtp:
    """An aiosmtpd server keeping what it receives (``inbox``), stoppable and restartable
    on the same port."""

    def __init__(self, inbox: Inbox | None = None) -> None:
        self.port = free_port()
        self.inbox = inbox or Inbox()
        self.inbox.port = self.port
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
        wait_for_port(self.port, up=False)
