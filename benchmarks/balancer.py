"""nginx from Debian as the load balancer of the drills (``tests/faults/test_two_hosts.py``) and
of the suite's two-hosts figure, made from the deployment's own files.

``PrivateNginx`` runs ``/usr/sbin/nginx`` in the foreground (``daemon off``) on a free loopback
port with a configuration, pid file, logs and temporary files in a folder of its own. Its
``http`` block is what ``deploy/nginx/convenience-center.conf`` defines before its first
``server`` (the upstream, with the hosts of the drill put in place of the example ones but
with their parameters, the websocket map, the log format) and one plain-HTTP server that
includes ``deploy/nginx/convenience-center-proxy.conf`` as it is. ``route_to`` rewrites the
upstream with some hosts marked ``down`` and reloads: connections already open (a tab's
websocket) stay with the workers that opened them, new ones follow the new configuration.

nginx must be installed (``make test-deps``); without it the drill (or the figure) fails with
the reason.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import httpx

from benchmarks.servers import SERVICE_TIMEOUT, ServerUnavailable, free_port, wait_for_port

NGINX = Path("/usr/sbin/nginx")
DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "nginx"
SITE = DEPLOY / "convenience-center.conf"
PROXY = DEPLOY / "convenience-center-proxy.conf"
UPSTREAM_SERVER = re.compile(r"^([ \t]*)server[ \t]+\S+:\d+((?:[ \t]+[^\s;]+)*);[ \t]*$",
                             re.MULTILINE)


def http_definitions(hosts: Iterable[str], down: Iterable[str] = ()) -> str:
    """The deployment's http-level definitions with ``hosts`` (``address:port``) as the
    upstream's servers, each with the parameters of the deployment's first one."""
    text = SITE.read_text()
    definitions = text[:text.index("\nserver {")]
    examples = list(UPSTREAM_SERVER.finditer(definitions))
    if not examples:
        raise AssertionError(f"no upstream server lines in {SITE}")
    indent, parameters = examples[0].group(1), examples[0].group(2)
    down = set(down)
    lines = "".join(f"{indent}server {host}{parameters}{' down' if host in down else ''};\n"
                    for host in hosts)
    return (definitions[:examples[0].start()] + lines.rstrip("\n")
            + definitions[examples[-1].end():])


def check_site_config(folder: Path, port: int) -> subprocess.CompletedProcess[str]:
    """``nginx -t`` of the whole deployment file (the TLS server included) with its
    placeholders filled in: a self-signed certificate, loopback ports, the proxy file."""
    for name in ("site.key", "site.crt"):
        (folder / name).unlink(missing_ok=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(folder / "site.key"),
                    "-out", str(folder / "site.crt")], capture_output=True, check=True,
                   timeout=60)
    site = (SITE.read_text().replace("@SERVER_NAME@", "localhost")
            .replace("@TLS_CERTIFICATE@", str(folder / "site.crt"))
            .replace("@TLS_CERTIFICATE_KEY@", str(folder / "site.key"))
            .replace("/etc/nginx/snippets/convenience-center-proxy.conf", str(PROXY))
            .replace("/var/log/nginx/", f"{folder}/")
            .replace("listen 80;", f"listen 127.0.0.1:{port};")
            .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port + 1} ssl http2;"))
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    (folder / "nginx.conf").write_text(
        f"error_log {folder / 'error.log'};\npid {folder / 'nginx.pid'};\nevents {{}}\n"
        f"http {{\n{site}\n}}\n")
    return subprocess.run([str(NGINX), "-t", "-p", str(folder), "-e", str(folder / "error.log"),
                           "-c", str(folder / "nginx.conf")], capture_output=True, text=True,
                          timeout=30, check=False)


class PrivateNginx:
    """nginx on ``127.0.0.1:port`` (reached as ``localhost``) in front of ``hosts``
    (``address:port``), reconfigurable while it runs."""

    def __init__(self, hosts: list[str], port: int | None = None) -> None:
        if not NGINX.exists():
            raise ServerUnavailable(f"{NGINX} not found (make test-deps installs nginx)")
        self.hosts = hosts
        self.port = port or free_port()
        self.url = f"http://localhost:{self.port}"
        self.root = Path(tempfile.mkdtemp(prefix="cc-fault-nginx-"))
        self.conf = self.root / "nginx.conf"
        self.error_log = self.root / "error.log"
        self.access_log = self.root / "access.log"
        self.generation = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._write(down=())

    def _write(self, *, down: Iterable[str]) -> None:
        self.generation += 1
        temp = "\n".join(f"    {kind}_temp_path {self.root / kind};"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        # As root, the workers would run as nobody, who cannot write the folder. A tab's
        # websocket holds two connections (the tab's and the host's): the suite's two-hosts
        # figure opens 200 tabs.
        user = "user root;\n" if os.geteuid() == 0 else ""
        self.conf.write_text(f"""{user}worker_processes 1;
error_log {self.error_log} warn;
pid {self.root / "nginx.pid"};
events {{
    worker_connections 1024;
}}
http {{
{temp}
{http_definitions(self.hosts, down)}

    server {{
        listen 127.0.0.1:{self.port};
        server_name localhost;
        access_log {self.access_log} cc_upstream;
        # Which configuration answers (the drill waits for a reload to take effect).
        location = /cc-generation {{
            return 200 "{self.generation}";
        }}
        include {PROXY};
    }}
}}
""")

    def _nginx(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(NGINX), "-p", str(self.root), "-e", str(self.error_log),
                               "-c", str(self.conf), *args], capture_output=True, text=True,
                              timeout=30, check=False)

    def start(self) -> None:
        checked = self._nginx("-t")
        if checked.returncode != 0:
            raise ServerUnavailable(f"nginx -t refused the configuration:\n{checked.stderr}")
        log = (self.root / "stderr.log").open("ab")
        self._process = subprocess.Popen(
            [str(NGINX), "-p", str(self.root), "-e", str(self.error_log), "-c", str(self.conf),
             "-g", "daemon off;"], stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        log.close()
        wait_for_port(self.port, up=True, timeout=SERVICE_TIMEOUT)
        self._wait_for_generation()

    def route_to(self, up: Iterable[str]) -> None:
        """Send new connections only to the hosts ``up`` (the others marked ``down``)."""
        up = set(up)
        self._write(down=[host for host in self.hosts if host not in up])
        done = self._nginx("-s", "reload")
        if done.returncode != 0:
            raise AssertionError(f"nginx -s reload failed:\n{done.stderr}")
        self._wait_for_generation()

    def _wait_for_generation(self) -> None:
        """Until three new connections in a row reach the workers of the newest
        configuration (the old workers stop accepting when the new ones start)."""
        deadline = time.monotonic() + SERVICE_TIMEOUT
        in_a_row = 0
        while in_a_row < 3:
            if time.monotonic() > deadline:
                raise ServerUnavailable(f"nginx never answered with configuration "
                                        f"{self.generation}:\n{self.errors()}")
            try:
                answer = httpx.get(f"{self.url}/cc-generation", timeout=2).text
            except httpx.HTTPError:
                answer = ""
            in_a_row = in_a_row + 1 if answer == str(self.generation) else 0
            if in_a_row == 0:
                time.sleep(0.05)

    def socket_upstreams(self, token: str) -> list[str]:
        """The host(s) each closed websocket of the tab ``token`` was passed to, oldest first
        (nginx logs a websocket when it closes; a host that refused comes before a comma)."""
        found = re.findall(rf'"GET /_event/\?token={re.escape(token)}&[^"]*" 101 .* '
                           r"upstream=(.*?) upstream_status=",
                           self.access_log.read_text() if self.access_log.exists() else "")
        return list(found)

    def errors(self) -> str:
        return self.error_log.read_text(errors="replace") if self.error_log.exists() else ""

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
            self._process = None

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
